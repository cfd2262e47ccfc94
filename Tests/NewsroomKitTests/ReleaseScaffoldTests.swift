import Foundation
@testable import NewsroomKit
import Testing

/// `newsroom new`'s text: what it writes for a request, and that the build reads back exactly
/// what was asked, whatever the title holds.
@Suite struct ReleaseScaffoldTests {
    static let settings = """
        title: T
        base_url: https://example.org/
        timezone: America/New_York
        organization: {name: Example}
        contacts:
          press: {name: Press Office}
          ana: {name: Ana Ruiz}
        default_contacts: [press]
        """

    static func config(_ text: String = settings) throws -> NewsroomConfig {
        try #require(ConfigLoader.parse(text, baseURLOverride: nil).config)
    }

    static let now = Fixtures.date("2026-05-01T14:00:00Z")

    static func make(_ request: ReleaseScaffold.Request, now: Date = now) throws -> ScaffoldFile {
        try ReleaseScaffold.make(request, config: try config(), now: now).file
    }

    /// The file as the build reads it: its release, and every diagnostic.
    static func parsed(_ file: ScaffoldFile) throws -> (Release?, [Diagnostic]) {
        let bundle = file.path.hasSuffix("/index.md") ? Route.parentFolder(of: file.path) : nil
        let (release, diagnostics) = ReleaseParser.parse(
            file.text, path: file.path, bundleDirectory: bundle, bundleFiles: [],
            context: ContentContext(config: try config(), mediaFiles: []))
        return (release, diagnostics.sorted)
    }

    @Test func writesTheWholeFileForARequest() throws {
        let file = try Self.make(.init(
            title: "Acme opens a plant in Ohio", tags: ["Manufacturing, Ohio", "Jobs"], category: "Announcements",
            embargo: "2026-05-04T09:00:00-04:00", draft: true))
        #expect(file.path == "Content/releases/2026/2026-05-04-acme-opens-a-plant-in-ohio.md")
        #expect(file.text == """
            ---
            title: Acme opens a plant in Ohio
            date: 2026-05-04T09:00:00-04:00
            # dateline: Springfield   # printed before the first paragraph: "SPRINGFIELD (May 4, 2026) —"
            category: Announcements
            tags: [Manufacturing, Ohio, Jobs]
            contacts: [press]
            embargo: 2026-05-04T09:00:00-04:00
            draft: true
            ---

            """ + ScaffoldText.releaseBody)
    }

    /// Whatever the title holds, the build reads back that title (trimmed), with no diagnostic,
    /// and the file is named by its slug.
    @Test(arguments: [
        "Say \"hi\" to Q3", "It's here", "Acme: 50% up", "Acme: up # not a comment", "#1 in Ohio", "- leading dash",
        "-5% in a year", "--- three dashes", "? a question", "[bracketed] news", "{braces}", "a, b and c", "*star",
        "&anchor", "!tag", "|pipe", ">fold", "%percent", "@at", "`tick`", "back\\slash", "tab\there",
        "'single'", "\"double\"", "Café crème à Zürich", "🎉 Launch day 🚀", "  spaced out  ", "yes", "null", "true",
        "2026", "RTL עברית news", "bom\u{FEFF}inside", "Über 1.000 Stellen", "日本語のニュース", "a: b: c", "x #y",
    ])
    func hostileTitlesReadBackAsWritten(title: String) throws {
        let file = try Self.make(.init(title: title))
        let (release, diagnostics) = try Self.parsed(file)
        #expect(diagnostics == [], "\(file.text)")
        #expect(release?.title == title.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(release?.slug == Slug.make(title))
        #expect(file.path == "Content/releases/2026/2026-05-01-\(Slug.make(title)).md")
    }

    @Test(arguments: [
        ("a\nb", "the title must be one line; it holds a line break (U+000A)"),
        ("a\r\nb", "the title must be one line; it holds a line break (U+000D)"),
        ("a\u{2028}b", "the title must be one line; it holds a line break (U+2028)"),
        ("a\u{85}b", "the title must be one line; it holds a line break (U+0085)"),
        ("a\u{7}b", "the title holds the control character U+0007; remove it"),
        ("   ", "the title is empty; write one, such as newsroom new \"Example opens a plant in Ohio\""),
        ("", "the title is empty; write one, such as newsroom new \"Example opens a plant in Ohio\""),
        ("🎉 !!!", "the title has no letters or digits to make a file name and URL from; add --slug, such as --slug launch"),
    ])
    func titlesThatCannotBeARelease(title: String, message: String) {
        #expect(throws: ScaffoldError.request(message)) { try Self.make(.init(title: title)) }
    }

    @Test(arguments: [
        (ReleaseScaffold.Request(title: "X", date: "2026-02-30"), "--date is not a real date: '2026-02-30' (February 2026 has 28 days)"),
        (ReleaseScaffold.Request(title: "X", date: "tomorrow"), "--date is not a date: 'tomorrow'; write \(ContentDate.formatDescription)"),
        (ReleaseScaffold.Request(title: "X", embargo: "2026-03-08T02:30"), "--embargo is a time that does not exist in America/New_York: '2026-03-08T02:30' (clocks jump from 02:00 to 03:00); write a time outside the gap, or add an offset"),
        (ReleaseScaffold.Request(title: "X", tags: ["A, !!"]), "--tags: tag '!!' has no letters or digits to make a URL from"),
        (ReleaseScaffold.Request(title: "X", category: "#"), "--category '#' has no letters or digits to make a URL from"),
        (ReleaseScaffold.Request(title: "X", dateline: "Paris\nTexas"), "--dateline must be one line; it holds a line break (U+000A)"),
        (ReleaseScaffold.Request(title: "X", slug: "Bad Slug"), "--slug may hold only lower-case letters, digits and single hyphens (such as 'bad-slug')"),
        (ReleaseScaffold.Request(title: "X", slug: "--"), "--slug may hold only lower-case letters, digits and single hyphens, such as new-plant"),
    ])
    func optionsThatCannotBeUsed(request: ReleaseScaffold.Request, message: String) {
        #expect(throws: ScaffoldError.request(message)) { try Self.make(request) }
    }

    /// Today is the clock's day in the site's zone: 03:00 UTC on New Year's Day is still the old
    /// year in New York, in the folder and the name.
    @Test func todayIsTheSiteTimeZonesDay() throws {
        let file = try Self.make(.init(title: "Year end"), now: Fixtures.date("2026-01-01T03:00:00Z"))
        #expect(file.path == "Content/releases/2025/2025-12-31-year-end.md")
        #expect(file.text.contains("\ndate: 2025-12-31\n"))
    }

    /// A day stays a day; a time is written with the site's offset.
    @Test func datesAreWrittenInTheSiteTimeZone() throws {
        let day = try Self.make(.init(title: "X", date: "2026-07-04"))
        #expect(day.text.contains("\ndate: 2026-07-04\n"))
        let time = try Self.make(.init(title: "X", date: "2027-01-01T02:00:00Z"))
        #expect(time.path == "Content/releases/2026/2026-12-31-x.md")
        #expect(time.text.contains("\ndate: 2026-12-31T21:00:00-05:00\n"))
    }

    /// A bundle is a folder named by the slug; where the build would take another slug from the
    /// name (one that starts with a date), the file says the slug outright.
    @Test func bundlesAndSlugsThatLookLikeDates() throws {
        let bundle = try Self.make(.init(title: "Annual report", dateline: "Boston, Mass.", bundle: true))
        #expect(bundle.path == "Content/releases/2026/annual-report/index.md")
        #expect(bundle.text.contains("\ndateline: Boston, Mass.\n"))
        #expect(!bundle.text.contains("slug:"))
        let dated = try Self.make(.init(title: "2026-04-30 results", bundle: true))
        #expect(dated.path == "Content/releases/2026/2026-04-30-results/index.md")
        #expect(dated.text.contains("\nslug: 2026-04-30-results\n"))
        #expect(try Self.parsed(dated).0?.slug == "2026-04-30-results")
        let file = try Self.make(.init(title: "2026-04-30 results"))
        #expect(file.path == "Content/releases/2026/2026-05-01-2026-04-30-results.md")
        #expect(!file.text.contains("slug:"))
    }

    /// A long headline makes a slug cut at a word, at most 80 bytes.
    @Test func longTitlesMakeShortSlugs() throws {
        let title = String(repeating: "Remarkably long headline words ", count: 8)
        let slug = try ReleaseScaffold.slug(nil, title: title)
        #expect(slug.utf8.count <= ReleaseScaffold.maximumSlugLength)
        #expect(Slug.make(title).hasPrefix(slug + "-"))
        #expect(try ReleaseScaffold.slug(nil, title: String(repeating: "x", count: 200)) == String(repeating: "x", count: 80))
    }

    /// Tags come split at commas, trimmed and once each by slug; contacts come from the settings.
    @Test func tagsAndContacts() throws {
        #expect(try ReleaseScaffold.tagList(["Research, Grants", " research ", "", "Q3: results,"]) == ["Research", "Grants", "Q3: results"])
        let hostile = try Self.make(.init(title: "X", tags: ["Q3: results", "#1"]))
        #expect(hostile.text.contains("\ntags: [\"Q3: results\", \"#1\"]\n"))
        #expect(try Self.parsed(hostile).0?.tags == ["Q3: results", "#1"])
        let noDefault = try ReleaseScaffold.make(
            .init(title: "X"), config: try Self.config(Self.settings.replacingOccurrences(of: "default_contacts: [press]", with: "")),
            now: Self.now).file
        #expect(noDefault.text.contains("\n# contacts: [press, ana]   # media contacts, by their ids in Content/newsroom.yml\n"))
    }

    @Test(arguments: [
        ("Press Office", "Press Office"), ("yes", "\"yes\""), ("a: b", "\"a: b\""), ("say \"x\"", "\"say \\\"x\\\"\""),
        ("tab\there", "\"tab\\there\""), ("\u{FEFF}x", "\"\\uFEFFx\""), ("line\u{2028}break", "\"line\\u2028break\""),
        ("Émile", "\"Émile\""), ("ends with space ", "\"ends with space \""), ("back\\slash", "\"back\\\\slash\""),
        ("Washington, D.C.", "Washington, D.C."),
    ])
    func yamlScalars(text: String, written: String) {
        #expect(YAMLScalar.scalar(text) == written)
        #expect(YAMLScalar.scalar(text, inFlow: true) == (text.contains(",") ? "\"\(text)\"" : written))
    }
}
