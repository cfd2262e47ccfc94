import Foundation
import NewsroomKit
import Testing

/// The clock decides: moving it past an embargo or a date publishes the release and its files.
@Suite struct PublicationTests {
    @Test func movingTheClockPastTheEmbargoPublishesTheReleaseAndItsFiles() throws {
        let output = Fixtures.temporaryDirectory("clock") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output, now: "2026-04-01T12:59:59Z")
        #expect(OutputTree(output).files["releases/2026/embargoed-news/index.html"] == nil)

        _ = try Fixtures.build(Fixtures.site("basic"), output: output, now: "2026-04-01T13:00:01Z")
        let tree = OutputTree(output)
        #expect(tree.text("releases/2026/embargoed-news/index.html")?.contains("MARKER-EMBARGO-BODY-19c2") == true)
        #expect(tree.text("releases/2026/embargoed-news/embargo-briefing.txt") == "Briefing MARKER-EMBARGO-FILE-19c2\n")
        #expect(tree.files["tags/secret-tag-zeta/index.html"] != nil)
        #expect(tree.files["releases/2026/scheduled/index.html"] == nil)
    }

    /// `--drafts` is a local preview: every held release shows, each with a banner naming its
    /// state and when it goes out, in the site's zone and in UTC.
    @Test func draftsFlagShowsEveryHeldReleaseWithItsBanner() throws {
        let output = Fixtures.temporaryDirectory("drafts") + "/public"
        let report = try Fixtures.build(Fixtures.site("basic"), output: output, drafts: true)
        let tree = OutputTree(output)
        #expect(report.withheld.isEmpty)
        #expect(tree.text("releases/2026/draft/index.html")?.contains("<strong>DRAFT</strong>") == true)
        #expect(tree.text("releases/2026/embargoed-news/index.html")?.contains(
            "<strong>EMBARGOED until <time datetime=\"2026-04-01T09:00:00-04:00\">April 1, 2026, 09:00 EDT</time> (13:00 UTC)</strong>") == true)
        #expect(tree.text("releases/2026/scheduled/index.html")?.contains(
            "<strong>SCHEDULED for <time datetime=\"2026-05-05T08:00:00-04:00\">May 5, 2026, 08:00 EDT</time> (12:00 UTC)</strong>") == true)
        #expect(tree.text("releases/2026/embargoed-news/index.html")?.contains("banner--scheduled") == false)
        #expect(tree.text("releases/2025/delta/index.html")?.contains("banner") == false)
    }

    /// The natural way to write an embargo, dated at the instant it lifts, shows under `--drafts`
    /// alone (it once needed `--future` too) with one banner; a due time on another day in UTC
    /// names that day.
    @Test func anEmbargoedReleaseDatedAtItsEmbargoShowsUnderDraftsAlone() throws {
        let site = try Fixtures.copy("basic")
        let path = site + "/Content/releases/2026/embargoed-news/index.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "date: 2026-03-10\nembargo: 2026-04-01T09:00:00-04:00",
                                  with: "date: 2026-12-03T22:00:00-05:00\nembargo: 2026-12-03T22:00:00-05:00")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let output = Fixtures.temporaryDirectory("embargo-date") + "/public"
        _ = try Fixtures.build(site, output: output)
        #expect(OutputTree(output).files["releases/2026/embargoed-news/index.html"] == nil)
        _ = try Fixtures.build(site, output: output, drafts: true)
        let page = try #require(OutputTree(output).text("releases/2026/embargoed-news/index.html"))
        #expect(page.contains("<strong>EMBARGOED until <time datetime=\"2026-12-03T22:00:00-05:00\">December 3, 2026, 22:00 EST</time> (December 4, 03:00 UTC)</strong>"))
        #expect(!page.contains("banner--scheduled"))
    }

    /// A release dated after the embargo that holds it is held by both, so both banners show.
    @Test func aReleaseDatedAfterItsEmbargoShowsBothBanners() throws {
        let site = try Fixtures.copy("basic")
        let path = site + "/Content/releases/2026/embargoed-news/index.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "date: 2026-03-10", with: "date: 2026-04-02T09:00:00-04:00")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let output = Fixtures.temporaryDirectory("embargo-later") + "/public"
        _ = try Fixtures.build(site, output: output, drafts: true)
        let page = try #require(OutputTree(output).text("releases/2026/embargoed-news/index.html"))
        #expect(page.contains("EMBARGOED until <time datetime=\"2026-04-01T09:00:00-04:00\">"))
        #expect(page.contains("SCHEDULED for <time datetime=\"2026-04-02T09:00:00-04:00\">April 2, 2026, 09:00 EDT</time> (13:00 UTC)"))
    }

    @Test func futureFlagShowsScheduledReleases() throws {
        let output = Fixtures.temporaryDirectory("future") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output, future: true)
        let tree = OutputTree(output)
        #expect(tree.files["releases/2026/scheduled/index.html"] != nil)
        #expect(tree.files["releases/2026/draft/index.html"] == nil)
        #expect(tree.files["releases/2026/embargoed-news/index.html"] == nil)
    }

    @Test func aReleaseThatIsNoLongerPublishedIsRemovedFromTheOutput() throws {
        let site = try Fixtures.copy("basic")
        let output = Fixtures.temporaryDirectory("retract") + "/public"
        _ = try Fixtures.build(site, output: output)
        #expect(OutputTree(output).files["releases/2025/delta/index.html"] != nil)
        let path = site + "/Content/releases/2025/2025-03-03-delta.md"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "tags: [Partnerships]", with: "tags: [Partnerships]\ndraft: true")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try Fixtures.build(site, output: output)
        let tree = OutputTree(output)
        #expect(tree.files["releases/2025/delta/index.html"] == nil)
        #expect(tree.files["tags/partnerships/index.html"] == nil)
        #expect(tree.text("index.html")?.contains("Delta partnership") == false)
    }

    /// The leak scan stops a build whose output would mention a held release, whatever the route.
    @Test(arguments: [
        ("Content/releases/2025/2025-03-03-delta.md", "See the [next one](/releases/2026/embargoed-news/).\n",
         "this release is held back (embargoed until 2026-04-01T13:00:00Z) but its URL /releases/2026/embargoed-news/ appears in the output file releases/2025/delta/index.html; nothing was written"),
        ("Content/media/notes.txt", "Notes: Embargoed text MARKER-EMBARGO-BODY-19c2.\n",
         "this release is held back (embargoed until 2026-04-01T13:00:00Z) but text of its body (\"Embargoed text MARKER-EMBARGO-BODY-19c2.\") appears in the output file media/notes.txt; nothing was written"),
        ("Content/media/copy.txt", "Briefing MARKER-EMBARGO-FILE-19c2\n",
         "this release is held back (embargoed until 2026-04-01T13:00:00Z) but a copy of its file embargo-briefing.txt appears in the output file media/copy.txt; nothing was written"),
        ("Content/media/title.txt", "Draft MARKER-DRAFT-7f3a",
         "this release is held back (a draft) but its title appears in the output file media/title.txt; nothing was written"),
    ])
    func leakScanStopsTheBuild(file: String, text: String, message: String) throws {
        let site = try Fixtures.copy("basic")
        let output = Fixtures.temporaryDirectory("leak") + "/public"
        _ = try Fixtures.build(site, output: output)
        let before = OutputTree(output)
        let path = site + "/" + file
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try (existing + text).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Fixtures.build(site, output: output)
            Issue.record("the build must fail")
        } catch {
            #expect(error.errors.map(\.message).contains(message), "\(error.errors)")
        }
        #expect(OutputTree(output) == before)
    }

    /// For several clocks, no byte or file name of the output holds a marker of a release still held at that time.
    @Test(arguments: [
        ("2026-03-15T00:00:00Z", ["MARKER-DRAFT", "MARKER-EMBARGO", "MARKER-SCHEDULED", "secret-tag-zeta", "Secret Tag Zeta"]),
        ("2026-04-02T00:00:00Z", ["MARKER-DRAFT", "MARKER-SCHEDULED"]),
        ("2026-06-01T00:00:00Z", ["MARKER-DRAFT"]),
        ("2030-01-01T00:00:00Z", ["MARKER-DRAFT"]),
    ])
    func nothingHeldLeaksAtAnyClock(now: String, markers: [String]) throws {
        let output = Fixtures.temporaryDirectory("clocks") + "/public"
        let report = try Fixtures.build(Fixtures.site("basic"), output: output, now: now)
        let tree = OutputTree(output)
        for (path, bytes) in tree.files {
            let text = String(decoding: bytes, as: UTF8.self)
            for marker in markers {
                #expect(!path.contains(marker) && !text.contains(marker), "\(marker) in \(path) at \(now)")
            }
        }
        #expect(report.withheld.count == markers.filter { $0.hasPrefix("MARKER") }.count)
    }
}
