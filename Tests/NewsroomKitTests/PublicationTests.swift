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

    @Test func draftsFlagShowsDraftsAndEmbargoedButNotScheduled() throws {
        let output = Fixtures.temporaryDirectory("drafts") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output, drafts: true)
        let tree = OutputTree(output)
        #expect(tree.files["releases/2026/draft/index.html"] != nil)
        #expect(tree.text("releases/2026/embargoed-news/index.html")?.contains("EMBARGOED") == true)
        #expect(tree.files["releases/2026/scheduled/index.html"] == nil)
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
}
