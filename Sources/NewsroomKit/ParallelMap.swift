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
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < inputs.count {
                slots.store(transform(inputs[index]), at: index)
                index += workers
            }
        }
        return slots.values
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
