import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The plan lists releases newest first, ties broken by slug and then by source path: the order
/// of `SitePlanner.newestFirst`, which `sortedNewestFirst` gives from a list of dates.
@Suite struct ReleaseOrderTests {
    @Test func sortingByDatesFirstGivesTheOrderOfNewestFirst() throws {
        let site = try #require(SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site)
        var releases: [Release] = []
        // Copies with the same dates, the same slugs, and both.
        for (number, release) in site.releases.enumerated() {
            for copy in 0 ..< 3 {
                var made = release
                made.sourcePath = "Content/releases/copy-\(copy)/\(number).md"
                if copy > 0 { made.date = site.releases[0].date }
                if copy == 2 { made.slug = "same" }
                releases.append(made)
            }
        }
        var random = SeededRandom(seed: 7)
        // On one thread and on two (each half sorted apart, then merged), some short, most all of them.
        for round in 0 ..< 10 {
            releases.shuffle(using: &random)
            let some = Array(releases.prefix(round < 5 ? releases.count : round * 2 + 1))
            let sorted = SitePlanner.sortedNewestFirst(some, threads: 1 + round % 2)
            #expect(sorted.map(\.sourcePath) == some.sorted(by: SitePlanner.newestFirst).map(\.sourcePath))
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.date >= $1.date })
        }
    }
}
