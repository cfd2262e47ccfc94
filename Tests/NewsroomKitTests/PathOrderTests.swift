import Foundation
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

/// A build whose files are the last build's finds each file's entry at its place in the
/// manifest's table as read (`OutputManifest.entry(of:at:)`), the marker's place skipped; a
/// wrong place falls back to looking the path up.
@Suite struct ManifestPlaceTests {
    /// The sorted paths of a build ("-draft.html" sorts before the marker), and its manifest read back.
    static func manifest() throws -> (paths: [String], manifest: OutputManifest) {
        let paths = ["-draft.html", "404.html", "index.html", "releases/2024/a/index.html", "releases/2024/a/release.txt"]
        var written = OutputManifest()
        for (index, path) in (paths + [OutputWriter.markerName]).enumerated() {
            written.files[path] = OutputManifest.Entry(size: index, digest: Fingerprint.of(Data(path.utf8)), inode: index, modified: 1,
                                                       changed: 2, page: nil)
        }
        written.pathOrder = Array(paths.indices)
        return (paths, try OutputManifest(decoding: BinaryReader(written.encoded())))
    }

    @Test func eachFileIsFoundAtItsPlace() throws {
        let (paths, manifest) = try Self.manifest()
        let list = manifest.files.paths
        #expect(list == (paths + [OutputWriter.markerName]).sorted())
        let marker = OutputWriter.markerPlace(among: paths.count) { paths[$0] }
        #expect(marker == 1 && list[marker] == OutputWriter.markerName)
        // The writer's places: the sorted files, then the marker.
        for index in 0 ... paths.count {
            let place = OutputWriter.placeWithMarker(index, files: paths.count, marker: marker)
            #expect(list[place] == (index == paths.count ? OutputWriter.markerName : paths[index]))
            #expect(manifest.entry(of: list[place], at: place) == manifest.files[list[place]])
        }
        // The renderer's: its list's order, from the last build's.
        let places = SiteRenderer.PreviousPages(directory: "", manifest: manifest, pathOrder: manifest.pathOrder).places()
        #expect(places.count == paths.count)
        for (listed, place) in places.enumerated() { #expect(list[place] == paths[listed]) }
    }

    @Test func aWrongPlaceOrAChangedListIsLookedUp() throws {
        let (_, manifest) = try Self.manifest()
        #expect(manifest.entry(of: "index.html", at: 0) == manifest.files["index.html"])
        #expect(manifest.entry(of: "index.html", at: -1) == manifest.files["index.html"])
        #expect(manifest.entry(of: "index.html", at: 99) == manifest.files["index.html"])
        #expect(manifest.entry(of: "gone.html", at: 2) == nil)
        var changed = manifest
        changed.files["index.html"]?.size = 77
        #expect(changed.entry(of: "index.html", at: 3)?.size == 77)
        // A path set to nil keeps its place, and is nil there.
        changed.files["index.html"] = nil
        #expect(changed.files.paths[3] == "index.html")
        #expect(changed.entry(of: "index.html", at: 3) == nil && changed.entry(of: "index.html", at: 0) == nil)
    }

    /// A manifest that names a path twice (a damaged or foreign file) keeps the first entry, at
    /// the first place: the second's place finds it too.
    @Test func aManifestNamingAPathTwiceKeepsTheFirst() throws {
        var written = OutputManifest()
        for (index, path) in ["a.html", "b.html"].enumerated() {
            written.files[path] = OutputManifest.Entry(size: index, digest: .zero, inode: index, modified: 1, changed: 2, page: nil)
        }
        var bytes = written.encoded()
        let second = try #require(bytes.firstRange(of: Array("b.html".utf8)))
        bytes.replaceSubrange(second, with: Array("a.html".utf8))
        let read = try OutputManifest(decoding: BinaryReader(bytes))
        #expect(read.files.paths == ["a.html"] && read.files.count == 1)
        #expect(read.entry(of: "a.html", at: 1)?.size == 0)
    }

    /// A manifest whose paths are out of order (a foreign file) is read as it is, known not to
    /// be sorted: each entry is found by its path, and saving it sorts the paths again.
    @Test func aManifestOutOfOrderIsReadAndSavedSorted() throws {
        var written = OutputManifest()
        for (index, path) in ["a.html", "b.html", "c/index.html"].enumerated() {
            written.files[path] = OutputManifest.Entry(size: index, digest: .zero, inode: index, modified: 1, changed: 2, page: nil)
        }
        var bytes = written.encoded()
        let first = try #require(bytes.firstRange(of: Array("a.html".utf8)))
        let second = try #require(bytes.firstRange(of: Array("b.html".utf8)))
        bytes.replaceSubrange(first, with: Array("b.html".utf8))
        bytes.replaceSubrange(second, with: Array("a.html".utf8))
        let read = try OutputManifest(decoding: BinaryReader(bytes))
        #expect(read.files.paths == ["b.html", "a.html", "c/index.html"] && !read.files.isSorted)
        #expect(read.entry(of: "a.html", at: 0)?.size == 1 && read.entry(of: "b.html", at: 0)?.size == 0)
        #expect(read.files.places(under: "c/").map { read.files.paths[$0] } == ["c/index.html"])
        let again = try OutputManifest(decoding: BinaryReader(read.encoded()))
        #expect(again.files.paths == ["a.html", "b.html", "c/index.html"] && again.files.isSorted)
        #expect(again == read)
    }
}
