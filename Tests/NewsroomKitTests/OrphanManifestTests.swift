import Foundation
@testable import NewsroomKit
import Testing

/// A manifest in the cache folder whose output folder is gone is removed by the next build that
/// saves the cache; nothing else in the folder is, and nothing at the path a manifest names.
@Suite struct OrphanManifestTests {
    @Test func theManifestOfAnOutputThatIsGoneIsRemoved() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("orphans")
        let cache = work + "/cache"
        func options(_ output: String) -> BuildOptions {
            BuildOptions(siteDirectory: site, outputDirectory: work + "/" + output,
                         clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: cache)
        }
        _ = try Builder.build(options("kept"))
        _ = try Builder.build(options("gone"))
        let session = BuildSession(cacheDirectory: cache)
        let kept = session.manifestFile(for: work + "/kept")!.path, gone = session.manifestFile(for: work + "/gone")!.path
        #expect(FileManager.default.fileExists(atPath: gone))

        // An earlier format's manifest of another folder that is gone, a file that only looks
        // like a manifest by its name, and a link to a manifest of a gone folder.
        let earlier = cache + "/output-earlier.cache"
        try CacheFile(kind: "manifest " + work + "/also-gone", path: earlier).save(Array("payload".utf8))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: earlier))
        bytes[CacheFile.magic.count] &-= 1
        try bytes.write(to: URL(fileURLWithPath: earlier))
        let stranger = cache + "/output-stranger.cache"
        try "not a cache file".write(toFile: stranger, atomically: true, encoding: .utf8)
        let link = cache + "/output-link.cache"
        let elsewhere = work + "/elsewhere.cache"
        try CacheFile(kind: "manifest " + work + "/gone-too", path: elsewhere).save(Array("payload".utf8))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
        // A manifest naming a relative path is not looked up from wherever the build runs.
        let relative = cache + "/output-relative.cache"
        try CacheFile(kind: "manifest no-such-folder", path: relative).save(Array("payload".utf8))
        // The folder a manifest names is never touched, only the manifest: here it is a file.
        try "a file now".write(toFile: work + "/also-here", atomically: true, encoding: .utf8)
        let namesAFile = cache + "/output-file.cache"
        try CacheFile(kind: "manifest " + work + "/also-here", path: namesAFile).save(Array("payload".utf8))

        // A pipe and a folder with a manifest's name: neither is read (a pipe would hold the build).
        let pipe = cache + "/output-pipe.cache", folder = cache + "/output-folder.cache"
        #expect(mkfifo(pipe, 0o644) == 0)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)

        try FileManager.default.removeItem(atPath: work + "/gone")
        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let report = try Builder.build(options("kept"))
        #expect(report.notes == [])
        let fileManager = FileManager.default
        #expect(!fileManager.fileExists(atPath: gone))
        #expect(!fileManager.fileExists(atPath: earlier))
        #expect(fileManager.fileExists(atPath: kept))
        #expect(fileManager.fileExists(atPath: stranger))
        #expect((try? fileManager.destinationOfSymbolicLink(atPath: link)) == elsewhere)
        #expect(fileManager.fileExists(atPath: elsewhere))
        #expect(fileManager.fileExists(atPath: relative))
        #expect(fileManager.fileExists(atPath: namesAFile))
        #expect(fileManager.fileExists(atPath: pipe) && fileManager.fileExists(atPath: folder))
        #expect(try String(contentsOfFile: work + "/also-here", encoding: .utf8) == "a file now")
        // The output it kept is still built incrementally from its manifest.
        try "\nAnother paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let next = try Builder.build(options("kept"))
        #expect(next.filesUnchanged > 0)
        #expect(next.pagesRendered < next.pages)
    }
}
