import Foundation
@testable import NewsroomKit
import Testing

/// Feeds, the sitemap and robots.txt of `seeds/fixtures/feeds/site`: a site under `/news/`
/// with a hostile title, a bundle release whose body links relatively (bundle file, image,
/// fragment), root-relatively and absolutely, an `updated` date, and an embargoed release.
struct FeedTests {
    static let site = Fixtures.site("feeds/site")
    static let expected = Fixtures.site("feeds/expected")

    private func build(now: String = "2026-03-15T00:00:00Z", baseURL: String? = nil, drafts: Bool = false) throws -> OutputTree {
        let output = Fixtures.temporaryDirectory("feeds") + "/public"
        _ = try Builder.build(BuildOptions(siteDirectory: Self.site, outputDirectory: output, baseURL: baseURL,
                                           includeDrafts: drafts, clock: Clock(now: Fixtures.date(now))))
        return OutputTree(output)
    }

    @Test(arguments: ["feed.xml", "feed.json", "tags/safety/feed.xml", "tags/safety/feed.json", "sitemap.xml", "robots.txt"])
    func fileIsExactlyAsExpected(_ path: String) throws {
        let built = try build()
        let expected = try String(contentsOfFile: Self.expected + "/" + path, encoding: .utf8)
        #expect(built.text(path) == expected)
    }

    @Test func everyTagHasBothFeedsAndOnlyPublishedTagsHaveAny() throws {
        let built = try build()
        let feeds = built.paths.filter { $0.hasSuffix("/feed.xml") || $0.hasSuffix("/feed.json") || $0.hasPrefix("feed.") }
        #expect(feeds == [
            "feed.json", "feed.xml",
            "tags/finance/feed.json", "tags/finance/feed.xml", "tags/reports/feed.json", "tags/reports/feed.xml",
            "tags/restoration/feed.json", "tags/restoration/feed.xml", "tags/safety/feed.json", "tags/safety/feed.xml",
        ])
    }

    /// The embargoed release (its title, slug, URL, its tag "Expansion") is in no feed, no
    /// sitemap entry and no JSON-LD block, until its embargo lifts.
    @Test func aHeldReleaseIsInNoFeedSitemapOrStructuredData() throws {
        let built = try build()
        let places = built.paths.filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") || $0.hasSuffix(".txt") }
        let blocks = built.htmlPaths.flatMap { path in
            (built.text(path) ?? "").components(separatedBy: "<script type=\"application/ld+json\">").dropFirst()
                .map { String($0.prefix { $0 != "<" }) }
        }
        #expect(!blocks.isEmpty)
        for needle in ["Gull Rock", "new-station", "Secret station", "Expansion", "expansion"] {
            for path in places { #expect(built.text(path)?.contains(needle) == false, "\(needle) in \(path)") }
            for block in blocks { #expect(!block.contains(needle), "\(needle) in JSON-LD") }
        }
        let lifted = try build(now: "2026-04-01T13:01:00Z")
        #expect(lifted.text("feed.xml")?.contains("Secret station plans for Gull Rock") == true)
        #expect(lifted.text("sitemap.xml")?.contains("https://example.org/news/releases/2026/new-station/") == true)
        #expect(lifted.text("tags/expansion/feed.json")?.contains("new-station") == true)
    }

    /// A feed's `updated` is the newest visible change among its releases (an `updated` date
    /// beats a later publication date); lifting a release of one tag leaves another tag's feed,
    /// and the `lastmod` of releases it does not touch, as they were.
    @Test func feedTimesComeFromContentAndMoveOnlyWithTheirReleases() throws {
        let before = try build()
        #expect(before.text("feed.xml")?.contains("<updated>2026-03-12T09:30:00-04:00</updated>\n  <author>") == true)
        let after = try build(now: "2026-04-01T13:01:00Z")
        #expect(after.text("feed.xml")?.contains("<updated>2026-03-20T00:00:00-04:00</updated>\n  <author>") == true)
        for path in ["tags/finance/feed.xml", "tags/finance/feed.json", "tags/restoration/feed.xml", "tags/reports/feed.json"] {
            #expect(before.files[path] == after.files[path], "\(path) changed when a release of another tag was lifted")
        }
        #expect(before.files["tags/safety/feed.xml"] != after.files["tags/safety/feed.xml"])
        func lastmod(_ tree: OutputTree, _ url: String) -> String? {
            guard let text = tree.text("sitemap.xml"), let range = text.range(of: "<loc>\(url)</loc>\n    <lastmod>") else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "<" })
        }
        for url in ["releases/2026/restoration/", "releases/2025/annual-report/", "tags/finance/", "archive/2025/"] {
            #expect(lastmod(before, "https://example.org/news/" + url) != nil)
            #expect(lastmod(before, "https://example.org/news/" + url) == lastmod(after, "https://example.org/news/" + url), "\(url)")
        }
    }

    /// `--base-url` moves every URL: no page, feed, sitemap or robots.txt keeps the configured
    /// host or a link under the configured path.
    @Test func baseURLMovesEveryURL() throws {
        let built = try build(baseURL: "https://staging.example/pr-42/")
        var checked = 0
        for path in built.paths where [".html", ".xml", ".json", ".txt"].contains(where: path.hasSuffix) && !path.hasPrefix("media/") {
            let text = try #require(built.text(path))
            #expect(!text.contains("example.org/news"), "\(path) keeps the configured base URL")
            #expect(!text.contains("\"/news/"), "\(path) keeps the configured base path")
            checked += 1
        }
        #expect(checked > 20)
        let feed = try #require(built.text("feed.xml"))
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://staging.example/pr-42/feed.xml\"/>"))
        #expect(feed.contains("src=&quot;https://staging.example/pr-42/releases/2026/restoration/hero.png&quot;"))
        #expect(feed.contains("href=&quot;https://staging.example/pr-42/media/fact-sheet.txt&quot;"))
        #expect(built.text("robots.txt")?.contains("Sitemap: https://staging.example/pr-42/sitemap.xml") == true)
        let page = try #require(built.text("releases/2026/restoration/index.html"))
        #expect(page.contains("<a href=\"/pr-42/media/fact-sheet.txt\">"))
        #expect(page.contains("<a href=\"study.pdf\">"))
        #expect(page.contains("<meta property=\"og:image\" content=\"https://staging.example/pr-42/releases/2026/restoration/hero.png\">"))
    }

    /// A preview with drafts keeps search engines out: robots.txt disallows everything and
    /// every page says noindex.
    @Test func aPreviewIsNotForSearchEngines() throws {
        let built = try build(drafts: true)
        #expect(built.text("robots.txt") == "# A preview, with drafts, embargoed and scheduled releases: not for search engines.\nUser-agent: *\nDisallow: /\n")
        for path in built.htmlPaths {
            #expect(built.text(path)?.contains("<meta name=\"robots\" content=\"noindex\">") == true, "\(path)")
        }
        let published = try build()
        #expect(published.text("index.html")?.contains("noindex") == false)
        #expect(published.text("404.html")?.contains("<meta name=\"robots\" content=\"noindex\">") == true)
    }

    @Test func pagesCarryMetadataForSocialCardsAndSearch() throws {
        let built = try build()
        let release = try #require(built.text("releases/2026/restoration/index.html"))
        for line in [
            "<meta property=\"og:image\" content=\"https://example.org/news/releases/2026/restoration/hero.png\">",
            "<meta property=\"og:image:width\" content=\"16\">", "<meta property=\"og:image:height\" content=\"9\">",
            "<meta property=\"og:image:type\" content=\"image/png\">",
            "<meta property=\"article:published_time\" content=\"2026-03-10T11:00:00-04:00\">",
            "<meta property=\"article:modified_time\" content=\"2026-03-12T09:30:00-04:00\">",
            "<meta property=\"article:tag\" content=\"Safety\">",
            "<link rel=\"canonical\" href=\"https://example.org/news/releases/2026/restoration/\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Harbor Light Newsroom (Atom)\" href=\"/news/feed.xml\">",
            "\"@type\":\"NewsArticle\"", "\"dateModified\":\"2026-03-12T09:30:00-04:00\"", "\"keywords\":\"Restoration, Safety\"",
            "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Harbor Light Foundation\"",
        ] {
            #expect(release.contains(line), "\(line)")
        }
        let tag = try #require(built.text("tags/safety/index.html"))
        #expect(tag.contains("<link rel=\"alternate\" type=\"application/feed+json\" title=\"Safety — Harbor Light Newsroom (JSON Feed)\" href=\"/news/tags/safety/feed.json\">"))
        let home = try #require(built.text("index.html"))
        #expect(home.contains("\"@type\":\"Organization\""))
        #expect(home.contains("\"contactPoint\":[{\"@type\":\"ContactPoint\",\"contactType\":\"media relations\",\"name\":\"Press Office\",\"telephone\":\"+15550100\",\"email\":\"press@example.org\"}]"))
        #expect(built.text("page/2/index.html")?.contains("application/ld+json") == false)
    }

    /// More pages than one sitemap may list: `sitemap.xml` becomes an index of parts, which
    /// together list exactly what the one sitemap listed, in order. (Shown with parts of 4
    /// pages; the real limit is the protocol's 50,000.)
    @Test func aLargeSiteGetsASitemapIndex() throws {
        let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))
        let site = try #require(SiteLoader.load(siteDirectory: Self.site, baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: Self.site, clock: clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: clock, sitemapLimit: 4).plan)
        let renderer = try #require(SiteRenderer.make(plan: plan, clock: clock, isPreview: false).renderer)
        var texts: [String: String] = [:]
        for file in renderer.render(threads: 1).files {
            if case .bytes(let data) = file.content { texts[file.path] = String(decoding: data, as: UTF8.self) }
        }
        func locs(_ text: String?) -> [String] {
            (text ?? "").components(separatedBy: "<loc>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        }
        let index = try #require(texts["sitemap.xml"])
        #expect(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(locs(index) == (1...4).map { "https://example.org/news/sitemaps/\($0).xml" })
        #expect(index.contains("<loc>https://example.org/news/sitemaps/1.xml</loc>\n    <lastmod>2026-03-12T09:30:00-04:00</lastmod>"))
        let parts = (1...4).map { locs(texts["sitemaps/\($0).xml"]) }
        #expect(parts.map(\.count) == [4, 4, 4, 2])
        let single = try String(contentsOfFile: Self.expected + "/sitemap.xml", encoding: .utf8)
        #expect(parts.flatMap { $0 } == locs(single))
        // Each part's entry in the index says when the newest page of that part changed.
        func lastmods(_ text: String?) -> [Date] {
            (text ?? "").components(separatedBy: "<lastmod>").dropFirst().compactMap {
                ISO8601DateFormatter().date(from: String($0.prefix { $0 != "<" }))
            }
        }
        #expect(lastmods(index).count == 4)
        #expect(lastmods(index) == (1...4).map { lastmods(texts["sitemaps/\($0).xml"]).max() })
    }

    /// The feed, sitemap and robots templates are the theme's: a site overrides them like any other.
    @Test func aSiteOverridesFeedAndRobotsTemplates() throws {
        let site = try Fixtures.copy("feeds/site")
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try "User-agent: *\nDisallow: /private/\nSitemap: {{ sitemap_url }}\n".write(toFile: site + "/Templates/robots.txt", atomically: true, encoding: .utf8)
        try "<?xml version=\"1.0\"?><count>{{ releases | length }} {{ feed.tag.name if feed.tag else site.title }}</count>\n"
            .write(toFile: site + "/Templates/feed.xml", atomically: true, encoding: .utf8)
        let output = Fixtures.temporaryDirectory("feeds") + "/public"
        _ = try Fixtures.build(site, output: output)
        let built = OutputTree(output)
        #expect(built.text("robots.txt") == "User-agent: *\nDisallow: /private/\nSitemap: https://example.org/news/sitemap.xml\n")
        #expect(built.text("feed.xml") == "<?xml version=\"1.0\"?><count>3 Harbor Light Newsroom</count>\n")
        #expect(built.text("tags/safety/feed.xml") == "<?xml version=\"1.0\"?><count>2 Safety</count>\n")
    }

    /// Heading ids come from the author's words ("Media contacts", "Downloads", "Main"); the
    /// theme's own ids have an underscore, which a heading id never has, so no page repeats one.
    @Test func noPageRepeatsAnID() throws {
        let built = try build()
        #expect(built.text("releases/2026/restoration/index.html")?.contains("<h2 id=\"media-contacts\">") == true)
        for path in built.htmlPaths {
            let ids = (built.text(path) ?? "").components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(Set(ids).count == ids.count, "\(path) repeats an id: \(ids)")
        }
    }
}
