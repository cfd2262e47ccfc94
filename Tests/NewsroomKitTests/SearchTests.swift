import Foundation
import TestFolders
@testable import NewsroomKit
import Templating
import Testing

/// The search index (`search.json`), the search page and the header's search box, on the
/// fixtures `feeds/site` (under /news/, one embargoed release) and `basic` (a draft, a
/// scheduled and an embargoed release).
@Suite struct SearchTests {
    static let feeds = Fixtures.site("feeds/site")

    private func build(_ site: String = Self.feeds, now: String = "2026-03-15T00:00:00Z", baseURL: String? = nil) throws -> OutputTree {
        let output = Fixtures.temporaryDirectory("search") + "/public"
        _ = try Builder.build(BuildOptions(siteDirectory: site, outputDirectory: output, baseURL: baseURL,
                                           clock: Clock(now: Fixtures.date(now))))
        return OutputTree(output)
    }

    /// Title, root-relative URL under the base path, ISO date in the site's time zone, tags,
    /// summary and body words, newest first, one release a line, values escaped as JSON.
    @Test func theIndexIsExactlyAsExpected() throws {
        let expected = try String(contentsOfFile: Fixtures.site("feeds/expected") + "/search.json", encoding: .utf8)
        #expect(try build().text("search.json") == expected)
    }

    @Test func theIndexIsValidJSONWithTheDocumentedFields() throws {
        let data = try #require(try build().files["search.json"])
        let index = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(index["version"] as? Int == 1)
        let releases = try #require(index["releases"] as? [[String: Any]])
        #expect(releases.map { $0["url"] as? String } == [
            "/news/releases/2026/restoration/", "/news/releases/2026/safety-week/", "/news/releases/2025/annual-report/",
        ])
        for release in releases {
            #expect(Set(release.keys) == ["title", "url", "date", "tags", "summary", "text"])
        }
        #expect(releases.first?["title"] as? String == "Q&A: “Harbor” <Light> & the ‘keepers’ ]]> restore Point Aster")
    }

    /// Nothing of a held release (title, slug, body, its tag) is in the index or on the search
    /// page, until it is published; then it comes first, as the newest.
    @Test func heldReleasesAreNotInTheIndexUntilTheyArePublished() throws {
        let built = try build()
        for path in ["search.json", "search/index.html"] {
            for needle in ["Gull Rock", "new-station", "Secret station", "Expansion"] {
                #expect(built.text(path)?.contains(needle) == false, "\(needle) in \(path)")
            }
        }
        let basic = try build(Fixtures.site("basic"))
        let index = try #require(basic.text("search.json"))
        for needle in ["MARKER", "draft", "scheduled", "embargoed-news", "Secret Tag Zeta"] {
            #expect(!index.contains(needle), "\(needle) in search.json")
        }
        #expect(index.contains("\"url\": \"/news/releases/2026/bundle-release/\""))

        let lifted = try build(now: "2026-04-01T13:01:00Z")
        let lines = try #require(lifted.text("search.json")).split(separator: "\n")
        #expect(lines[1].hasPrefix("{\"title\": \"Secret station plans for Gull Rock\", \"url\": \"/news/releases/2026/new-station/\", \"date\": \"2026-03-20\""))
    }

    /// The leak scan reads the index like every output file: a theme whose index prints held
    /// text stops the build, naming the file.
    @Test func theLeakScanCoversTheIndex() throws {
        let site = try LeakScanTests.edited(LeakScanTests.Case(
            name: "search index", append: [
                "Content/newsroom.yml": "params:\n  teaser: Embargoed MARKER-EMBARGO-19c2\n",
                "Templates/search.json": "{\"teaser\": {{ site.params.teaser }}, \"entries\": {{ entries | length }}}\n",
            ], message: ""))
        let output = Fixtures.temporaryDirectory("search-leak") + "/public"
        do {
            _ = try Fixtures.build(site, output: output)
            Issue.record("the build must fail")
        } catch {
            #expect(error.errors.map(\.message) == [
                "this release is held back (embargoed until 2026-04-01T13:00:00Z) but its title appears in the output file search.json; nothing was written",
            ])
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A page that lists the whole site may grow with it (the index of 100,000 releases is about
    /// 125 MB), a few kilobytes a release past the usual limit; a runaway template still stops.
    @Test func wholeSitePagesMayGrowWithTheSiteButNotWithoutBound() throws {
        let usual = TemplateEnvironment.Limits()
        #expect(SiteRenderer.wholeSiteLimits(releases: 0) == usual)
        #expect(SiteRenderer.wholeSiteLimits(releases: 100_000).bytes > 125_157_008)
        #expect(SiteRenderer.wholeSiteLimits(releases: 100_000).bytes < 1 << 30)
        let site = try Fixtures.copy("feeds/site")
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try Data("{{ \"x\" * 17000000 }}\n".utf8).write(to: URL(fileURLWithPath: site + "/Templates/search.json"))
        let output = Fixtures.temporaryDirectory("search-runaway") + "/public"
        do {
            _ = try Fixtures.build(site, output: output)
            Issue.record("the build must fail")
        } catch {
            #expect(error.errors.map(\.message).contains { $0.contains("text too long (more than") }, "\(error.errors.map(\.message))")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// Every URL the search page, its script and the header box use comes from the base path.
    @Test(arguments: [(nil, "/news/"), ("https://preview.example.net/", "/"), ("https://example.org/a/b/", "/a/b/")] as [(String?, String)])
    func everySearchURLIsUnderTheBasePath(baseURL: String?, path: String) throws {
        let built = try build(baseURL: baseURL)
        let page = try #require(built.text("search/index.html"))
        #expect(page.contains("<script src=\"\(path)assets/search.js\" defer></script>"))
        #expect(page.contains("data-search-index=\"\(path)search.json\""))
        #expect(page.contains("<form class=\"search-form\" role=\"search\" action=\"\(path)search/\" method=\"get\">"))
        #expect(page.contains("<a href=\"\(path)archive/\">by year in the archive</a>"))
        #expect(built.text("index.html")?.contains("<form class=\"site-search\" role=\"search\" action=\"\(path)search/\" method=\"get\">") == true)
        #expect(built.text("search.json")?.contains("\"url\": \"\(path)releases/2026/restoration/\"") == true)
        #expect(built.files["assets/search.js"] != nil)
    }

    /// The page has a labelled search field, a polite live region for the count, the message
    /// for browsers without JavaScript, and no second search box in its header. It is kept out
    /// of the sitemap and search engines.
    @Test func theSearchPageAndTheHeaderBox() throws {
        let built = try build()
        let page = try #require(built.text("search/index.html"))
        #expect(page.contains("<label class=\"search-form__label\" for=\"search_query\">"))
        #expect(page.contains("<input class=\"search-form__input\" type=\"search\" id=\"search_query\" name=\"q\""))
        #expect(page.contains("<p class=\"search__status\" role=\"status\" aria-live=\"polite\" data-search-status></p>"))
        #expect(page.contains("data-search-fallback>Search runs in your browser and needs JavaScript."))
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!page.contains("site-search"))
        for path in built.htmlPaths where path != "search/index.html" && !(built.text(path) ?? "").contains("http-equiv=\"refresh\"") {
            let html = built.text(path) ?? ""
            #expect(html.contains("<label class=\"site-search__label\" for=\"site_search_query\">Search releases</label>"), "\(path)")
            #expect(html.contains("<input class=\"site-search__input\" type=\"search\" id=\"site_search_query\" name=\"q\" placeholder=\"Search releases\""), "\(path)")
        }
        #expect(built.text("sitemap.xml")?.contains("search") == false)
    }

    /// `search: false` writes no index, no search page and no header box.
    @Test func searchCanBeTurnedOff() throws {
        let site = try Fixtures.copy("feeds/site")
        let settings = site + "/Content/newsroom.yml"
        try (String(contentsOfFile: settings, encoding: .utf8) + "search: false\n").write(toFile: settings, atomically: true, encoding: .utf8)
        let built = try build(site)
        #expect(built.files["search.json"] == nil)
        #expect(built.files["search/index.html"] == nil)
        for path in built.htmlPaths { #expect(built.text(path)?.contains("search") == false, "\(path)") }
    }

    @Test func theSearchSettingIsABoolean() {
        let text = "title: T\nbase_url: https://example.org/\nsearch: maybe\n"
        let (config, diagnostics) = ConfigLoader.parse(text, baseURLOverride: nil)
        #expect(config == nil)
        #expect(diagnostics.sorted.map(\.description) == ["Content/newsroom.yml:3:9: error: 'search' must be true or false"])
    }

    /// An incremental build after a body edit writes the same index as a clean build.
    @Test func anIncrementalIndexEqualsACleanOne() throws {
        let site = try Fixtures.copy("feeds/site")
        let work = Fixtures.temporaryDirectory("search-incremental")
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")))
        let session = IncrementalBuildTests.session(work + "/cache")
        _ = try session.build(options)
        let release = site + "/Content/releases/2026/2026-02-01-safety-week.md"
        try (String(contentsOfFile: release, encoding: .utf8) + "\nLifeguards from Zanzibar will teach knots.\n")
            .write(toFile: release, atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 0.04)
        _ = try session.build(options)
        var clean = options
        clean.outputDirectory = work + "/clean"
        _ = try Builder.build(clean)
        let index = OutputTree(work + "/public").text("search.json")
        #expect(index?.contains("zanzibar") == true)
        #expect(index == OutputTree(work + "/clean").text("search.json"))
    }

    // MARK: - Body words

    @Test func bodyWordsAreDistinctLowercasedSortedAndLeaveOutWhatTheIndexHasAnyway() {
        #expect(SearchText.words(of: "Zebra ate a café, then the CAFÉ closed. Zebra 2026!", besides: ["The menu"])
                == "2026 ate café closed then zebra")
        #expect(SearchText.words(of: "one two three four", besides: [], limit: 2) == "one two")
        #expect(SearchText.words(of: "Ελληνικά 日本語 x y", besides: []) == "ελληνικά 日本語")
        #expect(SearchText.words(of: "it’s co-op", besides: []) == "co it op")
    }

    /// ASCII words are sorted by a number made of their first seven bytes: the order must be
    /// `String`'s for words sharing those bytes, for prefixes of each other, and beside other
    /// letters; lists of ASCII words alone, mixed lists, and lists longer than a byte can number.
    @Test func bodyWordsAreInStringsOrder() {
        let ascii = ["abcdefgh", "abcdefghi", "abcdefghj", "abcdefg", "abcdef", "abcdefx", "abcdefgz", "ab", "abc", "a1",
                     "a10", "a9", "zz", "z9z", "0", "00", "007", "ubera", "zebra", "ete", "abcdefgh2", "abcdefg2"]
        let other = ["über", "zèbre", "e\u{301}te", "été", "日本語", "ελληνικά", "abcdefghé"]
        var generator = SeededRandom(seed: 7)
        for pool in [ascii + other, ascii] {
            for _ in 0 ..< 200 {
                let text = (0 ..< 12).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }.joined(separator: " ")
                let words = SearchText.words(of: text, besides: []).split(separator: " ").map(String.init)
                #expect(words == words.sorted(), "\(text)")
            }
        }
        let many = (0 ..< 300).map { "w\(($0 * 7919) % 1000)" }.joined(separator: " ")
        let words = SearchText.words(of: many, besides: [], limit: 300).split(separator: " ").map(String.init)
        #expect(words.count == 300 && words == words.sorted())
    }
}
