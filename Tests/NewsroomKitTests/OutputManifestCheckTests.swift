import Foundation
import Testing
@testable import NewsroomKit

/// The check of the last output against its manifest (`OutputManifest.Check`) walks the paths in
/// the order the manifest was read, and must find what a check of its tables finds
/// (`validated(against:threads:)`) whatever that list holds.
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
        manifest.readOrder = OutputManifest.ReadOrder(files: manifest.files.keys.sorted(), folders: manifest.folders.keys.sorted())
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
        // The list of paths is vouched for: the writer finds a folder's paths in it.
        #expect(checked.readOrder.isChecked)
    }

    @Test func aFileRewrittenOrAFileAddedIsFound() throws {
        let (output, manifest) = try Self.output()
        try "changed".write(toFile: output + "/news/index.html", atomically: false, encoding: .utf8)
        var checked = Self.checked(manifest, output)
        #expect(!checked.isComplete)
        #expect(checked.files["news/index.html"] == nil)
        #expect(checked.files.count == 2)
        #expect(!checked.readOrder.isChecked, "an entry dropped leaves the list longer than the table")
        Self.expectSame(checked, manifest.validated(against: output, threads: 1), "a file rewritten")

        // A stray file changes only its folder.
        let (other, fresh) = try Self.output()
        try "stray".write(toFile: other + "/news/2025/stray.html", atomically: false, encoding: .utf8)
        checked = Self.checked(fresh, other)
        #expect(!checked.isComplete)
        #expect(checked.files == fresh.files)
        Self.expectSame(checked, fresh.validated(against: other, threads: 1), "a file added")
    }

    /// A manifest kept in memory between builds may carry a list of paths from before its
    /// tables changed: then its tables' keys are checked, never a path the list names alone.
    @Test(arguments: [
        ["index.html", "news/gone.html", "news/index.html"],       // a path the table lacks, same count
        ["news/2025/index.html", "index.html", "news/index.html"], // out of order
        ["index.html", "index.html", "news/index.html"],           // one twice
        ["index.html"],                                           // too short
    ])
    func aListThatIsNotTheTablesIsNotTrusted(files: [String]) throws {
        let (output, base) = try Self.output()
        try "changed".write(toFile: output + "/news/2025/index.html", atomically: false, encoding: .utf8)
        var manifest = base
        manifest.readOrder = OutputManifest.ReadOrder(files: files, folders: base.readOrder.folders)
        let checked = Self.checked(manifest, output)
        #expect(checked.files["news/2025/index.html"] == nil, "\(files)")
        #expect(checked.files.count == 2, "\(files)")
        #expect(!checked.isComplete)
        #expect(!checked.readOrder.isChecked, "\(files)")
        Self.expectSame(checked, manifest.validated(against: output, threads: 1), "\(files)")
    }

    /// A manifest read from its file keeps each path's entry beside the path, and the check takes
    /// it from there instead of looking it up; a change to a table or to the list lets go of them,
    /// so that they never stand for a table they are not.
    @Test func aManifestAsReadIsCheckedFromItsEntries() throws {
        let (output, written) = try Self.output()
        let manifest = try OutputManifest(decoding: BinaryReader(written.encoded()))
        let asRead = try #require(manifest.asRead.entries)
        #expect(asRead.files.map { Optional($0) } == manifest.readOrder.files.map { manifest.files[$0] })
        #expect(asRead.folders.map { Optional($0) } == manifest.readOrder.folders.map { manifest.folders[$0] })
        #expect(Self.checked(manifest, output).isComplete)

        try "changed".write(toFile: output + "/news/index.html", atomically: false, encoding: .utf8)
        let checked = Self.checked(manifest, output)
        #expect(checked.files["news/index.html"] == nil && checked.files.count == 2)
        Self.expectSame(checked, manifest.validated(against: output, threads: 1), "a file rewritten")

        var changed = manifest
        changed.files["index.html"]?.size += 1
        #expect(changed.asRead.entries == nil)
        changed = manifest
        changed.folders["news"] = nil
        #expect(changed.asRead.entries == nil)
        changed = manifest
        changed.readOrder.files.swapAt(0, 1)
        #expect(changed.asRead.entries == nil)
        #expect(manifest.asRead.entries != nil && OutputManifest().asRead.entries == nil)
    }

    /// The paths under a folder sort next to one another, after a sibling whose name goes on
    /// with a character that sorts before "/" ("news-2" before "news/").
    @Test func aFoldersPathsAreFoundInTheSortedList() {
        let sorted = ["index.html", "news", "news-2/index.html", "news.html", "news/2025/index.html", "news/index.html",
                      "newsroom/index.html", "z/index.html"]
        #expect(sorted == sorted.sorted())
        #expect(OutputManifest.ReadOrder.range(under: "news/", in: sorted) == 4 ..< 6)
        #expect(OutputManifest.ReadOrder.range(under: "newsroom/", in: sorted) == 6 ..< 7)
        #expect(OutputManifest.ReadOrder.range(under: "z/", in: sorted) == 7 ..< 8)
        #expect(OutputManifest.ReadOrder.range(under: "gone/", in: sorted).isEmpty)
        #expect(OutputManifest.ReadOrder.range(under: "zz/", in: sorted) == 8 ..< 8)
        #expect(OutputManifest.ReadOrder.range(under: "a/", in: []).isEmpty)
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
