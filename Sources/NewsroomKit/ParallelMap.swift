import Dispatch
import Foundation

/// Runs independent work on all cores and returns the results in input order,
/// so that parallelism never changes what is produced.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], threads: Int = 0, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        if inputs.isEmpty { return [] }
        let slots = ResultSlots<Output>(count: inputs.count)
        let workers = threads > 0 ? threads : min(inputs.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        if workers <= 1 {
            return inputs.map(transform)
        }
        // Each worker takes the next input when it is free, so one slow input (a page listing
        // the whole site) does not leave the other workers idle behind a fixed share.
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: inputs.count) {
                slots.store(transform(inputs[index]), at: index)
            }
        }
        return slots.values
    }

    /// `map` with each task taking a run of `run` inputs: for many small pieces of work (a file's
    /// status, a manifest entry), where a task each would cost more than the work.
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], threads: Int = 0, run: Int, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > run, threads != 1 else { return inputs.map(transform) }
        let runs = map(Array(stride(from: 0, to: inputs.count, by: run)), threads: threads) { start in
            inputs[start ..< min(start + run, inputs.count)].map(transform)
        }
        var all: [Output] = []
        all.reserveCapacity(inputs.count)
        for part in runs { all.append(contentsOf: part) }
        return all
    }

    /// Runs `side` on another thread while `main` runs on this one, and returns both results.
    /// Unlike two inputs of `map`, each may spread its own work over every core: work a `map`
    /// worker hands to `map` again runs on that worker's share of the cores, one core of two.
    /// With one thread, `side` runs first, on this one.
    static func alongside<Side: Sendable, Main>(threads: Int, _ side: @escaping @Sendable () -> Side, _ main: () -> Main) -> (Side, Main) {
        if threads == 1 { return (side(), main()) }
        let slot = ResultSlots<Side>(count: 1)
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { slot.store(side(), at: 0) }
        let mainResult = main()
        done.wait()
        return (slot.values[0], mainResult)
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

/// Fixed slots written by index from many threads; each slot is written once.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func store(_ value: Value, at index: Int) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value] { storage.compactMap { $0 } }
}
