import Testing
@testable import NewsroomKit

/// The session of a command that exits after its build keeps what it is given until the
/// process exits; any other lets go at once.
@Suite struct LeftoversTests {
    final class Value: Sendable {}

    @Test(arguments: [false, true])
    func keptOnlyUntilExitWhenAsked(keepingUntilExit: Bool) {
        let leftovers = Leftovers(keepingUntilExit: keepingUntilExit)
        weak var kept: Value?
        do {
            let value = Value()
            kept = value
            leftovers.keep(value)
        }
        #expect((kept != nil) == keepingUntilExit)
    }

    @Test func onlyTheOneBuildOfACommandKeeps() {
        #expect(BuildSession(cacheDirectory: nil, keepingResultsUntilExit: true).leftovers.keepsUntilExit)
        #expect(!BuildSession(cacheDirectory: nil, keepingResultsUntilExit: false).leftovers.keepsUntilExit)
        #expect(!BuildSession(cacheDirectory: nil).leftovers.keepsUntilExit)
    }
}
