import Foundation
import NewsroomKit
import Testing

/// The leak scan, made whole: every spelling of a held URL, title and text that the output
/// could carry stops the build; what published sources show on purpose does not.
/// Each case edits a copy of `seeds/fixtures/basic` (base path /news/; held: the embargoed
/// bundle `releases/2026/embargoed-news/`, the draft `releases/2026/draft/`, the scheduled
/// `releases/2026/scheduled/`).
@Suite struct LeakScanTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Site-relative path → text appended to the file (created when missing).
        var append: [String: String] = [:]
        /// Site-relative path → (text to replace, replacement).
        var replace: [String: (String, String)] = [:]
        var message: String
        var testDescription: String { name }
    }

    static let published = "Content/releases/2025/2025-03-03-delta.md"
    static let embargoed = "Content/releases/2026/embargoed-news/index.md"
    static let draft = "Content/releases/2026/2026-03-01-draft.md"
    static let scheduled = "Content/releases/2026/2026-05-05-scheduled.md"
    static let embargo = "this release is held back (embargoed until 2026-04-01T13:00:00Z) but"
    static let inDelta = "appears in the output file releases/2025/delta/index.html; nothing was written"

    static let leaks: [Case] = [
        Case(name: "URL without its slash", append: [published: "\nSee [x](/releases/2026/embargoed-news).\n"],
             message: "\(embargo) its URL /releases/2026/embargoed-news/ \(inDelta)"),
        Case(name: "relative URL", append: [published: "\nSee [x](../../2026/embargoed-news/).\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('../../2026/embargoed-news/') \(inDelta)"),
        Case(name: "sibling without a slash", append: [published: "\nSee [x](../../2026/embargoed-news#top).\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('../../2026/embargoed-news#top') \(inDelta)"),
        Case(name: "index.html", append: [published: "\nSee [x](/releases/2026/embargoed-news/index.html).\n"],
             message: "\(embargo) its URL /releases/2026/embargoed-news/ \(inDelta)"),
        Case(name: "percent-encoded", append: [published: "\nSee [x](/releases/2026/%65mbargoed-news/).\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('/news/releases/2026/%65mbargoed-news/') \(inDelta)"),
        Case(name: "its bundle file", append: [published: "\nSee [x](../../2026/embargoed-news/embargo-briefing.txt).\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('../../2026/embargoed-news/embargo-briefing.txt') \(inDelta)"),
        Case(name: "entity-encoded raw HTML",
             append: ["Content/newsroom.yml": "markdown: {unsafe_html: true}\n",
                      published: "\n<p><a href=\"&#x2F;news&#x2F;releases&#x2F;2026&sol;embargoed-news\">x</a></p>\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('/news/releases/2026/embargoed-news') \(inDelta)"),
        Case(name: "percent-encoded raw HTML",
             append: ["Content/newsroom.yml": "markdown: {unsafe_html: true}\n",
                      published: "\n<p><a href=\"/news/releases/2026/embargoed%2Dnews\">x</a></p>\n"],
             message: "\(embargo) a link to its URL /releases/2026/embargoed-news/ ('/news/releases/2026/embargoed%2Dnews') \(inDelta)"),
        Case(name: "alias spelling its URL", replace: [published: ("tags: [Partnerships]", "tags: [Partnerships]\naliases: [/releases/2026/embargoed-news.html]")],
             message: "\(embargo) its URL /releases/2026/embargoed-news/ (as the output file's own name) appears in the output file releases/2026/embargoed-news.html; nothing was written"),
        Case(name: "title with an apostrophe, quoted with smart punctuation",
             append: [published: "\nWe read The board's MARKER-DRAFT plan today.\n"],
             replace: [draft: ("title: Draft MARKER-DRAFT-7f3a", "title: The board's MARKER-DRAFT plan")],
             message: "this release is held back (a draft) but its title \(inDelta)"),
        Case(name: "NFD copy of a title",
             append: [published: "\nAs in Scheduled cafe\u{301} MARKER-SCHEDULED notes.\n"],
             replace: [scheduled: ("title: Scheduled MARKER-SCHEDULED-44d1", "title: Scheduled caf\u{E9} MARKER-SCHEDULED")],
             message: "this release is held back (scheduled for 2026-05-05T12:00:00Z) but its title \(inDelta)"),
        Case(name: "title through the json filter",
             append: ["Content/newsroom.yml": "params:\n  teaser: \"Smith & Jones MARKER-EMBARGO merger\"\n",
                      "Templates/page.html": "{% extends \"base.html\" %}{% block content %}<script type=\"application/ld+json\">{{ site.params | json }}</script>{% endblock %}\n"],
             replace: [embargoed: ("title: Embargoed MARKER-EMBARGO-19c2", "title: Smith & Jones MARKER-EMBARGO merger")],
             message: "\(embargo) its title appears in the output file media-kit/index.html; nothing was written"),
        Case(name: "link to a draft page",
             append: ["Content/pages/secret.md": "---\ntitle: Secret page MARKER-PAGE\ndraft: true\n---\nNot yet.\n",
                      published: "\nSee [the plan](/secret/).\n"],
             message: "this page is held back (a draft) but its URL /secret/ \(inDelta)"),
        Case(name: "title of a draft page",
             append: ["Content/pages/secret.md": "---\ntitle: Secret page MARKER-PAGE\ndraft: true\n---\nNot yet.\n",
                      "Content/newsroom.yml": "params:\n  teaser: Secret page MARKER-PAGE\n",
                      "Templates/page.html": "{% extends \"base.html\" %}{% block content %}{{ site.params.teaser }}{% endblock %}\n"],
             message: "this page is held back (a draft) but its title appears in the output file media-kit/index.html; nothing was written"),
        Case(name: "page of a tag only held releases use",
             append: [published: "\nSee [x](/tags/secret-tag-zeta).\n"],
             message: "this release is held back (a draft) but the page of its tag 'Secret Tag Zeta' /tags/secret-tag-zeta/ \(inDelta)"),
        Case(name: "the address written out in text",
             append: [published: "\nRead it at example.org/news/releases/2026/embargoed-news soon.\n"],
             message: "\(embargo) its URL /releases/2026/embargoed-news/ \(inDelta)"),
        Case(name: "copy of a held file in an unused media file",
             append: ["Content/media/copy.txt": "Briefing MARKER-EMBARGO-FILE-19c2\n"],
             message: "\(embargo) a copy of its file embargo-briefing.txt appears in the output file media/copy.txt; nothing was written"),
    ]

    @Test(arguments: leaks)
    func leakStopsTheBuild(_ leak: Case) throws {
        let site = try Self.edited(leak)
        let output = Fixtures.temporaryDirectory("leak") + "/public"
        do {
            _ = try Fixtures.build(site, output: output)
            Issue.record("the build must fail")
        } catch {
            #expect(error.errors.map(\.message).contains(leak.message), "\(error.errors.map(\.message))")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    static let shownOnPurpose: [Case] = [
        Case(name: "held bundle holding a copy of a published logo",
             append: ["Content/releases/2026/embargoed-news/logo-copy.svg":
                        (try? String(contentsOfFile: Fixtures.site("basic") + "/Content/media/logo.svg", encoding: .utf8)) ?? ""],
             message: ""),
        Case(name: "draft quoting the About boilerplate",
             append: [draft: "\nThe Example Foundation funds research. Visit our site.\n"], message: ""),
        Case(name: "draft quoting a published release",
             append: [draft: "\nThe partnership with Delta Labs brings new tools to every clinic.\n",
                      published: "\nThe partnership with Delta Labs brings new tools to every clinic.\n"], message: ""),
        Case(name: "a longer path ending like a held page",
             append: ["Content/pages/chart.md": "---\ntitle: Chart of the week\ndraft: true\n---\nSoon.\n",
                      published: "\nSee [x](https://example.org/archive/news/chart/) and [y](/media/chart.svg).\n"],
             message: ""),
        Case(name: "a link to another site's page at a held path",
             append: [published: "\nSee [x](https://other.example/news/releases/2026/embargoed-news/).\n"], message: ""),
    ]

    @Test(arguments: shownOnPurpose)
    func publishedTextIsNoLeak(_ shown: Case) throws {
        let site = try Self.edited(shown)
        let output = Fixtures.temporaryDirectory("shown") + "/public"
        let report = try Fixtures.build(site, output: output)
        #expect(report.withheld.count == 3)
    }

    /// Held releases are planned, so a URL they will take clashes today, not when they are
    /// published: a published release with a held one's URL (one conflict, not four leak reports),
    /// a held release's alias, the tag page only held releases bring.
    static let conflicts: [(Case, NewsroomKit.SourceLocation)] = [
        (Case(name: "same slug",
              append: ["Content/releases/2026/2026-02-01-embargoed-news.md": "---\ntitle: Other news\ndate: 2026-02-01\n---\nText.\n"],
              message: "two pages have the URL /releases/2026/embargoed-news/: this file and Content/releases/2026/2026-02-01-embargoed-news.md"),
         SourceLocation(path: embargoed)),
        (Case(name: "held alias",
              replace: [embargoed: ("tags: [Secret Tag Zeta]", "tags: [Secret Tag Zeta]\naliases: [/2024/06/beta.html]")],
              message: "two pages have the URL /2024/06/beta.html: this file and Content/releases/2024/2024-06-01-beta-results.md"),
         SourceLocation(path: embargoed, line: 6, column: 11)),
        (Case(name: "held tag page",
              append: ["Content/pages/tags/secret-tag-zeta.md": "---\ntitle: Not a tag\n---\nA page.\n"],
              message: "two pages have the URL /tags/secret-tag-zeta/: this file and Content/pages/tags/secret-tag-zeta.md"),
         SourceLocation(path: draft)),
    ]

    @Test(arguments: conflicts)
    func aHeldItemsURLConflictShowsNow(_ conflict: Case, at location: NewsroomKit.SourceLocation) throws {
        let site = try Self.edited(conflict)
        let output = Fixtures.temporaryDirectory("held-conflict") + "/public"
        // Only the error counts here (the fixture's hostile release brings a warning of its own).
        let failure = #expect(throws: BuildFailure.self) { _ = try Fixtures.build(site, output: output) }
        #expect(failure?.errors == [.error(conflict.message, at: location)])
    }

    @Test func aHeldReleasesBrokenLinkIsReportedNow() throws {
        let site = try Self.edited(Case(name: "held link", append: [Self.draft: "\nSee [x](/no-such-page/).\n"], message: ""))
        let report = try Fixtures.build(site, output: Fixtures.temporaryDirectory("held-link") + "/public")
        #expect(report.diagnostics.filter { !$0.message.hasPrefix("this raw HTML") } == [
            .warning("broken internal link '/no-such-page/': nothing is published at /no-such-page/",
                     at: SourceLocation(path: Self.draft, line: 9, column: 5))])
    }

    /// A media file only a held release uses is held with it, and published when the release is.
    @Test func mediaUsedOnlyByAHeldReleaseIsHeldWithIt() throws {
        let site = try Self.edited(Case(
            name: "held image",
            append: ["Content/media/trial-chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Trial</title></svg>\n"],
            replace: [Self.embargoed: ("tags: [Secret Tag Zeta]", "tags: [Secret Tag Zeta]\nimage: trial-chart.svg\nimage_alt: A chart")],
            message: ""))
        let output = Fixtures.temporaryDirectory("held-media") + "/public"
        _ = try Fixtures.build(site, output: output)
        #expect(OutputTree(output).files["media/trial-chart.svg"] == nil)
        #expect(OutputTree(output).files["media/logo.svg"] != nil)
        _ = try Fixtures.build(site, output: output, now: "2026-04-02T00:00:00Z")
        let tree = OutputTree(output)
        #expect(tree.files["media/trial-chart.svg"] != nil)
        #expect(tree.text("releases/2026/embargoed-news/index.html")?.contains("src=\"/news/media/trial-chart.svg\"") == true)
    }

    /// A draft page is held like a draft release, and listed with them; `--drafts` shows it.
    @Test func aDraftPageIsHeldAndReported() throws {
        let site = try Self.edited(Case(
            name: "draft page",
            append: ["Content/pages/secret.md": "---\ntitle: Secret page MARKER-PAGE\ndraft: true\n---\nNot yet.\n"],
            message: ""))
        let output = Fixtures.temporaryDirectory("draft-page") + "/public"
        let report = try Fixtures.build(site, output: output)
        #expect(report.withheldPages == ["Content/pages/secret.md"])
        #expect(OutputTree(output).files["secret/index.html"] == nil)
        let preview = try Fixtures.build(site, output: output, drafts: true)
        #expect(preview.withheldPages.isEmpty)
        #expect(OutputTree(output).text("secret/index.html")?.contains("MARKER-PAGE") == true)
    }

    /// A copy of the site with the case's edits.
    static func edited(_ edits: Case) throws -> String {
        let site = try Fixtures.copy("basic")
        for (path, (old, new)) in edits.replace {
            let file = site + "/" + path
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains(old), "\(path) has no '\(old)'")
            try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
        }
        for (path, addition) in edits.append {
            let file = site + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let existing = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            try (existing + addition).write(toFile: file, atomically: true, encoding: .utf8)
        }
        return site
    }
}
