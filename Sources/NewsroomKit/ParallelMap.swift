import Dispatch
import Foundation

/// Runs independent work on all cores and returns the results in input order,
/// so that parallelism never changes what is produced.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], threads: Int = 0, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        if inputs.isEmpty { return [] }
        let workers = threads > 0 ? threads : min(inputs.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        if workers <= 1 {
            return inputs.map(transform)
        }
        // Each worker takes the next input when it is free, so one slow input (a page listing
        // the whole site) does not leave the other workers idle behind a fixed share.
        let next = NextIndex()
        return Slots.filled(count: inputs.count) { slots in
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = next.take(below: inputs.count) {
                    slots.initialize(index, to: transform(inputs[index]))
                }
            }
        }
    }

    /// `map` with each task taking a run of `run` inputs: for many small pieces of work (a file's
    /// status, a manifest entry), where a task each would cost more than the work.
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], threads: Int = 0, run: Int, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > run, threads != 1 else { return inputs.map(transform) }
        return Slots.filled(count: inputs.count) { slots in
            _ = runs(of: inputs.count, run: run, threads: threads) { range in
                for index in range { slots.initialize(index, to: transform(inputs[index])) }
            }
        }
    }

    /// `body` for each run of `run` consecutive indices of `0 ..< count` (the last one shorter),
    /// on every core, its results in the runs' order: for work too small to be a task of its
    /// own, or that keeps state of its own through a run (a scratch table, a set of folders).
    static func runs<Output: Sendable>(
        of count: Int, run: Int, threads: Int = 0, _ body: @Sendable (Range<Int>) -> Output
    ) -> [Output] {
        let run = max(1, run)
        return map(Array(stride(from: 0, to: count, by: run)), threads: threads) { start in body(start ..< min(start + run, count)) }
    }

    /// Runs `side` on another thread while `main` runs on this one, and returns both results.
    /// Unlike two inputs of `map`, each may spread its own work over every core: work a `map`
    /// worker hands to `map` again runs on that worker's share of the cores, one core of two.
    /// With one thread, `side` runs first, on this one. Should no thread of the pool be free to
    /// start `side` by the time `main` is done (the other core busy with the side of an
    /// `alongside` this one runs within), this thread runs it instead of waiting for one.
    static func alongside<Side: Sendable, Main>(threads: Int, _ side: @escaping @Sendable () -> Side, _ main: () -> Main) -> (Side, Main) {
        alongside(threads: threads, start: { DispatchQueue.global().async(execute: $0) }, side, main)
    }

    /// `alongside`, its side handed to a thread by `start` (the pool's, but for tests).
    static func alongside<Side: Sendable, Main>(
        threads: Int, start: (@escaping @Sendable () -> Void) -> Void, _ side: @escaping @Sendable () -> Side, _ main: () -> Main
    ) -> (Side, Main) {
        if threads == 1 { return (side(), main()) }
        var mainResult: Main?
        let sideResult = Slots<Side>.filled(count: 1) { slot in
            let done = DispatchGroup()
            let claim = NextIndex()
            done.enter()
            start {
                if claim.take(below: 1) != nil { slot.initialize(0, to: side()) }
                done.leave()
            }
            mainResult = main()
            if claim.take(below: 1) != nil {
                slot.initialize(0, to: side())
            } else {
                done.wait()
            }
        }
        return (sideResult[0], mainResult!)
    }

    /// The indices of `0 ..< count` in the order a stable sort by `areInIncreasingOrder` gives:
    /// each half sorted on a thread of its own, then the two merged, the first half's first
    /// on a tie.
    static func sortedIndices(count: Int, threads: Int, by areInIncreasingOrder: @escaping @Sendable (Int, Int) -> Bool) -> [Int] {
        let middle = count / 2
        let (first, second) = alongside(threads: threads, { (0 ..< middle).sorted(by: areInIncreasingOrder) }) {
            (middle ..< count).sorted(by: areInIncreasingOrder)
        }
        var merged: [Int] = []
        merged.reserveCapacity(count)
        var (left, right) = (0, 0)
        while left < first.count, right < second.count {
            if areInIncreasingOrder(second[right], first[left]) {
                merged.append(second[right])
                right += 1
            } else {
                merged.append(first[left])
                left += 1
            }
        }
        merged += first[left...]
        merged += second[right...]
        return merged
    }
}

/// Runs of `0 ..< count` that any thread free to help takes (`help`): work started beside
/// another stage is finished by both threads once that stage is done, and no thread waits
/// while the other still has runs left. `results` is read once every `help` has returned.
final class SharedRuns<Output: Sendable>: @unchecked Sendable {
    private let count: Int
    private let run: Int
    private let body: @Sendable (Range<Int>) -> Output
    private let next = NextIndex()
    private let lock = NSLock()
    private var outputs: [Output?]

    init(count: Int, run: Int, _ body: @escaping @Sendable (Range<Int>) -> Output) {
        self.count = count
        self.run = max(1, run)
        self.body = body
        outputs = Array(repeating: nil, count: (count + self.run - 1) / self.run)
    }

    /// Takes runs until none is left.
    func help() {
        while let index = next.take(below: outputs.count) {
            let start = index * run
            let output = body(start ..< min(start + run, count))
            lock.withLock { outputs[index] = output }
        }
    }

    /// Each run's output in order; the runs no one took are done now, on this thread.
    var results: [Output] {
        help()
        return lock.withLock { outputs.map { $0! } }
    }
}

/// The next input to work on, shared by the workers.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

/// An array's room, its elements made in place by index from many threads, each exactly once:
/// the results of a map are neither wrapped in optionals nor copied into an array after.
private struct Slots<Value>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>

    func initialize(_ index: Int, to value: Value) {
        (base + index).initialize(to: value)
    }

    /// An array of `count` elements, all of which `fill` makes, and has made when it returns.
    static func filled(count: Int, _ fill: (Slots) -> Void) -> [Value] {
        [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { fill(Slots(base: base)) }
            initialized = count
        }
    }
}
