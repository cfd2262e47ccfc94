import Foundation
@testable import NewsroomKit
import Testing

/// Pages that list the whole site (the search index, sitemaps) are written to their files as
/// they render, never held whole (`PageStream`): the same bytes as a page held whole, the same
/// digest for the next build, nothing left behind when a render fails, and with a release held
/// back, the search index searched for it part by part (the sitemap, whose links the scan
/// reads, is held whole then).
struct StreamedPageTests {
    /// The `basic` fixture without its draft, scheduled and embargoed releases, a search
    /// index whose theme template makes a page of several parts, and its work folders.
    private struct Work {
        let site: String
        let output: String
        let session: BuildSession
        /// Lines of the search index a release: about 4 MB in all, more than three parts.
        static let linesEach = 30_000

        init() throws {
            site = try Fixtures.copy("basic")
            for held in ["2026/2026-03-01-draft.md", "2026/embargoed-news", "2026/2026-05-05-scheduled.md"] {
                try FileManager.default.removeItem(atPath: site + "/Content/releases/" + held)
            }
            let folder = URL(fileURLWithPath: site).deletingLastPathComponent().path
            output = folder + "/public"
            session = BuildSession(cacheDirectory: folder + "/cache")
            session.settleMargin = 20_000_000
            try writeSearchTemplate("")
        }

        func writeSearchTemplate(_ tail: String) throws {
            try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
            Thread.sleep(forTimeInterval: 0.04)
            try """
            {%- for entry in entries %}{% set n = loop.index %}{% for i in range(\(Self.linesEach)) %}{{ n }}:{{ i }}:{{ entry.release.slug }}
            {% endfor %}{% endfor %}\(tail)
            """.write(toFile: site + "/Templates/search.json", atomically: false, encoding: .utf8)
        }

        func build() -> Result<BuildReport, BuildFailure> {
            Thread.sleep(forTimeInterval: 0.04)
            return Result { () throws(BuildFailure) in
                try session.build(BuildOptions(siteDirectory: site, outputDirectory: output,
                                               clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: 2))
            }
        }

        /// The search index the template above makes for these releases' slugs, newest first
        /// (as JSON strings: the index is JSON).
        func expectedIndex(slugs: [String]) -> String {
            var text = ""
            for (number, slug) in slugs.enumerated() {
                for line in 0 ..< Self.linesEach { text += "\(number + 1):\(line):\"\(slug)\"\n" }
            }
            return text
        }

        /// What lies beside the output: only the output, once a build ends.
        var beside: [String] { Fixtures.beside(output) }
    }

    private static let slugs = ["bundle-release", "hostile", "delta", "gamma", "year-end", "beta-results", "alpha-launch"]

    @Test func theSearchIndexIsWrittenInPartsAsItRenders() throws {
        let work = try Work()
        let built = work.build()
        guard case .success(let report) = built else { Issue.record("the site builds: \(built)"); return }
        #expect(report.withheld.isEmpty)
        // The search index and the sitemap.
        #expect(report.pagesWrittenAsRendered == 2)
        let index = try String(contentsOfFile: work.output + "/search.json", encoding: .utf8)
        #expect(index.utf8.count > 3 * SiteRenderer.Staging.streamedPartSize)
        #expect(index == work.expectedIndex(slugs: Self.slugs))

        // Its digest is its bytes': the next build finds it unchanged, and a template edit that
        // renders it again to the same bytes keeps its file as it was.
        let before = FileState.read(work.output)
        guard case .success(let again) = work.build() else { Issue.record("the site builds again"); return }
        #expect(again.filesWritten == 0)
        try work.writeSearchTemplate("{# the same page #}")
        guard case .success(let same) = work.build() else { Issue.record("the template builds"); return }
        #expect(same.pagesRendered > 0 && same.pagesWrittenAsRendered == 2 && same.filesWritten == 0,
                "\(same.pagesRendered) rendered, \(same.pagesWrittenAsRendered) as rendered, \(same.filesWritten) written")
        #expect(FileState.read(work.output) == before)
        #expect(work.beside == ["public"], "\(work.beside)")
    }

    /// A render that fails after parts of the page were written: the build fails, the output
    /// is the last good one, and the page's file is gone.
    @Test func aFailedRenderLeavesNoPartBehind() throws {
        let work = try Work()
        guard case .success = work.build() else { Issue.record("the site builds"); return }
        let before = FileState.read(work.output)
        try work.writeSearchTemplate("{{ 10 // (entries | length - entries | length) }}")
        guard case .failure(let failure) = work.build() else { Issue.record("dividing by zero fails"); return }
        #expect(failure.diagnostics.contains { $0.location.path.hasSuffix("search.json") }, "\(failure.diagnostics)")
        #expect(FileState.read(work.output) == before)
        #expect(work.beside == ["public"], "\(work.beside)")

        // A clean build into a new output fails the same way and leaves nothing.
        let fresh = Fixtures.temporaryDirectory("streamed") + "/public"
        #expect(throws: BuildFailure.self) {
            try Builder.build(BuildOptions(siteDirectory: work.site, outputDirectory: fresh,
                                           clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: 2))
        }
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    /// A held release: the search index is still written as it renders, searched for it part
    /// by part, and written with nothing of it; the sitemap, whose links the scan reads, is
    /// rendered whole.
    @Test func aHeldReleaseLeavesTheSearchIndexWrittenAsItRenders() throws {
        let work = try Work()
        try Self.secret.write(toFile: work.site + "/Content/releases/2026/2026-03-10-secret.md", atomically: false, encoding: .utf8)
        let built = work.build()
        guard case .success(let report) = built else { Issue.record("the site builds: \(built)"); return }
        #expect(!report.withheld.isEmpty)
        #expect(report.pagesWrittenAsRendered == 1)
        let index = try String(contentsOfFile: work.output + "/search.json", encoding: .utf8)
        #expect(index == work.expectedIndex(slugs: Self.slugs))
        #expect(!index.contains("secret"))
    }

    /// A search index that shows a held release's title, past its first parts: the build fails
    /// on it as on a page held whole, the output stays the last good one, and nothing is left
    /// beside it.
    @Test func aHeldReleaseInTheSearchIndexIsFoundPartByPart() throws {
        let work = try Work()
        try Self.secret.write(toFile: work.site + "/Content/releases/2026/2026-03-10-secret.md", atomically: false, encoding: .utf8)
        guard case .success = work.build() else { Issue.record("the site builds"); return }
        let before = FileState.read(work.output)
        try work.writeSearchTemplate("Secret expansion of the program")
        guard case .failure(let failure) = work.build() else { Issue.record("the held title in the search index fails the build"); return }
        let leak = failure.diagnostics.first { $0.location.path.hasSuffix("2026-03-10-secret.md") }
        #expect(leak?.message.contains("appears in the output file search.json") == true, "\(failure.diagnostics)")
        #expect(FileState.read(work.output) == before)
        #expect(work.beside == ["public"], "\(work.beside)")
    }

    private static let secret = """
        ---
        title: Secret expansion of the program
        date: 2026-03-10
        embargo: 2026-04-01T09:00:00Z
        ---
        Secret expansion of the program, in many words.
        """

    /// Without a cache there is no manifest: a page written as it rendered is compared with the
    /// old output's file by its bytes, and the old file kept when they are the same.
    @Test func withoutACacheTheOldFileIsComparedByItsBytes() throws {
        let work = try Work()
        let options = BuildOptions(siteDirectory: work.site, outputDirectory: work.output,
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: 2)
        let first = try Builder.build(options)
        #expect(first.pagesWrittenAsRendered == 2)
        let before = FileState.read(work.output)
        let again = try Builder.build(options)
        #expect(again.pagesWrittenAsRendered == 2 && again.filesWritten == 0, "\(again.filesWritten) written")
        #expect(FileState.read(work.output) == before)
    }

    /// A part that cannot be written (here, to a file open only for reading) fails the page
    /// with the system's reason, and its file is removed.
    @Test func aPartThatCannotBeWrittenFailsThePage() throws {
        let folder = Fixtures.temporaryDirectory("streamed")
        let path = folder + "/search.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        #expect(descriptor >= 0)
        let stream = PageStream(path: path, descriptor: descriptor)
        stream.write(String(repeating: "x", count: 100))
        let staging = SiteRenderer.Staging(writer: OutputWriter(output: folder + "/public"), entries: [:], compareOld: false, scanner: nil)
        guard case .failure(let diagnostic) = staging.finish(stream, path: "search.json") else {
            Issue.record("a failed write is a failure")
            return
        }
        #expect(diagnostic.message == "cannot write the output: Bad file descriptor", "\(diagnostic.message)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A page that renders to nothing is an empty file, and stays the same file while it does.
    @Test func anEmptyPageIsWrittenAndKept() throws {
        let work = try Work()
        try "{#- nothing -#}".write(toFile: work.site + "/Templates/search.json", atomically: false, encoding: .utf8)
        guard case .success(let report) = work.build() else { Issue.record("the site builds"); return }
        #expect(report.pagesWrittenAsRendered == 2)
        #expect(FileManager.default.contents(atPath: work.output + "/search.json") == Data())
        let before = FileState.read(work.output)
        guard case .success(let again) = work.build() else { Issue.record("the site builds again"); return }
        #expect(again.filesWritten == 0)
        #expect(FileState.read(work.output) == before)
    }
}
