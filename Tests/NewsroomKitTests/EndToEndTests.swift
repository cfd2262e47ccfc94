import Foundation
import NewsroomKit
import Testing

/// Builds the `seeds/fixtures/basic` site (base path /news/, 3 releases a page) and inspects the files.
@Suite struct EndToEndTests {
    let output: String
    let tree: OutputTree
    let report: BuildReport

    init() throws {
        output = Fixtures.temporaryDirectory("e2e") + "/public"
        report = try Fixtures.build(Fixtures.site("basic"), output: output)
        tree = OutputTree(output)
    }

    @Test func everyPageOfTheURLTableExists() {
        let expected = [
            "index.html", "page/2/index.html", "page/3/index.html",
            "releases/2024/alpha-launch/index.html", "releases/2024/beta-results/index.html",
            "releases/2024/year-end/index.html", "releases/2025/gamma/index.html", "releases/2025/delta/index.html",
            "releases/2025/hostile/index.html", "releases/2026/bundle-release/index.html",
            "releases/2026/bundle-release/report.txt", "releases/2026/bundle-release/photo.svg",
            "tags/index.html", "tags/research/index.html", "tags/research/page/2/index.html",
            "tags/announcements/index.html", "archive/index.html", "archive/2024/index.html",
            "archive/2025/index.html", "archive/2026/index.html", "media-kit/index.html", "404.html",
            "media/logo.svg", "media/chart.svg", "assets/style.css",
            "2024/06/beta.html", "old/beta/index.html",
        ]
        for path in expected {
            #expect(tree.files[path] != nil, "missing \(path)")
        }
        #expect(report.publishedReleases == 7)
    }

    /// A release dated 2025-01-01T03:00Z is 2024-12-31 in New York: its URL year is the site's.
    @Test func releaseYearIsInTheSiteTimeZone() {
        #expect(tree.files["releases/2024/year-end/index.html"] != nil)
        #expect(tree.files["releases/2025/year-end/index.html"] == nil)
    }

    @Test func indexListsNewestFirstAndPaginates() throws {
        let order = [
            "Bundle release with files", "Q3 &lt;script&gt;", "Delta partnership",
            "Gamma grant awarded", "Year-end review", "Beta results published", "Alpha launch announced",
        ]
        let pages = ["index.html", "page/2/index.html", "page/3/index.html"].compactMap { tree.text($0) }
        #expect(pages.count == 3)
        let joined = pages.joined(separator: "\n<!-- page break -->\n")
        let positions = order.map { joined.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "a release is missing from the index pages")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "index is not newest first")
        // Three per page: page 1 holds the first three, page 3 only the oldest.
        #expect(pages[0].contains("Delta partnership") && !pages[0].contains("Gamma grant awarded"))
        #expect(pages[2].contains("Alpha launch announced") && !pages[2].contains("Beta results published"))
        #expect(pages[0].contains("href=\"/news/page/2/\""))
        #expect(pages[1].contains("href=\"/news/\"") && pages[1].contains("href=\"/news/page/3/\""))
    }

    @Test func tagPagesHoldTheirReleasesNewestFirst() throws {
        let tags = try #require(tree.text("tags/index.html"))
        for name in ["Research", "Grants", "Reports", "Partnerships", "Products", "Announcements"] {
            #expect(tags.contains("href=\"/news/tags/\(name.lowercased())/\""), "tag \(name) not linked")
            #expect(tags.contains(name), "tag \(name) not named")
        }
        // Research: hostile (category), gamma, beta, alpha → 4 releases, 3 a page.
        let first = try #require(tree.text("tags/research/index.html"))
        let second = try #require(tree.text("tags/research/page/2/index.html"))
        #expect(first.contains("Q3 &lt;script&gt;") && first.contains("Gamma grant awarded") && first.contains("Beta results published"))
        #expect(second.contains("Alpha launch announced") && !second.contains("Gamma grant awarded"))
        let hostile = try #require(first.range(of: "Q3 &lt;script&gt;")?.lowerBound)
        let gamma = try #require(first.range(of: "Gamma grant awarded")?.lowerBound)
        #expect(hostile < gamma)
    }

    @Test func yearPagesGroupByMonth() throws {
        let year = try #require(tree.text("archive/2025/index.html"))
        let september = try #require(year.range(of: "September")?.lowerBound)
        let march = try #require(year.range(of: "March")?.lowerBound)
        #expect(september < march)
        let archive = try #require(tree.text("archive/index.html"))
        #expect(archive.contains("/news/archive/2026/") && archive.contains("/news/archive/2024/"))
    }

    /// Every root-relative href and src in every page leads to a file of the output.
    @Test func everyInternalLinkResolves() throws {
        var broken: [String] = []
        let pattern = try Regex(##"(?:href|src)="(/[^"#?]*)"##)
        for path in tree.htmlPaths {
            let html = try #require(tree.text(path))
            for match in html.matches(of: pattern) {
                guard let link = match.output[1].substring.map(String.init) else { continue }
                guard link.hasPrefix("/news/") else {
                    broken.append("\(path): \(link) (outside the base path)")
                    continue
                }
                let relative = String(link.dropFirst("/news/".count))
                let candidates = relative.isEmpty || relative.hasSuffix("/")
                    ? [relative + "index.html"] : [relative, relative + "/index.html"]
                if !candidates.contains(where: { tree.files[$0] != nil }) { broken.append("\(path): \(link)") }
            }
        }
        #expect(broken == [])
    }

    @Test func userTextIsEscapedAndRawHTMLRemoved() throws {
        let page = try #require(tree.text("releases/2025/hostile/index.html"))
        #expect(!page.contains("<script>alert"))
        // Titles get typographic quotes, as bodies do; what is markup stays escaped.
        #expect(page.contains("Q3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; “quoted” update"))
        #expect(page.contains("&lt;b&gt;Bold&lt;/b&gt; Tag"))
        #expect(page.contains("&lt;I&gt;NOWHERE&lt;/I&gt;"))
        #expect(!page.contains("javascript:"))
        for path in tree.htmlPaths {
            #expect(tree.text(path)?.contains("<script>alert") == false, "unescaped script in \(path)")
        }
    }

    @Test func releasePageCarriesTheNewsroomParts() throws {
        let page = try #require(tree.text("releases/2024/alpha-launch/index.html"))
        #expect(page.contains("BOSTON"))
        #expect(page.contains("(<time datetime=\"2024-01-15T00:00:00-05:00\">Jan. 15, 2024</time>) — </span>The foundation"))
        #expect(page.contains("About Example Foundation"))
        #expect(page.contains("The Example Foundation funds <em>research</em>."))
        #expect(page.contains("Press Office") && page.contains("mailto:press@example.org"))
        #expect(page.contains("href=\"/news/media-kit/\""), "root-relative Markdown links get the base path")
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/news/releases/2024/alpha-launch/\">"))
        let beta = try #require(tree.text("releases/2024/beta-results/index.html"))
        #expect(beta.contains("Ana Ruiz") && beta.contains("Director of Communications"))
        let bundle = try #require(tree.text("releases/2026/bundle-release/index.html"))
        #expect(bundle.contains("href=\"/news/releases/2026/bundle-release/report.txt\""))
        #expect(bundle.contains("src=\"/news/releases/2026/bundle-release/photo.svg\""))
    }

    @Test func aliasesRedirectToTheirRelease() throws {
        for path in ["2024/06/beta.html", "old/beta/index.html"] {
            let page = try #require(tree.text(path))
            #expect(page.contains("url=/news/releases/2024/beta-results/"))
            #expect(page.contains("rel=\"canonical\" href=\"https://example.org/news/releases/2024/beta-results/\""))
        }
    }

    @Test func heldReleasesAppearNowhere() {
        // The held slugs `draft` and `scheduled` are also words of the theme (`banner--draft`,
        // `banner--scheduled` in its style sheet): searched for as paths.
        let markers = ["MARKER-DRAFT", "MARKER-EMBARGO", "MARKER-SCHEDULED", "Secret Tag Zeta", "secret-tag-zeta",
                       "embargoed-news", "embargo-briefing", "/scheduled", "/draft/"]
        for (path, bytes) in tree.files {
            let text = String(decoding: bytes, as: UTF8.self)
            for marker in markers {
                #expect(!path.contains(marker), "\(path) names a held release")
                #expect(!text.contains(marker), "\(path) contains \(marker)")
            }
        }
        #expect(report.withheld.map(\.hold) == [
            .embargoed(until: Fixtures.date("2026-04-01T13:00:00Z")),
            .scheduled(for: Fixtures.date("2026-05-05T12:00:00Z")),
            .draft,
        ])
    }
}

/// A site's own templates replace the built-in ones by name; the rest fall back to the built-in theme.
@Suite struct TemplateOverrideTests {
    @Test func siteTemplatesOverrideTheBuiltInTheme() throws {
        let site = Fixtures.site("overrides")
        let output = Fixtures.temporaryDirectory("overrides") + "/public"
        let report = try Fixtures.build(site, output: output)
        let tree = OutputTree(output)
        let expected = try String(contentsOfFile: site + "/expected-release.html", encoding: .utf8)
        #expect(tree.text("releases/2025/bastille/index.html") == expected)
        #expect(tree.text("assets/style.css") == "body { color: black; }\n")
        // tags.html is not overridden: the built-in one renders inside the site's base.html.
        let tags = try #require(tree.text("tags/index.html"))
        #expect(tags.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Tags | Override Newsroom</title>"))
        #expect(report.diagnostics.map(\.description) == [
            "Content/releases/2025-07-14-bastille.md:6:1: warning: unknown key 'sponsor' in front matter",
        ])
    }
}
