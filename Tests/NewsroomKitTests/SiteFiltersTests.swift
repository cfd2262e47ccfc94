import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// The filters a site's templates have besides the engine's: `slugify` and `absolute_url`.
struct SiteFiltersTests {
    static func config(baseURL: String) throws -> NewsroomConfig {
        let text = "title: Example\nbase_url: \(baseURL)\norganization: {name: Example, about: Examples.}\n"
            + "contacts: {press: {name: Press}}\ndefault_contacts: [press]\n"
        return try #require(ConfigLoader.parse(text, baseURLOverride: nil).config)
    }

    static func render(_ template: String, baseURL: String = "https://example.org/news/") throws -> String {
        let environment = try TemplateEnvironment(source: MemorySource(["main.html": template]),
                                                  filters: SiteFilters.filters(config: try config(baseURL: baseURL)))
        return try environment.render("main.html", context: TemplateObject())
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
}
