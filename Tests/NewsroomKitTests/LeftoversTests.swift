import Testing
@testable import NewsroomKit

/// A process that opted in keeps what it is given until it exits; any other lets go at once.
@Suite struct LeftoversTests {
    final class Value: Sendable {}

    @Test func aStoreLetsGoUntilItKeeps() {
        let store = Leftovers.Store()
        weak var first: Value?
        do {
            let value = Value()
            first = value
            store.add([value])
        }
        #expect(first == nil, "let go of at once")
        store.keepUntilExit()
        weak var second: Value?
        do {
            let value = Value()
            second = value
            store.add([value])
        }
        #expect(second != nil, "kept")
    }
}
