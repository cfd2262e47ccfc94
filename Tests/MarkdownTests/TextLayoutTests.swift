import Testing
@testable import Markdown

/// The plain-text layout of a document (wire copy) and typographic punctuation of plain text.
struct TextLayoutTests {
    static let options = MarkdownOptions(textLayout: true)

    @Test func blocksAreSeparatedByBlankLinesAndListsKeepTheirMarks() {
        let text = """
            # A heading

            First *paragraph*,
            on two lines with a hard\\
            break.

            - one
            - two
              1. nested
              2. again

              continued
            - three

            > quoted
            >
            > twice

                code line
                  indented

            ***
            3. from three
            """
        #expect(Markdown.render(text, options: Self.options).text == """
            A heading

            First paragraph, on two lines with a hard
            break.

            - one
            - two
              1. nested
              2. again
              continued
            - three

            > quoted
            >
            > twice

                code line
                  indented

            * * *

            3. from three
            """)
    }

    @Test func linksAndImagesShowWhereTheyLead() {
        let text = """
            See [the report](https://example.org/r.pdf), <https://example.org/>, <press@example.org>,
            [mail us](mailto:press@example.org), ![a chart](https://example.org/c.png), [](https://example.org/e)
            and [a bad one](javascript:alert(1)).
            """
        #expect(Markdown.render(text, options: Self.options).text == """
            See the report (https://example.org/r.pdf), https://example.org/, press@example.org, \
            mail us (press@example.org), a chart (https://example.org/c.png), https://example.org/e and a bad one.
            """)
    }

    /// Relative destinations get their bases as the HTML does: from the site and from the page.
    @Test func relativeLinksResolveLikeTheHTML() {
        let rendered = Markdown.render("The [kit](/media/kit.pdf) and [study](study.pdf).\n", options: Self.options)
        #expect(rendered.text(site: "https://example.org/news", page: "https://example.org/news/releases/2026/x/")
            == "The kit (https://example.org/news/media/kit.pdf) and study (https://example.org/news/releases/2026/x/study.pdf).")
        #expect(rendered.html(site: "/news", page: "") == "<p>The <a href=\"/news/media/kit.pdf\">kit</a> and <a href=\"study.pdf\">study</a>.</p>\n")
    }

    @Test func rawHTMLGivesNoTextAndTheLayoutIsOptional() {
        let unsafe = MarkdownOptions(unsafeHTML: true, textLayout: true)
        #expect(Markdown.render("<div>markup</div>\n\nWords <b>bold</b>.\n", options: unsafe).text == "Words bold.")
        #expect(Markdown.render("Words.\n").text == "")
    }

    @Test(arguments: [
        ("Harbor's \"new\" light -- restored", "Harbor’s “new” light – restored"),
        ("Wait... what --- now", "Wait… what — now"),
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("*not* <b>emphasis</b> & [links](x) `code` \\ 'quoted'", "*not* <b>emphasis</b> & [links](x) `code` \\ ‘quoted’"),
        ("  spaced \n out  ", "spaced out"),
        ("No marks at all", "No marks at all"),
        ("# not a heading", "# not a heading"),
        ("---", "—"),
    ])
    func typographicPunctuationTouchesOnlyPunctuation(_ text: String, _ expected: String) {
        #expect(Markdown.typographic(text) == expected)
    }
}
