import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// Mistakes that used to build silently (issue 16): each is caught with a located message that
/// says what to do. The exact diagnostics of whole sites are in `seeds/fixtures/bad/` (see
/// `BadInputTests`); these are the finer rules and what the fixed mistakes build.
@Suite struct MistakeRulesTests {
    static func config(_ text: String) -> (NewsroomConfig?, [String]) {
        let (config, diagnostics) = ConfigLoader.parse(text, baseURLOverride: nil)
        return (config, diagnostics.sorted.map(\.description))
    }

    static let complete = """
        title: Example Newsroom
        base_url: https://example.org/
        organization:
          name: Example
          about: We make examples.
        contacts:
          press: {name: Press Office}

        """
    /// `complete` with the contact every release lists, for sites that build releases.
    static let withDefaultContacts = complete + "default_contacts: [press]\n"

    // MARK: - Settings have fixed names

    /// An error, yet the settings stay usable, so the build goes on to report the content's mistakes too.
    @Test func anUnknownSettingIsAnErrorEvenWithoutStrict() {
        let (config, diagnostics) = Self.config(Self.complete + "time_zone: America/New_York\n")
        #expect(config?.timeZone == TimeZone(identifier: "UTC"))
        #expect(diagnostics == [
            "Content/newsroom.yml:8:1: error: unknown key 'time_zone' in newsroom.yml; did you mean 'timezone'? Settings have fixed names: put values of your own under 'params:' at the top of newsroom.yml",
        ])
    }

    @Test func valuesUnderParamsAreFreeForm() throws {
        let (config, diagnostics) = Self.config(Self.complete + "params:\n  time_zone: anything\n")
        #expect(diagnostics == [])
        #expect(try #require(config).params["time_zone"] == .string("anything"))
    }

    /// Front matter stays lenient: an unknown key is a warning and becomes a parameter.
    @Test func anUnknownFrontMatterKeyIsStillAParameter() throws {
        let config = try #require(Self.config(Self.withDefaultContacts).0)
        let (release, diagnostics) = ReleaseParser.parse(
            "---\ntitle: T\ndate: 2025-06-01\ndoi: 10.5555/x\n---\nBody.\n", path: "Content/releases/t.md",
            bundleDirectory: nil, bundleFiles: [], context: ContentContext(config: config, mediaFiles: []))
        #expect(diagnostics.all.map(\.description) == ["Content/releases/t.md:4:1: warning: unknown key 'doi' in front matter"])
        #expect(release?.params["doi"] == .string("10.5555/x"))
    }

    @Test func releaseParamsThatAreNotAMappingAreAnError() throws {
        let config = try #require(Self.config(Self.complete).0)
        let (release, diagnostics) = ReleaseParser.parse(
            "---\ntitle: T\ndate: 2025-06-01\nparams: 3\n---\n", path: "Content/releases/t.md",
            bundleDirectory: nil, bundleFiles: [], context: ContentContext(config: config, mediaFiles: []))
        #expect(release == nil)
        #expect(diagnostics.all.map(\.description) == [
            "Content/releases/t.md:4:9: error: 'params' must be a mapping of names of your own to values, such as params: {doi: 10.5555/x}, not text",
        ])
    }

    // MARK: - language

    @Test(arguments: ["en", "EN", "en-US", "pt-BR", "zh-Hant", "zh-Hant-TW", "es-419", "sr-Latn-RS", "de-CH-1996",
                      "sl-rozaj-biske", "en-x-press", "de-DE-u-co-phonebk", "yue", "zh-yue-HK"])
    func languageTagsOfTheRightShape(tag: String) throws {
        let (config, diagnostics) = Self.config(Self.complete + "language: \(tag)\n")
        #expect(diagnostics == [])
        #expect(try #require(config).language == tag)
    }

    @Test(arguments: [
        ("English", ""), ("en_US", "; did you mean 'en-US'?"), ("pt_br", "; did you mean 'pt-br'?"), ("e", ""),
        ("en-", ""), ("en US", ""), ("en-US-US", ""), ("123", ""), ("en-Latn-Latn", ""), ("x-private", ""),
        ("en-a", ""), ("français", ""),
    ])
    func otherLanguagesAreAnErrorWithAnExample(text: String, hint: String) {
        let (config, diagnostics) = Self.config(Self.complete + "language: \(text)\n")
        #expect(config == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:8:11: error: 'language' must be a language tag such as en, en-US, pt-BR or zh-Hant (BCP 47), not '\(text)'\(hint)",
        ])
    }

    @Test func anAbsentLanguageIsEnglish() throws {
        #expect(try #require(Self.config(Self.complete).0).language == "en")
    }

    // MARK: - A site without boilerplate or contacts

    @Test func missingBoilerplateAndContactsAreWarnedAtTheirKeys() throws {
        let (config, diagnostics) = Self.config("""
            title: Example Newsroom
            base_url: https://example.org/
            organization:
              name: Example
              about: "   "
            contacts: {}

            """)
        #expect(config != nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:3:1: warning: the newsroom has no boilerplate: add 'about:' under 'organization:', a short paragraph on who you are, printed as \"About Example\" at the end of every release",
            "Content/newsroom.yml:6:1: warning: the newsroom lists no media contacts, so journalists find no one to call or write to: add one under 'contacts:' (name, phone, email) and name it in 'default_contacts:'",
        ])
    }

    // MARK: - A text with commas where a list was meant

    static func releaseDiagnostics(_ frontMatter: String) throws -> [String] {
        let config = try #require(Self.config(Self.withDefaultContacts).0)
        let (_, diagnostics) = ReleaseParser.parse(
            "---\ntitle: T\ndate: 2025-06-01\n\(frontMatter)\n---\nBody.\n", path: "Content/releases/t.md",
            bundleDirectory: nil, bundleFiles: [], context: ContentContext(config: config, mediaFiles: []))
        return diagnostics.all.map(\.description)
    }

    @Test func aTagTextWithCommasSuggestsAList() throws {
        #expect(try Self.releaseDiagnostics("tags: Drought,Weather ,  Heat") == [
            "Content/releases/t.md:4:7: warning: 'tags' is one text with commas, so it makes one tag 'Drought,Weather ,  Heat'; for several, write a list: tags: [Drought, Weather, Heat] (or put the text in quotes to keep one tag with a comma)",
        ])
    }

    @Test(arguments: ["tags: \"Smith, Jones and Co\"", "tags: [Drought, Weather]", "tags:\n  - Drought, Weather", "tags: Drought"])
    func quotedTextsAndListsAreMeantAsGiven(frontMatter: String) throws {
        #expect(try Self.releaseDiagnostics(frontMatter) == [])
    }

    @Test func defaultContactsWithCommasSuggestAList() {
        let (config, diagnostics) = Self.config(Self.complete + "default_contacts: press, press\n")
        #expect(config == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:8:19: error: unknown contact 'press, press'",
            "Content/newsroom.yml:8:19: warning: 'default_contacts' is one text with commas, so it makes one contact 'press, press'; for several, write a list: default_contacts: [press, press]",
        ])
    }

    // MARK: - .markdown files

    @Test(arguments: [("2015-10-02-Retrovirus study.markdown", "retrovirus-study"), ("launch.md", "launch"),
                      ("notes.markdown.txt", "notes-markdown-txt"), ("bundle-folder", "bundle-folder")])
    func slugsDropEitherMarkdownExtension(name: String, slug: String) {
        #expect(Slug.ofFileName(name) == slug)
    }

    /// `.markdown` releases, bundles and pages build like `.md` ones, with no warning.
    @Test func markdownFilesOfEitherExtensionAreRead() throws {
        let site = Fixtures.temporaryDirectory("markdown-extension") + "/site"
        try BadInputTests.write([
            "Content/newsroom.yml": Self.withDefaultContacts,
            "Content/releases/2025-06-01-launch.markdown": "---\ntitle: Launch\ndate: 2025-06-01\n---\nWe launch.\n",
            "Content/releases/study/index.markdown":
                "---\ntitle: Study\ndate: 2025-06-02\nattachments: [{title: Data, file: data.csv}]\n---\nResults.\n",
            "Content/releases/study/data.csv": "a,b\n",
            "Content/pages/company/history.markdown": "---\ntitle: History\n---\nSince 1990.\n",
        ], into: URL(fileURLWithPath: site))
        let output = Fixtures.temporaryDirectory("markdown-extension-out") + "/public"
        let report = try Fixtures.build(site, output: output)
        #expect(report.diagnostics == [])
        #expect(report.publishedReleases == 2)
        let tree = OutputTree(output)
        #expect(tree.text("releases/2025/launch/index.html")?.contains("We launch.") == true)
        #expect(tree.text("releases/2025/study/index.html")?.contains("Results.") == true)
        #expect(tree.files["releases/2025/study/data.csv"] != nil)
        #expect(tree.text("company/history/index.html")?.contains("Since 1990.") == true)
    }

    /// With both `index.md` and `index.markdown`, the folder's release is `index.md`; the other is
    /// Markdown a bundle must not hold.
    @Test func aBundleWithBothIndexFilesIsAnError() throws {
        let site = Fixtures.temporaryDirectory("markdown-both") + "/site"
        try BadInputTests.write([
            "Content/newsroom.yml": Self.withDefaultContacts,
            "Content/releases/study/index.md": "---\ntitle: Study\ndate: 2025-06-02\n---\nResults.\n",
            "Content/releases/study/index.markdown": "---\ntitle: Study again\ndate: 2025-06-02\n---\nResults.\n",
        ], into: URL(fileURLWithPath: site))
        let failure = #expect(throws: BuildFailure.self) {
            _ = try Fixtures.build(site, output: Fixtures.temporaryDirectory("markdown-both-out") + "/public")
        }
        #expect(failure?.diagnostics.map(\.description) == [
            "Content/releases/study/index.md:1:1: error: this file makes Content/releases/study/ a bundle, whose files are copied as they are, but the folder also holds the Markdown file Content/releases/study/index.markdown; a bundle holds one release and no other Markdown: move the other releases out, or rename this file",
        ])
    }

    // MARK: - The smallest settings

    /// Only title and base_url: no empty organization link, no empty "About" heading.
    @Test func theSmallestSettingsRenderNoEmptyLinksOrHeadings() throws {
        let site = Fixtures.temporaryDirectory("smallest") + "/site"
        try BadInputTests.write([
            "Content/newsroom.yml": "title: Example Newsroom\nbase_url: https://example.org/\n",
            "Content/releases/2025-06-01-launch.md": "---\ntitle: Launch\ndate: 2025-06-01\n---\nWe launch.\n",
        ], into: URL(fileURLWithPath: site))
        let output = Fixtures.temporaryDirectory("smallest-out") + "/public"
        let report = try Fixtures.build(site, output: output)
        #expect(report.diagnostics.map(\.severity) == [.warning, .warning])
        let tree = OutputTree(output)
        for page in ["index.html", "releases/2025/launch/index.html", "tags/index.html"] {
            let html = try #require(tree.text(page), "\(page)")
            #expect(!html.contains("href=\"\""), "\(page) has an empty link")
            #expect(!html.contains("About Example Newsroom"), "\(page) has an About heading with nothing under it")
            #expect(!html.contains(" website</a>"), "\(page) links to an organization website it does not know")
        }
    }

    @Test func anOrganizationWithURLAndAboutShowsBoth() throws {
        let site = Fixtures.temporaryDirectory("organization") + "/site"
        try BadInputTests.write([
            "Content/newsroom.yml": Self.withDefaultContacts.replacingOccurrences(
                of: "  name: Example\n", with: "  name: Example\n  url: https://www.example.org/\n"),
            "Content/releases/2025-06-01-launch.md": "---\ntitle: Launch\ndate: 2025-06-01\n---\nWe launch.\n",
        ], into: URL(fileURLWithPath: site))
        let output = Fixtures.temporaryDirectory("organization-out") + "/public"
        #expect(try Fixtures.build(site, output: output).diagnostics == [])
        let release = try #require(OutputTree(output).text("releases/2025/launch/index.html"))
        #expect(release.contains("<h2 id=\"about_heading\">About Example</h2>"))
        #expect(release.contains("<a class=\"site-header__org\" href=\"https://www.example.org/\">"))
        #expect(release.contains("<p><a href=\"https://www.example.org/\">Example website</a></p>"))
    }
}
