import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// The release as journalists read it, on `seeds/fixtures/release`: the release line and the
/// embargo line, the AP dateline inside the first paragraph, the date once and the time,
/// typographic titles, corrections, related releases and the plain-text wire copy.
@Suite struct ReleaseFeatureTests {
    static let site = Fixtures.site("release")
    let tree: OutputTree

    init() throws {
        let output = Fixtures.temporaryDirectory("release") + "/public"
        _ = try Fixtures.build(Self.site, output: output)
        tree = OutputTree(output)
    }

    static func build(_ site: String, drafts: Bool = false) throws -> OutputTree {
        let output = Fixtures.temporaryDirectory("release") + "/public"
        _ = try Fixtures.build(site, output: output, drafts: drafts)
        return OutputTree(output)
    }

    @Test func wireCopyIsExactlyAsExpected() throws {
        let expected = try String(contentsOfFile: Self.site + "/expected-harbor.txt", encoding: .utf8)
        #expect(tree.text("releases/2026/harbor/release.txt") == expected)
    }

    @Test func wireCopyOfABodyOpeningWithAHeadingSetsTheDatelineApart() throws {
        let text = try #require(tree.text("releases/2026/background/release.txt"))
        #expect(text.hasPrefix("FOR IMMEDIATE RELEASE\n\nBackground on the lights\n\nPORTLAND (Jan. 20, 2026) —\n\nBackground\n\nSome history first.\n\n###\n"))
    }

    @Test func everyPublishedReleaseHasWireCopyLinkedFromItsPageAndNotInTheSitemap() throws {
        let releases = tree.paths.filter { $0.hasPrefix("releases/") && $0.hasSuffix("/index.html") }
        #expect(releases.count == 7)
        for page in releases {
            let folder = String(page.dropLast("index.html".count))
            #expect(tree.files[folder + "release.txt"] != nil, "\(folder) has no release.txt")
            #expect(tree.text(page)?.contains("<a href=\"/news/\(folder)release.txt\" type=\"text/plain\">Plain text</a>") == true)
        }
        #expect(tree.text("sitemap.xml")?.contains("release.txt") == false)
        #expect(tree.text("sitemap.xml")?.contains("<loc>https://example.org/news/releases/2026/harbor/</loc>") == true)
    }

    @Test func heldReleasesHaveNoWireCopyAndNoWireCopyMentionsThem() {
        #expect(tree.files["releases/2026/secret/release.txt"] == nil)
        #expect(tree.files["releases/2026/draftlight/release.txt"] == nil)
        for (path, bytes) in tree.files {
            let text = String(decoding: bytes, as: UTF8.self)
            for marker in ["MARKER-HELD", "/secret/", "/draftlight/", "Secret beacon", "Draft light"] {
                #expect(!text.contains(marker), "\(path) mentions the held \(marker)")
            }
        }
    }

    @Test func releaseLineStandsAboveTheTitle() throws {
        let page = try #require(tree.text("releases/2026/harbor/index.html"))
        let line = try #require(page.range(of: "<p class=\"release__line\">FOR IMMEDIATE RELEASE</p>")?.lowerBound)
        let title = try #require(page.range(of: "<h1 class=\"release__title\">")?.lowerBound)
        #expect(line < title)
    }

    /// The date once, in the dateline inside the first paragraph; the time (the date has one) in the meta line.
    @Test func datelineOpensTheFirstParagraphAndTheDateShowsOnce() throws {
        let page = try #require(tree.text("releases/2026/harbor/index.html"))
        #expect(page.contains("""
            <p><span class="dateline"><span class="dateline__place">POINT ASTER, MAINE</span> (<time datetime="2026-03-02T09:00:00-05:00">March 2, 2026</time>) — </span>The light on Point Aster shines again
            """))
        #expect(page.components(separatedBy: "March 2, 2026").count == 2, "the date shows more than once")
        #expect(page.contains("<p class=\"release__meta\">\n      <time datetime=\"2026-03-02T09:00:00-05:00\">9:00 a.m. EST</time>"))
        // A date without a time shows no time; the body opening with a heading gets the dateline on its own.
        let background = try #require(tree.text("releases/2026/background/index.html"))
        #expect(!background.contains("a.m."))
        #expect(background.contains("<p><span class=\"dateline\"><span class=\"dateline__place\">PORTLAND</span> (<time datetime=\"2026-01-20T00:00:00-05:00\">Jan. 20, 2026</time>) — </span></p>\n        <h2 id=\"background\">Background</h2>"))
    }

    @Test func titlesAndSubtitlesGetTypographicPunctuationEverywhere() throws {
        let page = try #require(tree.text("releases/2026/harbor/index.html"))
        #expect(page.contains("<h1 class=\"release__title\">Harbor’s “new” light – restored</h1>"))
        #expect(page.contains("<p class=\"release__subtitle\">The keeper’s log, 1890…1910</p>"))
        #expect(page.contains("<title>Harbor’s “new” light – restored — Harbor Newsroom</title>"))
        #expect(page.contains("<meta property=\"og:title\" content=\"Harbor’s “new” light – restored\">"))
        #expect(page.contains("\"headline\":\"Harbor’s “new” light – restored\",\"alternativeHeadline\":\"The keeper’s log, 1890…1910\""))
        #expect(tree.text("feed.xml")?.contains("<title>Harbor’s “new” light – restored</title>") == true)
        #expect(tree.text("feed.json")?.contains("\"title\": \"Harbor’s “new” light – restored\"") == true)
        #expect(tree.text("index.html")?.contains("Harbor’s “new” light – restored") == true)
    }

    @Test func correctionsShowNewestFirstAndSetTheModifiedTime() throws {
        let page = try #require(tree.text("releases/2026/harbor/index.html"))
        #expect(page.contains("""
            <ul class="release__updates">
                  <li><strong>Updated <time datetime="2026-03-04T15:30:00-05:00">March 4, 2026, 3:30 p.m. EST</time>:</strong> Adds the keeper’s name.</li>
                  <li><strong>Updated <time datetime="2026-03-03T00:00:00-05:00">March 3, 2026</time>:</strong> Corrects the <em>height</em> of the tower; see <a href="/news/media/fact-sheet.txt">the fact sheet</a>.</li>
                </ul>
            """))
        let modified = "2026-03-04T15:30:00-05:00"
        #expect(page.contains("<meta property=\"article:modified_time\" content=\"\(modified)\">"))
        #expect(page.contains("\"dateModified\":\"\(modified)\""))
        let atom = try #require(tree.text("feed.xml"))
        #expect(atom.contains("<published>2026-03-02T09:00:00-05:00</published>\n    <updated>\(modified)</updated>"))
        #expect(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">") && atom.contains("\n  <updated>\(modified)</updated>"))
        #expect(tree.text("tags/harbor/feed.xml")?.contains("\n  <updated>\(modified)</updated>") == true)
        #expect(tree.text("feed.json")?.contains("\"date_published\": \"2026-03-02T09:00:00-05:00\",\n      \"date_modified\": \"\(modified)\"") == true)
        #expect(tree.text("sitemap.xml")?.contains("<loc>https://example.org/news/releases/2026/harbor/</loc>\n    <lastmod>\(modified)</lastmod>") == true)
        #expect(tree.text("sitemap.xml")?.contains("<loc>https://example.org/news/</loc>\n    <lastmod>\(modified)</lastmod>") == true)
    }

    /// Most shared tags first, then newest, then by URL; the embargoed and the draft release, which
    /// share all three tags and are newer, are never among them.
    @Test func relatedReleasesAreOrderedAndPublishedOnly() throws {
        func related(_ slug: String) throws -> [String] {
            let page = try #require(tree.text("releases/2026/\(slug)/index.html"))
            guard let start = page.range(of: "<ul class=\"related__list\">")?.upperBound,
                  let end = page[start...].range(of: "</ul>")?.lowerBound else { return [] }
            return page[start ..< end].matches(of: /href="\/news\/releases\/2026\/([a-z]+)\/"/).map { String($0.output.1) }
        }
        #expect(try related("harbor") == ["twin", "lens", "dock"])
        #expect(try related("twin") == ["harbor", "lens", "dock"])
        #expect(try related("dock") == ["harbor", "lens", "twin"])
        #expect(try related("fog") == ["harbor", "lens", "twin"])
        #expect(try related("charter") == [])
        #expect(tree.text("releases/2026/charter/index.html")?.contains("Related releases") == false)
        // Newer and older links stay.
        #expect(tree.text("releases/2026/harbor/index.html")?.contains("rel=\"next\"") == true)
    }

    @Test func relatedCountsSharedTagsThenTakesTheNewest() {
        #expect(RelatedReleases.best(for: 0, lists: [[0, 1, 2, 3, 4], [0, 3, 4], [0, 4]]) == [4, 3, 1])
        #expect(RelatedReleases.best(for: 2, lists: [[0, 1, 2, 3]]) == [0, 1, 3])
        #expect(RelatedReleases.best(for: 5, lists: [[5]]) == [])
    }

    /// The pair lists give exactly what counting gives, on random tag sets: releases with no
    /// tag, one, many; tags shared by all, by one; fewer than three sharing two tags.
    @Test func bothWaysToRelatedReleasesAgree() {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for round in 0 ..< 300 {
            let count = next(80), tagCount = 1 + next(10), most = round % 3 == 0 ? tagCount : min(tagCount, 4)
            var lists = Array(repeating: [Int](), count: tagCount)
            for release in 0 ..< count {
                for tag in Set((0 ..< next(most + 1)).map { _ in next(tagCount) }) { lists[tag].append(release) }
            }
            let counted = RelatedReleases.plan(count: count, lists: lists, threads: 1, method: .counting)
            #expect(RelatedReleases.plan(count: count, lists: lists, threads: 1, method: .pairs) == counted, "round \(round): \(lists)")
            #expect(RelatedReleases.plan(count: count, lists: lists, threads: 2) == counted)
        }
    }

    /// In a preview the embargoed release shows the embargo line, with the exact time and zone, in
    /// place of the release line; its wire copy too.
    @Test func aPreviewShowsTheEmbargoLine() throws {
        let preview = try Self.build(Self.site, drafts: true)
        let page = try #require(preview.text("releases/2026/secret/index.html"))
        #expect(page.contains("<p class=\"release__line release__line--embargo\">EMBARGOED UNTIL <time datetime=\"2026-04-01T09:00:00-04:00\">April 1, 2026, 09:00 EDT</time> (13:00 UTC)</p>"))
        #expect(!page.contains("FOR IMMEDIATE RELEASE"))
        #expect(preview.text("releases/2026/secret/release.txt")?.hasPrefix("EMBARGOED UNTIL April 1, 2026, 9:00 a.m. EDT\n\nSecret beacon") == true)
        #expect(preview.text("releases/2026/harbor/index.html")?.contains("<p class=\"release__line\">FOR IMMEDIATE RELEASE</p>") == true)
    }

    @Test func theReleaseSettingsChangeTheLineTheDatelineAndTheEndMark() throws {
        let site = try Fixtures.copy("release")
        let settings = site + "/Content/newsroom.yml"
        try (String(contentsOfFile: settings, encoding: .utf8)
            + "release:\n  line: \"\"\n  end_mark: \"-30-\"\n  dateline_format: \"%B %-d, %Y\"\n  time_format: \"%H:%M %Z\"\n")
            .write(toFile: settings, atomically: false, encoding: .utf8)
        let built = try Self.build(site)
        let page = try #require(built.text("releases/2026/harbor/index.html"))
        #expect(!page.contains("release__line"))
        #expect(page.contains("<p class=\"end-mark\" aria-hidden=\"true\">-30-</p>"))
        #expect(page.contains("(<time datetime=\"2026-03-02T09:00:00-05:00\">March 2, 2026</time>)"))
        #expect(page.contains(">09:00 EST</time>"))
        let text = try #require(built.text("releases/2026/harbor/release.txt"))
        #expect(text.hasPrefix("Harbor’s “new” light – restored\n"))
        #expect(text.contains("\n-30-\n") && !text.contains("###"))
        let background = try #require(built.text("releases/2026/background/release.txt"))
        #expect(background.contains("PORTLAND (January 20, 2026) —"))
    }

    /// Changing one release's tags changes the related releases of others: an incremental build
    /// re-renders those pages and writes what a clean build writes.
    @Test func anIncrementalBuildFollowsRelatedReleases() throws {
        let site = try Fixtures.copy("release")
        let work = Fixtures.temporaryDirectory("release-incremental")
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = try session.build(options)
        let file = site + "/Content/releases/2026/2026-03-01-fog.md"
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "tags: [Lights]", with: "tags: [Harbor, Lights, History]")
            .write(toFile: file, atomically: false, encoding: .utf8)
        _ = try session.build(options)
        var clean = options
        clean.outputDirectory = work + "/clean"
        clean.cacheDirectory = nil
        _ = try Builder.build(clean)
        let incremental = OutputTree(work + "/public"), fresh = OutputTree(work + "/clean")
        #expect(incremental == fresh)
        #expect(incremental.text("releases/2026/harbor/index.html")?.contains("href=\"/news/releases/2026/fog/\"") == true)
    }

    /// Releases share one value per tag, yet each shows a tag as it spells it: the tag's page
    /// takes the newest release's spelling, an older release keeps its own.
    @Test func eachReleaseShowsItsTagsAsItSpellsThem() throws {
        let (site, _) = try SiteInputTests.site([
            "Content/releases/2025-06-01-launch.md": "---\ntitle: Launch day\ndate: 2025-06-01\ntags: [Water Policy, Grants]\n---\nWe launch.\n",
            "Content/releases/2025-07-01-study.md": "---\ntitle: Study\ndate: 2025-07-01\ntags: [water policy]\n---\nResults.\n",
        ])
        let clock = Clock(now: Fixtures.date("2026-01-01T00:00:00Z"))
        let loaded = try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil).site)
        let plan = try #require(SitePlanner.plan(BuildOptions(siteDirectory: site, clock: clock).policy.apply(to: loaded), clock: clock).plan)
        #expect(plan.tags.map(\.name).sorted() == ["Grants", "water policy"])
        let context = TemplateContext(plan: plan, clock: clock, isPreview: false)
        func tags(of title: String) throws -> [String] {
            let index = try #require(plan.releases.firstIndex { $0.shownTitle == title })
            let value: TemplateValue = context.releases[index]
            guard case .object(let object) = value, case .array(let tags)? = object["tags"] else { return [] }
            return tags.map { tag -> String in
                guard case .object(let object) = tag else { return "?" }
                return [object["name"], object["url"]].map { value -> String in
                    if case .string(let text)? = value { return text }
                    return "?"
                }.joined(separator: " ")
            }
        }
        #expect(try tags(of: "Launch day") == ["Water Policy /tags/water-policy/", "Grants /tags/grants/"])
        #expect(try tags(of: "Study") == ["water policy /tags/water-policy/"])
    }
}
