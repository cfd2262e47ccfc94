import Testing
@testable import Markdown

/// Raw HTML that safe rendering removes is reported where the author wrote it, so the newsroom
/// can say which line lost what.
struct RemovedHTMLTests {
    @Test func eachBlockAndEachLineOfInlineTagsIsReportedOnce() {
        let text = """
            Intro.

            <p class="note">Note: <b>bold</b></p>

            A sentence with <b>bold</b> words and <i>italics</i>,
            and on its second line a <span>span</span>.

            > Quoted <em>text</em>.

            - Item <u>one</u>
              more <u>two</u>

              <div>
              x
              </div>

            """
        let rendered = Markdown.render(text)
        #expect(rendered.removedHTML == [
            RemovedHTML(isBlock: true, excerpt: "<p class=\"note\">Note: <b>bold</b></p>", line: 3, column: 1),
            RemovedHTML(isBlock: false, excerpt: "<b>", line: 5, column: 17),
            RemovedHTML(isBlock: false, excerpt: "<span>", line: 6, column: 26),
            RemovedHTML(isBlock: false, excerpt: "<em>", line: 8, column: 10),
            RemovedHTML(isBlock: false, excerpt: "<u>", line: 10, column: 8),
            RemovedHTML(isBlock: false, excerpt: "<u>", line: 11, column: 8),
            RemovedHTML(isBlock: true, excerpt: "<div>", line: 13, column: 3),
        ])
        #expect(!rendered.html.contains("Note:") && !rendered.html.contains("<span"), "\(rendered.html)")
    }

    @Test func columnsCountCharactersAndExcerptsAreShort() {
        let rendered = Markdown.render("Grüße <b>x</b>\n\n<div data-long=\"\(String(repeating: "é", count: 60))\">\n</div>\n")
        #expect(rendered.removedHTML.map(\.column) == [7, 1])
        #expect(rendered.removedHTML.last?.excerpt == "<div data-long=\"" + String(repeating: "é", count: 23) + "…")
        #expect(rendered.removedHTML.last?.excerpt.count == 40)
    }

    @Test func keptHTMLAndPlainTextReportNothing() {
        #expect(Markdown.render("<b>kept</b>\n", options: MarkdownOptions(unsafeHTML: true)).removedHTML == [])
        #expect(Markdown.render("No HTML, but `<b>` in code and \\<b> escaped.\n\n    <div>\n").removedHTML == [])
    }
}
