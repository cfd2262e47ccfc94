@testable import NewsroomKit
import Testing

/// Values a build holds one of per page or per file stay small: a site of 100,000 releases
/// plans 235,000 pages, and every byte of a planned page is 235 KB of the build's memory.
@Suite struct FootprintTests {
    @Test func aPlannedPageIsAFewWords() {
        #expect(MemoryLayout<PlannedPage>.stride <= 64, "PlannedPage is \(MemoryLayout<PlannedPage>.stride) bytes")
    }
}
