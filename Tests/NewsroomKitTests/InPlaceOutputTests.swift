import CExchange
import Foundation
@testable import NewsroomKit
import Testing

/// A private output (a preview server's) is changed where it is (`OutputWriter.writeInPlace`):
/// only the files whose bytes change are touched, the output folder is the same folder, and
/// what it holds is what a clean build writes. An output that is not private is never changed
/// in place (`IncrementalBuildTests` runs both through random edits).
@Suite struct InPlaceOutputTests {
    let site: String
    let work: String
    let session: BuildSession

    init() throws {
        site = try Fixtures.copy("basic")
        work = Fixtures.temporaryDirectory("in-place")
        session = BuildSession(cacheDirectory: work + "/cache", privateOutputs: true)
        session.settleMargin = 20_000_000
    }

    var output: String { work + "/public" }

    func build(threads: Int = 2) throws -> BuildReport {
        // Older than the session's margin: the edit's file-system signatures are trusted next time.
        Thread.sleep(forTimeInterval: 0.04)
        let options = BuildOptions(siteDirectory: site, outputDirectory: output, clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")),
                                   threads: threads)
        return try session.build(options)
    }

    /// The output equals a clean build of the site as it is now.
    func expectClean(_ context: String) throws {
        let clean = work + "/clean-\(UUID().uuidString)"
        _ = try Fixtures.build(site, output: clean, threads: 1)
        let (tree, cleanTree) = (OutputTree(output), OutputTree(clean))
        #expect(tree.paths == cleanTree.paths, "\(context)")
        for path in cleanTree.paths where tree.files[path] != cleanTree.files[path] {
            Issue.record("\(context): \(path) differs from a clean build")
        }
        try FileManager.default.removeItem(atPath: clean)
    }

    static func status(_ path: String) -> stat {
        var status = stat()
        _ = lstat(path, &status)
        return status
    }

    @Test func aTitleEditTouchesOnlyTheFilesItChanges() throws {
        _ = try build()
        let release = site + "/Content/releases/2024/2024-06-01-beta-results.md"
        let folderBefore = Self.status(output)
        let untouched = output + "/media/logo.svg"
        let untouchedBefore = Self.status(untouched)
        var text = try String(contentsOfFile: release, encoding: .utf8)
        text = text.replacingOccurrences(of: "title:", with: "title: Retitled,", options: [], range: text.range(of: "title:"))
        try text.write(toFile: release, atomically: false, encoding: .utf8)
        let report = try build()
        #expect(report.writtenInPlace)
        #expect(report.filesWritten > 0 && report.filesWritten < report.files / 2)
        #expect(report.wholeTreeStagedAhead == nil)
        // The same folder, never exchanged; a file whose bytes stayed the same was not even linked again.
        #expect(Self.status(output).st_ino == folderBefore.st_ino)
        let untouchedAfter = Self.status(untouched)
        #expect(untouchedAfter.st_ino == untouchedBefore.st_ino && untouchedAfter.st_ctim.tv_sec == untouchedBefore.st_ctim.tv_sec
            && untouchedAfter.st_ctim.tv_nsec == untouchedBefore.st_ctim.tv_nsec)
        #expect(Fixtures.beside(output) == ["public"])
        try expectClean("after a title edit")
        // Nothing changed: nothing written, the manifest kept in memory vouches for the output.
        #expect(try build().upToDate)
    }

    /// The manifest of an output changed in place says nothing of the previous build's inputs:
    /// a build whose inputs had not settled cannot vouch that nothing changed since it.
    @Test func anUnsettledBuildKeepsNoRecordOfThePreviousInputs() throws {
        _ = try build()
        #expect(session.prepareManifest(output: output).manifest?.unchanged != nil)
        let release = site + "/Content/releases/2024/2024-06-01-beta-results.md"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: release))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nAnother paragraph.\n".utf8))
        try handle.close()
        session.settleMargin = 60_000_000_000
        #expect(try build().writtenInPlace)
        #expect(session.prepareManifest(output: output).manifest?.unchanged == nil)
        try expectClean("after an unsettled edit")
    }

    /// A file's name becomes a folder's and a folder's a file's: gone files and the folders
    /// they leave empty are removed before anything new takes their names.
    @Test func aFileAndAFolderTradeTheirNames() throws {
        let media = site + "/Content/media"
        try FileManager.default.createDirectory(atPath: media + "/kit", withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: media + "/kit/sheet.txt"))
        try Data("a file".utf8).write(to: URL(fileURLWithPath: media + "/notes"))
        _ = try build()
        try FileManager.default.removeItem(atPath: media + "/kit")
        try Data("now a file".utf8).write(to: URL(fileURLWithPath: media + "/kit"))
        try FileManager.default.removeItem(atPath: media + "/notes")
        try FileManager.default.createDirectory(atPath: media + "/notes/deep", withIntermediateDirectories: true)
        try Data("now deep in a folder".utf8).write(to: URL(fileURLWithPath: media + "/notes/deep/n.txt"))
        let report = try build()
        #expect(report.writtenInPlace)
        try expectClean("after a file and a folder traded names")
        #expect(try String(contentsOfFile: output + "/media/kit", encoding: .utf8) == "now a file")
        // And back, on one thread.
        try FileManager.default.removeItem(atPath: media + "/notes")
        try Data("a file again".utf8).write(to: URL(fileURLWithPath: media + "/notes"))
        #expect(try build(threads: 1).writtenInPlace)
        try expectClean("after the names were traded back")
        #expect(!FileManager.default.fileExists(atPath: output + "/media/notes/deep"))
    }

    /// A link put where a new folder goes, after the output was checked against its manifest
    /// (which would have found it), is not followed out of the output: the write stops.
    @Test func aLinkWhereANewFolderGoesIsNotFollowed() throws {
        let elsewhere = work + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let writer = OutputWriter(output: work + "/written")
        try writer.preparePending()
        defer { writer.removePending() }
        let first = [OutputFile(path: "index.html", content: .bytes(Data("one".utf8)))]
        let (_, manifest) = try writer.write(first, previous: nil, digests: ContentCache(), threads: 1)
        #expect(manifest.isComplete)
        try FileManager.default.createSymbolicLink(atPath: writer.output + "/news", withDestinationPath: elsewhere)
        let second = first + [OutputFile(path: "news/index.html", content: .bytes(Data("two".utf8)))]
        #expect(throws: Diagnostic.self) {
            try writer.write(second, previous: manifest, digests: ContentCache(), threads: 1, inPlace: true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    /// A folder of the output that became a link after the output was checked is not followed:
    /// nothing is written, removed or made outside the output, and the write stops. Each case
    /// changes one thing through the link: a file gone from it, a page in it, a page a folder
    /// below it, a page in a new folder below it.
    @Test(arguments: ["gone", "news/index.html", "news/deeper/index.html", "news/newer/index.html"])
    func aFolderThatBecameALinkIsNotFollowed(change: String) throws {
        let elsewhere = work + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere + "/deeper", withIntermediateDirectories: true)
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: elsewhere + "/old.html"))
        let writer = OutputWriter(output: work + "/written")
        try writer.preparePending()
        defer { writer.removePending() }
        let first = [OutputFile(path: "index.html", content: .bytes(Data("one".utf8))),
                     OutputFile(path: "news/deeper/index.html", content: .bytes(Data("deep".utf8))),
                     OutputFile(path: "news/index.html", content: .bytes(Data("news".utf8))),
                     OutputFile(path: "news/old.html", content: .bytes(Data("old".utf8)))]
        let (_, manifest) = try writer.write(first, previous: nil, digests: ContentCache(), threads: 1)
        try FileManager.default.removeItem(atPath: writer.output + "/news")
        try FileManager.default.createSymbolicLink(atPath: writer.output + "/news", withDestinationPath: elsewhere)
        let second = change == "gone"
            ? first.filter { $0.path != "news/old.html" }
            : first.filter { $0.path != change } + [OutputFile(path: change, content: .bytes(Data("new".utf8)))]
        #expect(throws: Diagnostic.self) {
            try writer.write(second.sorted { $0.path < $1.path }, previous: manifest, digests: ContentCache(), threads: 1, inPlace: true)
        }
        #expect(try String(contentsOfFile: elsewhere + "/old.html", encoding: .utf8) == "theirs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).sorted() == ["deeper", "old.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/deeper").isEmpty)
    }

    /// How a folder is opened below the output, with openat2 and by names (kernels without
    /// it): a path of folders opens; a link at any step, a way out through "..", an absolute
    /// path or an empty one does not.
    @Test func foldersBelowTheOutputOpenWithoutFollowingLinks() throws {
        let root = work + "/root"
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/outside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/a/link", withDestinationPath: work + "/outside")
        try FileManager.default.createSymbolicLink(atPath: root + "/near", withDestinationPath: "a")
        let folder = open(root, O_RDONLY | O_DIRECTORY)
        defer { close(folder) }
        for open in [newsroom_open_folder_beneath, newsroom_open_folder_by_names] {
            for good in ["a", "a/b"] {
                let opened = open(folder, good)
                #expect(opened >= 0, "\(good)")
                if opened >= 0 { close(opened) }
            }
            for bad in ["a/link", "near", "near/b", "a/link/b", "..", "a/../..", "/tmp", ""] {
                let opened = open(folder, bad)
                #expect(opened < 0, "\(bad)")
                if opened >= 0 { close(opened) }
            }
        }
    }

    /// openat2 refused by a kernel without it or by a sandbox's filter (EPERM) leaves the way by
    /// names; a link or a missing folder does not, so that refusal stands.
    @Test func openat2ThatIsNotOfferedFallsBackToNames() {
        #expect(newsroom_openat2_unavailable(ENOSYS) == 1)
        #expect(newsroom_openat2_unavailable(EPERM) == 1)
        for refusal in [ELOOP, ENOTDIR, ENOENT, EXDEV, EACCES, EINVAL] {
            #expect(newsroom_openat2_unavailable(refusal) == 0, "\(refusal)")
        }
    }

    /// A file of the output edited by hand is found by the check of the output against the
    /// manifest, and the next build puts the clean build's bytes back.
    @Test func aHandEditedFileIsPutBack() throws {
        _ = try build()
        let page = output + "/index.html"
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: page))
        // A stray file in a folder of the output goes too.
        try Data("stray".utf8).write(to: URL(fileURLWithPath: output + "/media/stray.txt"))
        _ = try build()
        try expectClean("after a hand edit of the output")
    }
}
