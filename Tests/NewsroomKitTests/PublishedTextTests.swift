import Foundation
import TestFolders
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

    /// The `basic` fixture with twelve releases of a few words: a run may span several.
    static func shortReleases() throws -> String {
        let site = try Fixtures.copy("basic")
        for number in 1 ... 12 {
            try """
                ---
                title: N\(number)
                date: 2026-02-\(10 + number)
                ---
                Go \(number).
                """.write(toFile: site + "/Content/releases/2026/2026-02-\(10 + number)-n\(number).md", atomically: false, encoding: .utf8)
        }
        return site
    }

    @Test(arguments: ["basic", "release", "contacts", "media-kit", "(short releases)"], [1, 2])
    func visitingFindsWhatTheJoinedTextShows(fixture: String, threads: Int) throws {
        let directory = fixture == "(short releases)" ? try Self.shortReleases() : Fixtures.site(fixture)
        let site = try #require(SiteLoader.load(siteDirectory: directory, baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: site.root, clock: Self.clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: Self.clock).plan)
        let (units, corpus) = Self.joined(plan)
        let bytes = Array(corpus.utf8)
        var random = SeededRandom(seed: 7)

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

        let visited = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: matcher, threads: threads)
        let expectedTitles = Set(titles.indices.filter { units.contains(titles[$0]) })
        #expect(visited.shownTitles == expectedTitles)
        #expect(visited.shownRuns == matcher.occurring(in: Data(bytes)))
        #expect(expectedTitles.count >= 12 && expectedTitles.count < titles.count, "\(expectedTitles.count) of \(titles.count)")
        #expect(visited.shownRuns.count >= 40 && visited.shownRuns.count < runs.count)
    }

    /// The first and last bytes of a release's text are searched again, as two texts: a run
    /// made of the end of the first and the start of the last is not shown.
    @Test(arguments: [1, 2])
    func aReleasesEdgesAreNotOneText(threads: Int) throws {
        let site = try #require(SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: site.root, clock: Self.clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: Self.clock).plan)
        let release = try #require(plan.releases.max { $0.body(.plainText).plainText.utf8.count < $1.body(.plainText).plainText.utf8.count })
        var units = [release.title, release.subtitle, release.summary, release.dateline].compactMap { $0 }
        units += release.body(.plainText).plainText.utf8.split(separator: UInt8(ascii: "\n")).map { String(Substring($0)) }
        units += release.updates.map(\.rendered.plainText)
        let text = Array(units.joined(separator: "\n").utf8)
        let longest = Array("a run of forty bytes that nothing shows.".utf8)
        let edge = longest.count - 1
        #expect(text.count > 2 * edge + 10)
        let seam = Array(text[edge - 5 ..< edge] + text[text.count - edge ..< text.count - edge + 5])
        let matcher = PatternMatcher([longest, seam])
        let visited = LeakNeedles.PublishedText(plan: plan, titles: [], runs: matcher, threads: threads)
        #expect(visited.shownRuns == matcher.occurring(in: Data(Self.joined(plan).corpus.utf8)))
        #expect(!visited.shownRuns.contains(1))
    }

    /// Runs without a line break are found within a unit or not at all: no release's edges are
    /// searched again or kept in the memo, and what is found is what the joined text shows.
    @Test(arguments: [1, 2])
    func runsWithoutALineBreakNeedNoEdges(threads: Int) throws {
        let site = try #require(SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: site.root, clock: Self.clock).policy.apply(to: site)
        var plan = try #require(SitePlanner.plan(publication, clock: Self.clock).plan)
        plan.site.releaseInputs = ReleaseInputs(plan.releases.enumerated().map {
            ($1.sourcePath, Fingerprint(high: UInt64($0 + 1), low: 7))
        })
        let (units, corpus) = Self.joined(plan)
        var random = SeededRandom(seed: 11)
        var runs: [[UInt8]] = []
        for _ in 0 ..< 30 {
            let unit = Array(units[Int.random(in: 0 ..< units.count, using: &random)].utf8)
            guard unit.count >= 4 else { continue }
            let length = Int.random(in: 3 ... min(40, unit.count), using: &random)
            let start = Int.random(in: 0 ... unit.count - length, using: &random)
            runs.append(Array(unit[start ..< start + length]))
        }
        runs.append(Array("no such run of text anywhere".utf8))
        let matcher = PatternMatcher(runs)
        #expect(LeakNeedles.PublishedText.edge(of: matcher) == 0)
        #expect(LeakNeedles.PublishedText.edge(of: PatternMatcher(runs + [Array("a\nb".utf8)])) == runs.map(\.count).max()! - 1)
        let visited = LeakNeedles.PublishedText(plan: plan, titles: [], runs: matcher, threads: threads)
        #expect(visited.shownRuns == matcher.occurring(in: Data(corpus.utf8)))
        #expect(visited.shownRuns.count >= 20)
        let memo = try #require(visited.memo)
        #expect(memo.releases.count == plan.releases.count)
        #expect(memo.releases.values.allSatisfy { $0.head.isEmpty && $0.tail == nil })
    }

    /// A held title is found where a unit is the same text as Swift compares strings: letters
    /// with a canonical twin in ASCII (the Kelvin sign, the Greek question mark) and composed
    /// and decomposed accents find each other, whichever side is ASCII.
    @Test func titlesAreFoundAsSwiftComparesStrings() {
        let texts = ["Kelvin; scale", "\u{212A}elvin\u{37E} scale", "Caf\u{E9} opens", "Cafe\u{301} opens", "Cafe opens",
                     "Kelvin; scal", "kelvin; scale", "Caf\u{E9} opens!", "", "\u{212A}\u{212A}\u{212A}\u{212A}", "KKKK",
                     "\u{1E69}\u{1E69}", "s\u{323}\u{307}s\u{323}\u{307}", "\u{AC00}\u{AC00}", "\u{1100}\u{1161}\u{1100}\u{1161}"]
        for title in texts {
            let titles = LeakNeedles.PublishedText.Titles([title])
            for unit in texts {
                var bytes = unit
                let found = bytes.withUTF8 { titles.places(of: $0) }
                #expect((found == [0]) == (title == unit), "\(title.debugDescription) against \(unit.debugDescription)")
                #expect((titles.places(of: unit) == [0]) == (title == unit))
            }
        }
    }

    /// With the last build's memo, a release whose input is the same is not read again, and
    /// the result is the same; a release whose input changed is read; other titles or runs, or
    /// no inputs, make the memo unused. Places past the lists (a damaged memo) name nothing.
    @Test(arguments: [1, 2])
    func theMemoSparesTheTextsOfReleasesWhoseInputIsTheSame(threads: Int) throws {
        var site = try #require(SiteLoader.load(siteDirectory: try Self.shortReleases(), baseURLOverride: nil).site)
        for (place, release) in site.releases.enumerated() {
            site.releaseInputs[release.sourcePath] = Fingerprint.of(Data("input \(place)".utf8))
        }
        let publication = BuildOptions(siteDirectory: site.root, clock: Self.clock).policy.apply(to: site)
        var plan = try #require(SitePlanner.plan(publication, clock: Self.clock).plan)
        let count = plan.releases.count
        let corpus = Array(Self.joined(plan).corpus.utf8)
        let runs = PatternMatcher([Array(corpus[40 ..< 60]), Array(corpus[corpus.count / 2 ..< corpus.count / 2 + 12]),
                                   Array("not shown anywhere".utf8)])
        let titles = [plan.releases[3].title, "Not a title here"]

        let first = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: runs, threads: threads)
        #expect(first.releasesRead == count)
        let memo = try #require(first.memo)
        let again = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: runs, threads: threads, memo: memo)
        #expect(again.releasesRead == 0)
        #expect(again.shownTitles == first.shownTitles && again.shownRuns == first.shownRuns)
        #expect(again.memo == memo)
        #expect(first.shownTitles == [0] && first.shownRuns.count == 2)

        // One release's input changes: it alone is read.
        plan.site.releaseInputs[plan.releases[5].sourcePath] = Fingerprint.of(Data("edited".utf8))
        let edited = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: runs, threads: threads, memo: memo)
        #expect(edited.releasesRead == 1)
        #expect(edited.shownRuns == first.shownRuns)

        // Other titles, or other runs: the memo is not used.
        let otherTitles = LeakNeedles.PublishedText(plan: plan, titles: titles.reversed(), runs: runs, threads: threads, memo: memo)
        #expect(otherTitles.releasesRead == count && otherTitles.shownTitles == [1])
        let otherRuns = PatternMatcher(runs.patterns.reversed())
        #expect(LeakNeedles.PublishedText(plan: plan, titles: titles, runs: otherRuns, threads: threads, memo: memo).releasesRead == count)

        // A memo whose places lie past the lists finds nothing with them.
        var damaged = memo
        for key in damaged.releases.keys { damaged.releases[key]?.titles.insert(7); damaged.releases[key]?.runs.insert(9) }
        let fromDamaged = LeakNeedles.PublishedText(plan: plan, titles: titles, runs: runs, threads: threads, memo: damaged)
        #expect(fromDamaged.shownTitles == first.shownTitles && fromDamaged.shownRuns == first.shownRuns)

        // No inputs (no cache): no memo.
        plan.site.releaseInputs = [:]
        #expect(LeakNeedles.PublishedText(plan: plan, titles: titles, runs: runs, threads: threads).memo == nil)
    }
}
