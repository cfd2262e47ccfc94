import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// A key that looks like `draft`, `date` or `embargo` is an error, so a typo can never publish at once.
@Suite struct HoldKeyTests {
    static func release(_ frontMatter: String) -> (Release?, [String]) {
        let (release, diagnostics) = ReleaseParser.parse(
            "---\n\(frontMatter)---\nBody.\n", path: "Content/releases/x.md", bundleDirectory: nil, bundleFiles: [],
            context: FrontMatterFuzzHarness.context)
        return (release, diagnostics.sorted.map(\.description))
    }

    static func page(_ frontMatter: String) -> (StandalonePage?, [String]) {
        let (page, diagnostics) = PageParser.parse(
            "---\n\(frontMatter)---\nBody.\n", path: "Content/pages/about.md", context: FrontMatterFuzzHarness.context)
        return (page, diagnostics.sorted.map(\.description))
    }

    @Test(arguments: [
        ("embargoed", "embargo"), ("Embargo", "embargo"), ("EMBARGO", "embargo"), ("embargo_until", "embargo"),
        ("embargo-until", "embargo"), ("under_embargo", "embargo"), ("embrago", "embargo"), ("embarg", "embargo"),
        ("emabrgo", "embargo"), ("Draft", "draft"), ("drafts", "draft"), ("is_draft", "draft"), ("darft", "draft"),
        ("Date", "date"), ("DATE", "date"), ("dtae", "date"), ("dates", "date"),
    ])
    func variantsOfHoldKeys(key: String, hold: String) {
        #expect(Suggestion.holdKey(for: key, among: ReleaseParser.holdKeys) == hold)
    }

    @Test(arguments: ["sponsor", "updated", "update", "title", "deadline", "region", "author"])
    func otherKeysAreNotHoldKeys(key: String) {
        #expect(Suggestion.holdKey(for: key, among: ReleaseParser.holdKeys) == nil)
    }

    @Test func aMisspelledHoldKeyIsAnErrorWithoutStrict() {
        let (release, diagnostics) = Self.release("title: Trial\ndate: 2025-06-01\nembargoed: 2027-03-01T09:00:00-05:00\n")
        #expect(release == nil)
        #expect(diagnostics == [
            "Content/releases/x.md:4:1: error: unknown key 'embargoed' in front matter; did you mean 'embargo'? This is an error because a misspelled hold key would publish the release at once (put custom keys under 'params:')",
        ])
    }

    @Test func keysUnderParamsAndOtherUnknownKeysStayWarnings() throws {
        let (release, diagnostics) = Self.release(
            "title: Trial\ndate: 2025-06-01\nsponsor: ACME\nparams:\n  embargoed: kept\n  Draft: kept\n")
        #expect(diagnostics == ["Content/releases/x.md:4:1: warning: unknown key 'sponsor' in front matter"])
        let params = try #require(release?.params)
        #expect(params["embargoed"] == .string("kept"))
        #expect(params["sponsor"] == .string("ACME"))
    }

    @Test func pagesCheckDraftOnly() {
        let (page, diagnostics) = Self.page("title: About\nDraft: true\nembargoed: 2027-03-01\n")
        #expect(page == nil)
        #expect(diagnostics == [
            "Content/pages/about.md:3:1: error: unknown key 'Draft' in front matter; did you mean 'draft'? This is an error because a misspelled hold key would publish the page at once (put custom keys under 'params:')",
            "Content/pages/about.md:4:1: warning: unknown key 'embargoed' in front matter",
        ])
    }

    @Test func anEmptyEmbargoOrDraftIsAnErrorNotAnAbsence() {
        #expect(Self.release("title: T\ndate: 2025-06-01\nembargo: ''\n").1 == [
            "Content/releases/x.md:4:10: error: 'embargo' must not be empty; write when it lifts, such as 2026-12-01T09:00:00-05:00, or remove the key",
        ])
        #expect(Self.release("title: T\ndate: 2025-06-01\nembargo:\n").1 == [
            "Content/releases/x.md:4:1: error: 'embargo' must not be empty; write when it lifts, such as 2026-12-01T09:00:00-05:00, or remove the key",
        ])
        #expect(Self.release("title: T\ndate: 2025-06-01\ndraft:\n").1 == [
            "Content/releases/x.md:4:1: error: 'draft' must be true or false, not empty",
        ])
    }
}
