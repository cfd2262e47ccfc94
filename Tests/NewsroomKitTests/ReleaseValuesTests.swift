import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// The releases' values, made once and shared, or read once and let go (`ReleaseValues`).
@Suite struct ReleaseValuesTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func made(_ index: Int) { lock.withLock { counts[index, default: 0] += 1 } }
        subscript(index: Int) -> Int { lock.withLock { counts[index] ?? 0 } }
    }

    @Test func aValueReadWithoutKeepingIsMadeAgainLaterAndCountedOnce() {
        let counter = Counter()
        let values = ReleaseValues(count: 200) { index in
            counter.made(index)
            return .int(index)
        }
        #expect(values.value(3, keeping: false) == .int(3))
        #expect(values.value(3, keeping: false) == .int(3), "read twice in a row: made once")
        #expect(counter[3] == 1)
        #expect(values.keptCount == 0 && values.madeCount == 1)
        // Another value of the same stripe takes its place among the recent ones.
        #expect(values.value(3 + 64, keeping: false) == .int(67))
        #expect(values.value(3, keeping: false) == .int(3))
        #expect(counter[3] == 2, "let go: made again")
        // Kept once a page keeps it, and then shared with reads that do not keep.
        #expect(values[3] == .int(3))
        #expect(counter[3] == 3)
        #expect(values.value(3, keeping: false) == .int(3) && values[3] == .int(3))
        #expect(counter[3] == 3)
        #expect(values.keptCount == 1 && values.madeCount == 2)
    }

    @Test func valuesReadFromManyThreadsAreTheirOwn() {
        let values = ReleaseValues(count: 1000) { .int($0 * 2) }
        let found = ParallelMap.map(Array(0 ..< 1000), threads: 4) { values.value($0, keeping: $0 % 2 == 0) }
        #expect(found == (0 ..< 1000).map { .int($0 * 2) })
        #expect(values.keptCount == 500 && values.madeCount == 1000)
    }
}
