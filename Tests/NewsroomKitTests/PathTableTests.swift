import Foundation
@testable import NewsroomKit
import TestFolders
import Testing

/// Values by path in the order first given (`PathTable`): each release's cache key by its source
/// path (`ReleaseInputs`), the output manifest's files and folders.
@Suite struct PathTableTests {
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

    /// A table made to follow its order knows whether its paths strictly increase; a path set
    /// to nil keeps its place and leaves the count; sorting drops it.
    @Test func aTableKnowsWhetherItsPathsAreInOrder() {
        let entry = { (number: UInt64) in Fingerprint(high: number, low: number) }
        var table = PathTable<Fingerprint>(capacity: 0, followingOrder: true)
        for (number, path) in ["a.html", "b/index.html", "b/x.html", "c.html"].enumerated() { table[path] = entry(UInt64(number)) }
        #expect(table.isSorted && table.count == 4)
        table["b/index.html"] = nil
        #expect(table.isSorted && table.count == 3 && table.paths.count == 4)
        table["b/index.html"] = entry(9)
        #expect(table.isSorted && table.count == 4 && table.paths[1] == "b/index.html", "back at its place")
        table["b/index.html"] = nil
        table["a.html"] = entry(7)
        #expect(table.isSorted, "a value set again is not a new path")
        table["a0.html"] = entry(8)
        #expect(!table.isSorted && table.count == 4)
        #expect(table.placesInPathOrder.map { table.paths[$0] } == ["a.html", "a0.html", "b/x.html", "c.html"])
        let sorted = table.inPathOrder()
        #expect(sorted.isSorted && sorted.paths == ["a.html", "a0.html", "b/x.html", "c.html"])
        #expect(sorted == table && sorted["a.html"] == entry(7) && sorted["b/index.html"] == nil)
        // Room made ahead keeps what the table holds and whether it follows its order.
        var reserved = PathTable<Fingerprint>(capacity: 0, followingOrder: true)
        reserved.reserveCapacity(100)
        reserved["a.html"] = entry(1)
        reserved.reserveCapacity(200)
        reserved["b.html"] = entry(2)
        #expect(reserved.isSorted && reserved.count == 2 && reserved["a.html"] == entry(1) && reserved["b.html"] == entry(2))
        // A table not made to follow its order never claims to be in it.
        let plain = PathTable([("a.html", entry(1)), ("b.html", entry(2))])
        #expect(!plain.isSorted && plain.inPathOrder().isSorted)
        #expect(plain == PathTable([("b.html", entry(2)), ("a.html", entry(1))]), "equal whatever the order")
        #expect(plain != PathTable([("a.html", entry(1)), ("b.html", entry(3))]))
        #expect(plain != PathTable([("a.html", entry(1))]))
    }

    /// The paths under a folder sort next to one another, after a sibling whose name goes on
    /// with a character that sorts before "/" ("news-2" before "news/"); a table out of order
    /// finds the same ones, and neither finds a path set to nil.
    @Test func aFoldersPathsAreFoundWithTheirValues() {
        let sorted = ["index.html", "news", "news-2/index.html", "news.html", "news/2025/index.html", "news/index.html",
                      "newsroom/index.html", "z/index.html"]
        #expect(sorted == sorted.sorted())
        let inOrder = PathTable(sorted.map { ($0, $0.count) }, followingOrder: true)
        var shuffled = PathTable<Int>()
        var random = SeededRandom(seed: 12)
        for path in sorted.shuffled(using: &random) { shuffled[path] = path.count }
        #expect(inOrder.isSorted && !shuffled.isSorted)
        for table in [inOrder, shuffled] {
            let under = { (prefix: String) in Set(table.places(under: prefix).map { table.paths[$0] }) }
            #expect(under("news/") == ["news/2025/index.html", "news/index.html"])
            #expect(under("newsroom/") == ["newsroom/index.html"])
            #expect(under("z/") == ["z/index.html"])
            #expect(under("gone/").isEmpty && under("zz/").isEmpty)
            var emptied = table
            emptied["news/index.html"] = nil
            #expect(Set(emptied.places(under: "news/").map { emptied.paths[$0] }) == ["news/2025/index.html"])
        }
        #expect(inOrder.places(under: "news/") == [4, 5])
        #expect(PathTable<Int>().places(under: "a/").isEmpty)
    }
}
