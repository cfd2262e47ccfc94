import Foundation
import Testing
@testable import NewsroomKit

/// The check of the last output against its manifest (`OutputManifest.Check`) walks the tables'
/// paths by place, and must find what a check of its tables finds (`validated(against:threads:)`)
/// whatever order they are in and whatever paths were set to nil.
@Suite struct OutputManifestCheckTests {
    /// An output of three files in two folders, and a manifest that records it as it is.
    static func output() throws -> (output: String, manifest: OutputManifest) {
        let output = Fixtures.temporaryDirectory("check") + "/public"
        try FileManager.default.createDirectory(atPath: output + "/news/2025", withIntermediateDirectories: true)
        for (path, text) in [("index.html", "home"), ("news/index.html", "news"), ("news/2025/index.html", "year")] {
            try text.write(toFile: output + "/" + path, atomically: false, encoding: .utf8)
        }
        var manifest = OutputManifest()
        for path in ["index.html", "news/index.html", "news/2025/index.html"] {
            let status = try #require(OutputManifest.status(output + "/" + path))
            manifest.files[path] = OutputManifest.Entry(size: status.size, digest: Fingerprint.of(Data(path.utf8)), inode: status.inode,
                                                        modified: status.modified, changed: status.changed, page: nil)
        }
        for path in ["", "news", "news/2025"] {
            let status = try #require(OutputManifest.status(path.isEmpty ? output : output + "/" + path))
            manifest.folders[path] = OutputManifest.Folder(inode: status.inode, modified: status.modified, changed: status.changed)
        }
        return (output, manifest)
    }

    static func checked(_ manifest: OutputManifest, _ output: String) -> OutputManifest {
        let check = OutputManifest.Check(manifest, output: output)
        check.help()
        return check.result
    }

    static func expectSame(_ a: OutputManifest, _ b: OutputManifest, _ comment: Comment) {
        #expect(a.files == b.files, comment)
        #expect(a.isComplete == b.isComplete, comment)
    }

    @Test func anUntouchedOutputPassesWhole() throws {
        let (output, manifest) = try Self.output()
        let checked = Self.checked(manifest, output)
        #expect(checked.isComplete)
        #expect(checked.files == manifest.files)
    }

    @Test func aFileRewrittenOrAFileAddedIsFound() throws {
        let (output, manifest) = try Self.output()
        try "changed".write(toFile: output + "/news/index.html", atomically: false, encoding: .utf8)
        var checked = Self.checked(manifest, output)
        #expect(!checked.isComplete)
        #expect(checked.files["news/index.html"] == nil)
        #expect(checked.files.count == 2)
        Self.expectSame(checked, manifest.validated(against: output, threads: 1), "a file rewritten")

        // A stray file changes only its folder.
        let (other, fresh) = try Self.output()
        try "stray".write(toFile: other + "/news/2025/stray.html", atomically: false, encoding: .utf8)
        checked = Self.checked(fresh, other)
        #expect(!checked.isComplete)
        #expect(checked.files == fresh.files)
        Self.expectSame(checked, fresh.validated(against: other, threads: 1), "a file added")
    }

    /// A manifest kept in memory between builds may hold paths set to nil, and paths added
    /// out of order: the check skips the first and finds what a check of the tables finds.
    @Test(arguments: [false, true])
    func pathsSetToNilOrAddedOutOfOrderAreCheckedAsTheTables(readBack: Bool) throws {
        let (output, base) = try Self.output()
        var manifest = readBack ? try OutputManifest(decoding: BinaryReader(base.encoded())) : base
        #expect(manifest.files.isSorted == readBack, "a manifest read back is in the order of its paths")
        manifest.files["news/index.html"] = nil
        try FileManager.default.removeItem(atPath: output + "/news/index.html")
        try "changed".write(toFile: output + "/news/2025/index.html", atomically: false, encoding: .utf8)
        try "new".write(toFile: output + "/a.html", atomically: false, encoding: .utf8)
        let status = try #require(OutputManifest.status(output + "/a.html"))
        manifest.files["a.html"] = OutputManifest.Entry(size: status.size, digest: .zero, inode: status.inode,
                                                        modified: status.modified, changed: status.changed, page: nil)
        #expect(!manifest.files.isSorted)
        let checked = Self.checked(manifest, output)
        #expect(checked.files["news/2025/index.html"] == nil)
        #expect(checked.files.keys.sorted() == ["a.html", "index.html"])
        #expect(!checked.isComplete, "news/ changed")
        Self.expectSame(checked, manifest.validated(against: output, threads: 1), "read back: \(readBack)")
    }

    /// A manifest saved with its paths out of order reads back in the order of its paths, as
    /// one saved in order does, with the same bytes.
    @Test func aManifestIsSavedInTheOrderOfItsPaths() throws {
        let (_, manifest) = try Self.output()
        var reversed = OutputManifest()
        for place in manifest.files.placesInPathOrder.reversed() {
            let (path, entry) = manifest.files.pair(at: place)
            reversed.files[path] = entry
        }
        for place in manifest.folders.placesInPathOrder.reversed() {
            let (path, folder) = manifest.folders.pair(at: place)
            reversed.folders[path] = folder
        }
        #expect(!reversed.files.isSorted && reversed == manifest)
        #expect(reversed.encoded() == manifest.encoded())
        let read = try OutputManifest(decoding: BinaryReader(reversed.encoded()))
        #expect(read.files.isSorted && read.folders.isSorted)
        #expect(read.files.paths == ["index.html", "news/2025/index.html", "news/index.html"])
        #expect(read.folders.paths == ["", "news", "news/2025"])
        #expect(read == manifest)
    }

    /// The copy made ahead holds the manifest's tables, and is the writer's own to change.
    @Test func theTablesCopiedAheadAreTheManifests() throws {
        let (_, manifest) = try Self.output()
        var (files, folders) = OutputManifest.TablesAhead(manifest).take()
        #expect(files == manifest.files)
        #expect(folders == manifest.folders)
        files["index.html"] = nil
        folders[""] = nil
        #expect(manifest.files["index.html"] != nil && manifest.folders[""] != nil)
    }
}
