import Testing
@testable import Markdown

/// Slugs, de-duplication and how ids reach the HTML.
struct HeadingIDTests {
    @Test(arguments: [
        ("Hello, World!", "hello-world"),
        ("  Leading and trailing  ", "leading-and-trailing"),
        ("Q3 2025: results -- up 12%", "q3-2025-results-up-12"),
        ("Über uns", "über-uns"),
        ("Título en español", "título-en-español"),
        ("日本語の見出し", "日本語の見出し"),
        ("Привет мир", "привет-мир"),
        ("e\u{301}te\u{301}", "e\u{301}te\u{301}"),
        ("“Smart” quotes’ test", "smart-quotes-test"),
        ("!!!", "section"),
        ("", "section"),
    ])
    func slug(text: String, expected: String) {
        #expect(HeadingIDs.slug(text) == expected)
    }

    @Test func duplicatesGetNumberedSuffixesInOrder() {
        #expect(HeadingIDs.ids(for: ["Intro", "Intro", "Other", "Intro", "", ""]) ==
            ["intro", "intro-1", "other", "intro-2", "section", "section-1"])
    }

    @Test func suffixesNeverCollideWithWrittenIDs() {
        #expect(HeadingIDs.ids(for: ["Intro 1", "Intro", "Intro", "Intro 1"]) ==
            ["intro-1", "intro", "intro-2", "intro-1-1"])
    }

    @Test func everyHeadingGetsAnIDInHTML() {
        let rendered = Markdown.render("# Title\n\n## Über *uns*\n\nSetext\n------\n\n### Title\n\n#### !!!\n")
        #expect(rendered.html == """
            <h1 id="title">Title</h1>
            <h2 id="über-uns">Über <em>uns</em></h2>
            <h2 id="setext">Setext</h2>
            <h3 id="title-1">Title</h3>
            <h4 id="section">!!!</h4>

            """)
        #expect(rendered.headings.map(\.id) == ["title", "über-uns", "setext", "title-1", "section"])
    }

    @Test func headingsKeepLevelTextAndPosition() {
        let rendered = Markdown.render("Intro.\n\n  ## Über `code` *x*  \n\nSetext\n===\n")
        #expect(rendered.headings == [
            Heading(level: 2, text: "Über code x", id: "über-code-x", line: 3, column: 3),
            Heading(level: 1, text: "Setext", id: "setext", line: 5, column: 1),
        ])
    }

    @Test func headingsInsideContainersGetIDs() {
        let rendered = Markdown.render("> ## Quoted\n\n- ## Listed\n")
        #expect(rendered.html == """
            <blockquote>
            <h2 id="quoted">Quoted</h2>
            </blockquote>
            <ul>
            <li>
            <h2 id="listed">Listed</h2>
            </li>
            </ul>

            """)
    }

    @Test func userRawHeadingHTMLCannotFakeOrBreakIDs() {
        let text = "<h2>Raw</h2>\n\n## Real <h2 id=\"evil\">\n"
        let safe = Markdown.render(text)
        #expect(safe.html == "<h2 id=\"real\">Real </h2>\n")
        let unsafe = Markdown.render(text, options: MarkdownOptions(unsafeHTML: true))
        #expect(unsafe.html == "<h2>Raw</h2>\n<h2 id=\"real\">Real <h2 id=\"evil\"></h2>\n")
        #expect(unsafe.headings.map(\.id) == ["real"])
    }

    @Test func headingStartingWithCombiningMarkKeepsItsText() {
        let rendered = Markdown.render("## \u{301}x\n")
        #expect(rendered.html == "<h2 id=\"x\">\u{301}x</h2>\n")
    }

    @Test func headingIDsCanBeTurnedOff() {
        let rendered = Markdown.render("## Plain\n", options: MarkdownOptions(headingIDs: false))
        #expect(rendered.html == "<h2>Plain</h2>\n")
        #expect(rendered.headings.map(\.id) == ["plain"])
    }

    @Test func linksInsideHeadingsAreRewrittenAndSanitized() {
        let options = MarkdownOptions(rewriteDestination: { destination, _ in
            destination.hasPrefix("/") ? "/base" + destination : destination
        })
        let rendered = Markdown.render("## See [kit](/kit/) and [x](javascript:x)\n", options: options)
        #expect(rendered.html == "<h2 id=\"see-kit-and-x\">See <a href=\"/base/kit/\">kit</a> and <a href=\"\">x</a></h2>\n")
    }
}
