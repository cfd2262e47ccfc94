import Testing
import Markdown

/// Exact HTML for the everyday CommonMark a press release uses.
struct RenderingTests {
    @Test func paragraphsAreSeparatedByBlankLines() {
        let rendered = Markdown.render("First paragraph\nstill first.\n\nSecond paragraph.\n")
        #expect(rendered.html == "<p>First paragraph\nstill first.</p>\n<p>Second paragraph.</p>\n")
    }

    @Test func emphasisAndStrongAndInlineCode() {
        let rendered = Markdown.render("Some *emphasis*, **strong** and `code`.")
        #expect(rendered.html == "<p>Some <em>emphasis</em>, <strong>strong</strong> and <code>code</code>.</p>\n")
    }

    @Test func bulletAndOrderedLists() {
        let rendered = Markdown.render("- one\n- two\n\n1. first\n2. second\n")
        #expect(rendered.html == """
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            <ol>
            <li>first</li>
            <li>second</li>
            </ol>

            """)
    }

    @Test func codeBlockKeepsHeadingTagsEscaped() {
        let rendered = Markdown.render("```html\n<h2>Not a heading</h2>\n```\n\nInline `<h2>` too.\n")
        #expect(rendered.html == """
            <pre><code class="language-html">&lt;h2&gt;Not a heading&lt;/h2&gt;
            </code></pre>
            <p>Inline <code>&lt;h2&gt;</code> too.</p>

            """)
        #expect(rendered.headings.isEmpty)
    }

    @Test func smartPunctuationIsOnByDefault() {
        let rendered = Markdown.render("\"Double\" and 'single' quotes -- en, --- em... done")
        #expect(rendered.html == "<p>“Double” and ‘single’ quotes – en, — em… done</p>\n")
    }

    @Test func smartPunctuationCanBeTurnedOff() {
        let rendered = Markdown.render("\"Double\" -- en...", options: MarkdownOptions(smartPunctuation: false))
        #expect(rendered.html == "<p>&quot;Double&quot; -- en...</p>\n")
    }

    @Test func linksAndImagesRenderWithTitlesAndAltText() {
        let rendered = Markdown.render("[Kit](/media/kit.pdf \"Media kit\") ![Logo *mark*](logo.png)")
        #expect(rendered.html == "<p><a href=\"/media/kit.pdf\" title=\"Media kit\">Kit</a> <img src=\"logo.png\" alt=\"Logo mark\" /></p>\n")
    }

    @Test func noSourcePositionsInHTML() {
        let rendered = Markdown.render("# Title\n\nText with [a link](/x).\n\n> quoted\n")
        #expect(!rendered.html.contains("data-sourcepos"))
        #expect(rendered.html == """
            <h1 id="title">Title</h1>
            <p>Text with <a href="/x">a link</a>.</p>
            <blockquote>
            <p>quoted</p>
            </blockquote>

            """)
    }
}
