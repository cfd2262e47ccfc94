import Foundation
import Markdown
@testable import NewsroomKit
import Templating
import Testing

/// What the published site shows on purpose (`LeakNeedles.PublishedText`), found by visiting
/// its blocks one at a time, is what a search of all of them joined into one text finds: the
/// titles shown whole (an NFD spelling finds its NFC twin) and the runs of text, those that
/// span two blocks included.
@Suite struct PublishedTextTests {
    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))

    /// The blocks of the published site joined a line each, as the scan once held them, and
    /// the whole titles, headings and paragraphs among them.
    static func joined(_ plan: SitePlan) -> (units: [String], corpus: String) {
        let config = plan.site.config
        var blocks: [String] = [config.title, config.organization.name]
        blocks += [config.description, config.organization.about].compactMap { $0 }
        for contact in config.contacts { blocks += [contact.name, contact.title, contact.organization].compactMap { $0 } }
        func lines(_ text: String) -> [String] { text.utf8.split(separator: UInt8(ascii: "\n")).map { String(Substring($0)) } }
        if let about = config.organization.about { blocks += lines(Markdown.render(about).plainText) }
        for release in plan.releases {
            blocks += [release.title, release.subtitle, release.summary, release.dateline].compactMap { $0 }
            blocks += lines(release.body(.plainText).plainText)
            blocks += release.updates.map(\.rendered.plainText)
        }
        for page in plan.site.pages {
            blocks += [page.title, page.description].compactMap { $0 }
            blocks += lines(page.body.plainText)
        }
        let units = blocks
        for name in plan.site.theme.siteTemplateNames.sorted() {
            if let text = try? plan.site.theme.templates.text(of: name) { blocks.append(text) }
        }
        return (units, blocks.joined(separator: "\n"))
    }

    @Test(arguments: ["basic", "release", "contacts", "media-kit"])
    func visitingFindsWhatTheJoinedTextShows(fixture: String) throws {
        let site = try #require(SiteLoader.load(siteDirectory: Fixtures.site(fixture), baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: site.root, clock: Self.clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: Self.clock).plan)
        let (units, corpus) = Self.joined(plan)
        let bytes = Array(corpus.utf8)
        var random = SplitMix64(seed: 7)

        // Titles: units as written and in NFD, and texts the site does not show.
        var titles = (0 ..< 12).map { _ in units[Int.random(in: 0 ..< units.count, using: &random)] }
        titles += titles.prefix(4).map(\.decomposedStringWithCanonicalMapping)
        titles += ["Nothing the site shows", units[0] + " and more"]
        // Runs: pieces of the joined text, many across the line between two blocks, and runs it lacks.
        var runs: [[UInt8]] = []
        let breaks = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        for _ in 0 ..< 40 {
            let length = Int.random(in: 3 ... 40, using: &random)
            let around = breaks.isEmpty || Bool.random(using: &random) ? Int.random(in: 0 ..< bytes.count, using: &random)
                : breaks[Int.random(in: 0 ..< breaks.count, using: &random)]
            let start = max(0, min(bytes.count - length, around - Int.random(in: 0 ..< length, using: &random)))
            runs.append(Array(bytes[start ..< start + length]))
        }
        runs += [Array("no such run of text anywhere".utf8), Array("\n\n\n".utf8)]
        let matcher = PatternMatcher(runs)

        let visited = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: matcher)
        let expectedTitles = Set(titles.indices.filter { units.contains(titles[$0]) })
        #expect(visited.shownTitles == expectedTitles)
        #expect(visited.shownRuns == matcher.occurring(in: Data(bytes)))
        #expect(expectedTitles.count >= 12 && expectedTitles.count < titles.count, "\(expectedTitles.count) of \(titles.count)")
        #expect(visited.shownRuns.count >= 40 && visited.shownRuns.count < runs.count)
    }
}
