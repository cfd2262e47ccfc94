import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// Values a build holds one of per page or per file stay small: a site of 100,000 releases
/// plans 235,000 pages, and every byte of a planned page is 235 KB of the build's memory.
@Suite struct FootprintTests {
    @Test func aPlannedPageIsAFewWords() {
        #expect(MemoryLayout<PlannedPage>.stride <= 64, "PlannedPage is \(MemoryLayout<PlannedPage>.stride) bytes")
    }

    /// A release's template value holds about forty values, and a site holds one for each release:
    /// 4 million values at 100,000 releases. An object is two words (its values and a layout
    /// shared by the objects with the same keys), so a value is no larger than a string.
    @Test func aTemplateValueIsNoLargerThanAString() {
        #expect(MemoryLayout<TemplateObject>.size <= 16, "TemplateObject is \(MemoryLayout<TemplateObject>.size) bytes")
        #expect(MemoryLayout<TemplateValue>.stride <= 24, "TemplateValue is \(MemoryLayout<TemplateValue>.stride) bytes")
    }
}

/// The manifest's bytes depend on its entries, not on the order they were recorded in (the
/// writer records them from several threads), and read back as the same manifest.
@Suite struct ManifestEncodingTests {
    @Test func theSameEntriesGiveTheSameBytes() throws {
        let paths = (0 ..< 500).map { "releases/\(2000 + $0 % 7)/release-\($0)/index.html" } + ["index.html", "feed.xml"]
        func manifest(_ order: [String]) -> OutputManifest {
            var manifest = OutputManifest()
            for path in order {
                manifest.files[path] = OutputManifest.Entry(size: path.utf8.count, digest: Fingerprint.of(Data(path.utf8)), inode: 7,
                                                             modified: 1, changed: 2, page: path.hasSuffix(".html") ? .zero : nil)
                let folder = Route.parentFolder(of: path)
                manifest.folders[folder] = OutputManifest.Folder(inode: folder.utf8.count, modified: 3, changed: 4)
            }
            return manifest
        }
        let forward = manifest(paths), backward = manifest(paths.reversed())
        let same = forward.encoded() == backward.encoded()
        #expect(same)
        let decoded = try OutputManifest(decoding: BinaryReader(forward.encoded()))
        #expect(decoded == forward)
        // Paths go out sorted: the first one recorded is "feed.xml", whatever the table's order.
        let bytes = forward.encoded()
        let first = try #require(bytes.firstRange(of: Array("feed.xml".utf8)))
        let second = try #require(bytes.firstRange(of: Array("index.html".utf8)))
        #expect(first.lowerBound < second.lowerBound)
    }
}
