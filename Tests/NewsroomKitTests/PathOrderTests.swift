import Testing
@testable import NewsroomKit

/// The renderer sorts the build's files by path from the order the last build found, when that
/// order still sorts them, and sorts them afresh when it does not: either way, the places of the
/// paths in strictly increasing order.
@Suite struct PathOrderTests {
    static let paths = ["tags/index.html", "index.html", "releases/2024/a/index.html", "feed.xml", "releases/2024/a/release.txt",
                        "releases/2023/b/index.html", "404.html"]
    static var sorted: [Int] { paths.indices.sorted { paths[$0] < paths[$1] } }

    @Test func theLastOrderIsTakenWhileItSorts() {
        #expect(SiteRenderer.order(of: Self.paths, known: [], threads: 2) == Self.sorted)
        #expect(SiteRenderer.order(of: Self.paths, known: Self.sorted, threads: 2) == Self.sorted)
    }

    /// An order from another list, or damaged, is never taken for this one.
    @Test(arguments: [
        [6, 3, 1, 5, 2, 4, 0],      // a place out of order
        [6, 3, 1, 1, 2, 4, 0],      // one place twice
        [6, 3, 1, 5, 2, 4],         // too short
        [6, 3, 1, 5, 2, 4, 0, 7],   // too long
        [6, 3, 1, 5, 2, 4, 9],      // past the end
        [-1, 6, 3, 1, 5, 2, 4],     // before the start
    ])
    func anOrderThatDoesNotSortIsSortedAfresh(known: [Int]) {
        #expect(SiteRenderer.order(of: Self.paths, known: known, threads: 1) == Self.sorted, "\(known)")
    }

    /// Whatever order is offered, the outcome is the sorted one, on any number of threads.
    @Test func anyOfferedOrderGivesTheSortedOne() {
        var generator = SystemRandomNumberGenerator()
        let paths = (0 ..< 300).map { "releases/\(($0 * 7919) % 7)/\($0)/index.html" }
        let sorted = paths.indices.sorted { paths[$0] < paths[$1] }
        for round in 0 ..< 50 {
            var known = sorted
            if round > 0 {
                let (a, b) = (Int.random(in: 0 ..< known.count, using: &generator), Int.random(in: 0 ..< known.count, using: &generator))
                known.swapAt(a, b)
            }
            #expect(SiteRenderer.order(of: paths, known: known, threads: round % 2 + 1) == sorted)
        }
    }
}
