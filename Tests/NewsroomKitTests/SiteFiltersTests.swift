import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// The filters a site's templates have besides the engine's: `slugify`, `absolute_url`,
/// `group_by_year`, `group_by_month` and `xml_escape`.
struct SiteFiltersTests {
    static func config(baseURL: String, timeZone: String? = nil) throws -> NewsroomConfig {
        let text = "title: Example\nbase_url: \(baseURL)\norganization: {name: Example, about: Examples.}\n"
            + "contacts: {press: {name: Press}}\ndefault_contacts: [press]\n" + (timeZone.map { "timezone: \($0)\n" } ?? "")
        return try #require(ConfigLoader.parse(text, baseURLOverride: nil).config)
    }

    static func render(_ template: String, baseURL: String = "https://example.org/news/", timeZone: String? = nil,
                       context: TemplateObject = TemplateObject()) throws -> String {
        let environment = try TemplateEnvironment(source: MemorySource(["main.html": template]),
                                                  filters: SiteFilters.filters(config: try config(baseURL: baseURL, timeZone: timeZone)))
        return try environment.render("main.html", context: context)
    }

    @Test func slugifyMakesTheSlugsTagsAndReleasesHave() throws {
        #expect(try Self.render(#"{{ "Sporadic ALS" | slugify }} {{ "Ice Bucket Challenge: 10 Years!" | slugify }}"#)
            == "sporadic-als ice-bucket-challenge-10-years")
    }

    @Test(arguments: [
        ("/news/media/kit.pdf", "https://example.org/news/media/kit.pdf"),
        ("releases/2015/x/", "https://example.org/news/releases/2015/x/"),
        ("https://other.example/a", "https://other.example/a"),
        ("//cdn.example/logo.svg", "https://cdn.example/logo.svg"),
    ])
    func absoluteURLJoinsTheBaseURL(_ given: String, _ expected: String) throws {
        #expect(try Self.render("{{ \"\(given)\" | absolute_url }}") == expected)
    }

    @Test func absoluteURLFollowsABaseURLWithAPort() throws {
        #expect(try Self.render(#"{{ "/x/" | absolute_url }}"#, baseURL: "http://127.0.0.1:8080/") == "http://127.0.0.1:8080/x/")
    }

    @Test func keptTemplatesAreNotReusedWithAnotherBaseURL() throws {
        let first = try Self.config(baseURL: "https://example.org/news/")
        let second = try Self.config(baseURL: "https://example.org/press/")
        #expect(SiteFilters.Key(first) == SiteFilters.Key(first))
        #expect(SiteFilters.Key(first) != SiteFilters.Key(second))
    }

    /// Releases as the build puts them in the context: dates in ISO 8601 with the site's offset.
    static let releases: TemplateObject = ["releases": [
        ["title": "Spring", "date": "2024-03-05T00:00:00-05:00"],
        ["title": "Equinox", "date": "2024-03-20T09:00:00-04:00"],
        ["title": "Year's end", "date": "2024-12-31T21:00:00-05:00"],
        ["title": "Winter", "date": "2025-02-10T12:00:00-05:00"],
        ["title": "Also winter", "date": "2025-02-10T12:00:00-05:00"],
    ]]

    @Test func groupByYearGroupsNewestFirstInBothLoopForms() throws {
        let pairs = #"{% for year, list in releases | group_by_year %}{{ year }}:{% for r in list %} {{ r.title }}{% endfor %}; {% endfor %}"#
        let groups = #"{% for g in releases | group_by_year %}{{ g.grouper + 1 }}={{ g.list | length }} {% endfor %}"#
        #expect(try Self.render(pairs, timeZone: "America/New_York", context: Self.releases)
            == "2025: Winter Also winter; 2024: Year&#39;s end Equinox Spring; ")
        #expect(try Self.render(groups, timeZone: "America/New_York", context: Self.releases) == "2026=2 2025=3 ")
    }

    @Test func groupByMonthGivesTheFirstDayOfEachMonthInTheSiteTimeZone() throws {
        let template = #"{% for month, list in releases | group_by_month %}{{ month }} {{ month | date("%B %Y") }} {{ list | length }}; {% endfor %}"#
        #expect(try Self.render(template, timeZone: "America/New_York", context: Self.releases)
            == "2025-02-01 February 2025 2; 2024-12-01 December 2024 1; 2024-03-01 March 2024 2; ")
        // The same instant is in January 2025 in Tokyo.
        let tokyo = try Self.render(#"{% for g in releases | group_by_month %}{{ g.grouper }} {% endfor %}"#,
                                    timeZone: "Asia/Tokyo", context: Self.releases)
        #expect(tokyo == "2025-02-01 2025-01-01 2024-03-01 ")
    }

    @Test(arguments: [
        ("{{ 5 | group_by_year }}", "main.html:1:8: error: filter 'group_by_year': expected a list of releases, not a number"),
        ("{{ [{\"title\": \"x\"}] | group_by_month }}", "main.html:1:23: error: filter 'group_by_month': item 1 has no attribute 'date'"),
        ("{{ [{\"date\": \"2024-02-30\"}] | group_by_year }}", "main.html:1:31: error: filter 'group_by_year': cannot read the date of item 1, '2024-02-30', as a date"),
        ("{{ [{\"date\": 2024}] | group_by_year }}", "main.html:1:23: error: filter 'group_by_year': the date of item 1 is a number, not text"),
        ("{{ [] | group_by_year(1) }}", "main.html:1:9: error: filter 'group_by_year': takes no arguments"),
        ("{{ [1] | xml_escape }}", "main.html:1:10: error: filter 'xml_escape': expected text, not a list"),
    ])
    func misuseIsALocatedError(_ template: String, _ expected: String) throws {
        do {
            let output = try Self.render(template)
            Issue.record("rendered \(output)")
        } catch {
            #expect(String(describing: error) == expected)
        }
    }

    @Test func xmlEscapeEscapesPlainAndSafeTextForXML() throws {
        let context: TemplateObject = ["plain": "<a href=\"x\">Tom & Jerry's</a>", "html": .safe("<p>AT&amp;T</p>"), "control": "bell\u{07}"]
        #expect(try Self.render("{{ plain | xml_escape }}|{{ html | xml_escape }}|{{ control | xml_escape }}|{{ 42 | xml_escape }}", context: context)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|&lt;p&gt;AT&amp;amp;T&lt;/p&gt;|bell\u{FFFD}|42")
    }

    /// A site's own template groups its releases by year and month and escapes for XML, end to end.
    @Test func aSiteTemplateGroupsReleasesByYearAndMonth() throws {
        let site = Fixtures.site("site-filters")
        let output = Fixtures.temporaryDirectory("site-filters") + "/public"
        let report = try Fixtures.build(site, output: output, strict: true)
        let expected = try String(contentsOfFile: site + "/expected-index.html", encoding: .utf8)
        #expect(OutputTree(output).text("index.html") == expected)
        #expect(report.diagnostics.isEmpty)
    }
}
