import Foundation
@testable import NewsroomKit
import Testing

/// Each release's cache key by its source path (`ReleaseInputs`), found through a `PositionIndex`.
@Suite struct ReleaseInputsTests {
    /// Release inputs by source path: the first of a path given twice stays, a key set again
    /// replaces it, nil forgets it, and a path's canonically equivalent spelling finds it.
    @Test func releaseInputsAreFoundByTheirSourcePath() {
        let key = { (number: UInt64) in Fingerprint(high: number, low: number) }
        var inputs = ReleaseInputs([("Content/releases/a.md", key(1)), ("Content/releases/b.md", key(2)), ("Content/releases/a.md", key(3))])
        #expect(inputs["Content/releases/a.md"] == key(1))
        #expect(inputs["Content/releases/b.md"] == key(2))
        #expect(inputs["Content/releases/c.md"] == nil)
        inputs["Content/releases/b.md"] = key(4)
        inputs["Content/releases/c\u{E9}.md"] = key(5)
        inputs["Content/releases/a.md"] = nil
        #expect(inputs["Content/releases/b.md"] == key(4))
        #expect(inputs["Content/releases/ce\u{301}.md"] == key(5))
        #expect(inputs["Content/releases/a.md"] == nil)
        #expect(!inputs.isEmpty)
        let empty: ReleaseInputs = [:]
        #expect(empty.isEmpty)
        #expect(empty["Content/releases/a.md"] == nil)
    }
}
