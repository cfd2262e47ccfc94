import Testing
import Markdown

/// Summary text and the searchable plain text.
struct TextTests {
    @Test func summaryIsTheFirstParagraphAfterALeadingHeading() {
        let text = """
            # Study links a retrovirus to ALS

            WASHINGTON -- Researchers *found* a "link"
            between   `HERV-K` and\\
            [some cases](/study/).

            Second paragraph.
            """
        let rendered = Markdown.render(text)
        #expect(rendered.summaryText == "WASHINGTON – Researchers found a “link” between HERV-K and some cases.")
    }

    @Test func summaryIsNilWithoutAParagraph() {
        #expect(Markdown.render("# Only a heading\n\n```\ncode\n```\n").summaryText == nil)
        #expect(Markdown.render("").summaryText == nil)
    }

    @Test func summaryUsesOnlyTopLevelParagraphs() {
        let rendered = Markdown.render("> Quoted words.\n\n- listed words\n\nTop level words.\n")
        #expect(rendered.summaryText == "Top level words.")
    }

    @Test func summarySkipsParagraphsWithNoText() {
        let rendered = Markdown.render("<b></b>\n\n![](/only-image.png)\n\nReal text.\n")
        #expect(rendered.summaryText == "Real text.")
    }

    @Test func summaryDropsRawHTMLEvenWhenUnsafe() {
        let rendered = Markdown.render("Hello <b>bold</b> world.\n", options: MarkdownOptions(unsafeHTML: true))
        #expect(rendered.summaryText == "Hello bold world.")
    }

    @Test func plainTextHasEveryBlockOnItsOwnLine() {
        let text = """
            # Title

            A *para* with ![alt text](/a.png).

            - item one
            - item two

            > quoted

                let code = 1
                print(code)

            <div>raw html</div>

            ---
            """
        let rendered = Markdown.render(text)
        #expect(rendered.plainText == """
            Title
            A para with alt text.
            item one
            item two
            quoted
            let code = 1
            print(code)
            """)
    }

    @Test func plainTextOfEmptyInputIsEmpty() {
        #expect(Markdown.render("\n\n   \n").plainText == "")
    }
}
