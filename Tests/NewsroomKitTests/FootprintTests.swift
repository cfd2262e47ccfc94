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

    /// The writer decides for each output file whether the old one is carried over: 235,000
    /// decisions at once at 100,000 releases.
    @Test func aWritersDecisionIsAFewWords() {
        #expect(MemoryLayout<OutputWriter.Decision>.stride <= 32, "a decision is \(MemoryLayout<OutputWriter.Decision>.stride) bytes")
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

extension ManifestEncodingTests {
    /// A manifest read back keeps its paths in order, so that saving it again sorts nothing.
    /// Whatever was changed, added or removed, the bytes are those of the same entries given
    /// in another order and sorted afresh.
    @Test func aManifestReadBackIsSavedInTheOrderOfItsPaths() throws {
        // Compared as a whole, so that a failure does not print every byte.
        func savesAs(_ manifest: OutputManifest, _ bytes: [UInt8]) -> Bool { manifest.encoded() == bytes }
        /// The same entries, given from the last path to the first.
        func fresh(_ manifest: OutputManifest) -> [UInt8] {
            var copy = manifest
            copy.files = PathTable(manifest.files.placesInPathOrder.reversed().map { manifest.files.pair(at: $0) })
            copy.folders = PathTable(manifest.folders.placesInPathOrder.reversed().map { manifest.folders.pair(at: $0) })
            return copy.encoded()
        }
        var original = OutputManifest()
        for index in 0 ..< 300 {
            let path = "releases/\(2000 + index % 9)/release-\(index)/index.html"
            original.files[path] = OutputManifest.Entry(size: index, digest: Fingerprint.of(Data(path.utf8)), inode: index,
                                                        modified: 1, changed: 2, page: nil)
            original.folders[Route.parentFolder(of: path)] = OutputManifest.Folder(inode: index, modified: 3, changed: 4)
        }
        #expect(!original.files.isSorted)
        let decoded = try OutputManifest(decoding: BinaryReader(original.encoded()))
        #expect(decoded.files.paths.count == 300 && decoded.files.isSorted && decoded.folders.isSorted)
        #expect(savesAs(decoded, original.encoded()), "decoded")
        #expect(savesAs(decoded, fresh(decoded)), "decoded, against the entries given out of order")

        let somePath = "releases/2003/release-3/index.html"
        var changed = decoded
        changed.files[somePath]?.size = 99
        #expect(changed.files.isSorted && savesAs(changed, fresh(changed)), "changed")
        var added = decoded
        added.files["a-new-page/index.html"] = OutputManifest.Entry(size: 1, digest: .zero, inode: 1, modified: 1, changed: 1, page: nil)
        #expect(!added.files.isSorted && savesAs(added, fresh(added)), "added")
        var swapped = decoded
        swapped.files[somePath] = nil
        swapped.files["zzz/index.html"] = OutputManifest.Entry(size: 1, digest: .zero, inode: 1, modified: 1, changed: 1, page: nil)
        #expect(swapped.files.isSorted && savesAs(swapped, fresh(swapped)), "swapped")
        #expect(swapped.files.count == 300 && swapped.files.paths.count == 301)
    }

    /// A build saves the manifest a part at a time, never whole in memory: the parts make the
    /// same bytes, the file reads back as the same manifest, and its checksum, taken in pieces,
    /// still catches a byte changed in any of them.
    @Test func aLargeManifestIsSavedInPartsAndReadBack() throws {
        var manifest = OutputManifest()
        for index in 0 ..< 30_000 {
            let path = "releases/\(2000 + index % 25)/a-release-with-a-long-enough-name-\(index)/index.html"
            manifest.files[path] = OutputManifest.Entry(size: index, digest: Fingerprint.of(Data(path.utf8)), inode: index,
                                                        modified: index * 3, changed: index * 5, page: index % 2 == 0 ? .zero : nil)
        }
        // Its long lists, in more blocks than a wave holds, encoded on several threads.
        manifest.releaseValues = (0 ..< 20_000).map { index in
            let key = Fingerprint.of(Data("release \(index)".utf8))
            return ReleaseValueDigest(key: key, withBodies: key, withoutBodies: .zero)
        }
        var memo = PlanMemo(claims: .zero, cleanLinks: manifest.releaseValues.map(\.key).sorted(by: PlanMemo.precedes))
        memo.related = PlanMemo.Related(inputs: .zero, lists: (0 ..< 20_000).map { [($0 + 1) % 20_000, ($0 + 7) % 20_000] })
        manifest.plan = memo
        var parts: [[UInt8]] = []
        manifest.encode(threads: 3) { parts.append(Array($0)) }
        #expect(parts.count > 1, "one part of \(parts.first?.count ?? 0) bytes")
        #expect(parts.flatMap { $0 } == manifest.encoded(), "the same bytes on three threads as on one")
        #expect(manifest.encoded().count > 2 * CacheFile.checksumPiece)

        let work = Fixtures.temporaryDirectory("manifest-parts")
        let file = CacheFile(kind: "manifest", path: work + "/output.cache")
        try file.save(payload: { try manifest.encode(threads: 2, $0) })
        guard case .success(let loaded)? = file.load() else {
            Issue.record("the saved manifest does not load")
            return
        }
        #expect(try OutputManifest(decoding: loaded.reader) == manifest)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file.path))
        guard case .failure(let error)? = file.load() else {
            Issue.record("a changed byte in the payload went unnoticed")
            return
        }
        #expect(error.reason == "it is damaged (its checksum does not match)")
    }
}
