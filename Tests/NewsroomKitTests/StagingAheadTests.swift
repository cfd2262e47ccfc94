import Foundation
@testable import NewsroomKit
import Testing

/// The whole tree staged while pages render (`StagingAhead`): used when a page at the top of
/// the output changes, removed when the change lies in one folder after all, and never left
/// beside the output, whatever the build's end.
struct StagingAheadTests {
    /// A site copy, its output and cache folders, and a session that trusts edits at once.
    private struct Work {
        let site: String
        let output: String
        let session: BuildSession

        init() throws {
            site = try Fixtures.copy("basic")
            let folder = URL(fileURLWithPath: site).deletingLastPathComponent().path
            output = folder + "/public"
            session = BuildSession(cacheDirectory: folder + "/cache")
            session.settleMargin = 20_000_000
        }

        func build(threads: Int = 2) -> Result<BuildReport, BuildFailure> {
            Thread.sleep(forTimeInterval: 0.04)
            return Result { () throws(BuildFailure) in
                try session.build(BuildOptions(siteDirectory: site, outputDirectory: output,
                                               clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: threads))
            }
        }

        func edit(_ relative: String, _ change: (String) -> String) throws {
            let path = site + "/" + relative
            try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        }

        /// What lies beside the output: only the output, once a build ends.
        var beside: [String] { Fixtures.beside(output) }
    }

    /// A title edit changes the index, the feeds and the search index: the tree staged ahead
    /// becomes the output, equal to a clean build, with every unchanged file as it was; a
    /// release added and one removed with it change its folders. (A build on one thread stages
    /// nothing beside its work.)
    @Test(arguments: [2, 3])
    func aTitleEditUsesTheTreeStagedAhead(threads: Int) throws {
        let work = try Work()
        guard case .success = work.build(threads: threads) else { Issue.record("the fixture builds"); return }
        let before = FileState.read(work.output)
        try work.edit("Content/releases/2024/2024-06-01-beta-results.md") {
            $0.replacingOccurrences(of: "title: ", with: "title: Revised, ")
        }
        try FileManager.default.removeItem(atPath: work.site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        try FileManager.default.createDirectory(atPath: work.site + "/Content/releases/2026", withIntermediateDirectories: true)
        try "---\ntitle: Omega opens\ndate: 2026-02-02\n---\nOmega opens today.\n"
            .write(toFile: work.site + "/Content/releases/2026/2026-02-02-omega.md", atomically: true, encoding: .utf8)
        let built = work.build(threads: threads)
        guard case .success(let report) = built else { Issue.record("the edit builds: \(built)"); return }
        #expect(report.wholeTreeStagedAhead == true)
        let clean = try Fixtures.build(work.site, output: Fixtures.temporaryDirectory("clean") + "/public")
        #expect(OutputTree(work.output) == OutputTree(clean.outputDirectory))
        let after = FileState.read(work.output)
        var kept = 0
        for (path, old) in before {
            guard let new = after[path], new.bytes == old.bytes else { continue }
            #expect(new.inode == old.inode && new.modified == old.modified, "\(path) kept its bytes but not its inode and time")
            kept += 1
        }
        #expect(kept > 10 && after.keys.contains { $0.hasPrefix("releases/2026/") } && !after.keys.contains { $0.contains("alpha-launch") })
        #expect(work.beside == ["public"], "\(work.beside)")
        // The manifest recorded after the exchange still vouches for the files: the next title
        // edit renders only the pages that show it. (Removing the old tree's links changes the
        // change time of every file carried over: the manifest is recorded once they are gone.)
        try work.edit("Content/releases/2024/2024-06-01-beta-results.md") { $0.replacingOccurrences(of: "title: ", with: "title: Again, ") }
        guard case .success(let next) = work.build(threads: threads) else { Issue.record("the next edit builds"); return }
        #expect(next.pagesRendered > 0 && next.pagesRendered < next.pages / 2, "\(next.pagesRendered) of \(next.pages) pages rendered")
    }

    /// A build told to use one thread stages nothing beside its work, and writes the same output.
    @Test func aBuildOnOneThreadStagesNothingAhead() throws {
        let work = try Work()
        guard case .success = work.build(threads: 1) else { Issue.record("the fixture builds"); return }
        try work.edit("Content/releases/2024/2024-06-01-beta-results.md") { $0.replacingOccurrences(of: "title: ", with: "title: Revised, ") }
        guard case .success(let report) = work.build(threads: 1) else { Issue.record("the edit builds"); return }
        #expect(report.wholeTreeStagedAhead == nil)
        let clean = try Fixtures.build(work.site, output: Fixtures.temporaryDirectory("clean") + "/public")
        #expect(OutputTree(work.output) == OutputTree(clean.outputDirectory))
    }

    /// A page at the top rendered anew to the same bytes (its template gained a comment): the
    /// tree staged ahead is removed, and nothing is written.
    @Test func aTopPageThatComesOutTheSameLeavesTheOutputAlone() throws {
        let work = try Work()
        guard case .success = work.build() else { Issue.record("the fixture builds"); return }
        let before = FileState.read(work.output)
        let robots = try #require(BuiltinTheme.decodedFiles.first { $0.path == "robots.txt" })
        try FileManager.default.createDirectory(atPath: work.site + "/Templates", withIntermediateDirectories: true)
        try (robots.bytes + Data("{# the same page #}".utf8)).write(to: URL(fileURLWithPath: work.site + "/Templates/robots.txt"))
        guard case .success(let report) = work.build() else { Issue.record("the template builds"); return }
        #expect(report.wholeTreeStagedAhead == false)
        #expect(report.pagesRendered > 0 && report.filesWritten == 0)
        #expect(FileState.read(work.output) == before)
        #expect(work.beside == ["public"], "\(work.beside)")
        // The files linked into the tree and unlinked again are still known to the manifest.
        let manifest = try #require(work.session.prepareManifest(output: OutputWriter(output: work.output).output).manifest)
        #expect(manifest.validated(against: work.output, threads: 1).isComplete)
    }

    /// Linking a file and unlinking it again gives it a new change time and nothing else: its
    /// entry takes the new time; an entry whose file changed otherwise is dropped.
    @Test func aFileLinkedAndUnlinkedKeepsItsEntry() throws {
        let output = Fixtures.temporaryDirectory("relinked") + "/public"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var manifest = OutputManifest()
        for name in ["kept.html", "changed.html"] {
            try Data(name.utf8).write(to: URL(fileURLWithPath: output + "/" + name))
            let status = try #require(OutputManifest.status(output + "/" + name))
            manifest.files[name] = OutputManifest.Entry(size: status.size, digest: Fingerprint.of(Data(name.utf8)), inode: status.inode,
                                                        modified: status.modified, changed: status.changed, page: nil)
        }
        Thread.sleep(forTimeInterval: 0.02)
        #expect(link(output + "/kept.html", output + "/../linked.html") == 0)
        #expect(unlink(output + "/../linked.html") == 0)
        try Data("other bytes".utf8).write(to: URL(fileURLWithPath: output + "/changed.html"))
        #expect(!manifest.validated(against: output, threads: 1).isComplete)
        OutputWriter(output: output).noteChangeTimes(of: ["kept.html", "changed.html"], in: &manifest, threads: 2)
        #expect(manifest.files["kept.html"] != nil && manifest.files["changed.html"] == nil)
        #expect(!manifest.isComplete)
        #expect(manifest.files["kept.html"]?.describes(OutputManifest.status(output + "/kept.html")) == true)
    }

    /// A page at the top that fails to render after the staging started: the build fails, the
    /// output is the last good one, and the staged tree is gone.
    @Test func aFailedRenderRemovesTheTreeStagedAhead() throws {
        let work = try Work()
        guard case .success = work.build() else { Issue.record("the fixture builds"); return }
        let before = FileState.read(work.output)
        try FileManager.default.createDirectory(atPath: work.site + "/Templates", withIntermediateDirectories: true)
        try "{{ 10 // (sitemap_url | length - sitemap_url | length) }}\n".write(toFile: work.site + "/Templates/robots.txt", atomically: true, encoding: .utf8)
        guard case .failure(let failure) = work.build() else { Issue.record("dividing by zero fails"); return }
        #expect(failure.diagnostics.contains { $0.location.path.hasSuffix("robots.txt") }, "\(failure.diagnostics)")
        #expect(FileState.read(work.output) == before)
        #expect(work.beside == ["public"], "\(work.beside)")
    }
}
