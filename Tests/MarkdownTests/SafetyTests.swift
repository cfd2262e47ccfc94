import Testing
@testable import Markdown

/// Raw HTML and dangerous destinations: removed by default, kept on request.
struct SafetyTests {
    static let hostile = """
        <div class="banner">Block HTML</div>

        Text with <b>inline</b> HTML.

        <script>alert("x")</script>

        After <!-- a comment --> it.

        """

    @Test func rawHTMLIsRemovedEntirelyByDefault() {
        let rendered = Markdown.render(Self.hostile)
        #expect(rendered.html == "<p>Text with inline HTML.</p>\n<p>After  it.</p>\n")
        #expect(!rendered.html.contains("<!--"))
        #expect(!rendered.html.contains("script"))
    }

    @Test func rawHTMLIsKeptWhenUnsafe() {
        let rendered = Markdown.render(Self.hostile, options: MarkdownOptions(unsafeHTML: true))
        #expect(rendered.html == """
            <div class="banner">Block HTML</div>
            <p>Text with <b>inline</b> HTML.</p>
            <script>alert("x")</script>
            <p>After <!-- a comment --> it.</p>

            """)
    }

    @Test func paragraphLeftEmptyByRemovedHTMLIsDropped() {
        let rendered = Markdown.render("<span></span>\n\nKept.\n")
        #expect(rendered.html == "<p>Kept.</p>\n")
    }

    @Test func rawHTMLInsideHeadingIsRemovedToo() {
        let rendered = Markdown.render("## Launch <img src=x onerror=alert(1)> day\n")
        #expect(rendered.html == "<h2 id=\"launch-day\">Launch  day</h2>\n")
    }

    @Test func javascriptLinksAreEmptied() {
        let rendered = Markdown.render("[click](javascript:alert(1)) and <javascript:alert(2)>")
        #expect(rendered.html == "<p><a href=\"\">click</a> and <a href=\"\">javascript:alert(2)</a></p>\n")
        #expect(rendered.links.map(\.destination) == ["javascript:alert(1)", "javascript:alert(2)"])
    }

    @Test func otherDangerousSchemesAreEmptiedButSafeImagesKept() {
        let text = "[v](VBScript:x) [f](file:///etc/passwd) [d](data:text/html,x) ![p](data:image/png;base64,AAAA) [w](https://example.org/)"
        let rendered = Markdown.render(text)
        #expect(rendered.html == "<p><a href=\"\">v</a> <a href=\"\">f</a> <a href=\"\">d</a> <img src=\"data:image/png;base64,AAAA\" alt=\"p\" /> <a href=\"https://example.org/\">w</a></p>\n")
    }

    @Test func dangerousLinksAreKeptWhenUnsafe() {
        let rendered = Markdown.render("[click](javascript:alert(1))", options: MarkdownOptions(unsafeHTML: true))
        #expect(rendered.html == "<p><a href=\"javascript:alert(1)\">click</a></p>\n")
    }

    @Test func rewrittenDestinationIsCheckedToo() {
        let options = MarkdownOptions(rewriteDestination: { _, _ in "javascript:alert(1)" })
        let rendered = Markdown.render("[a](/safe)", options: options)
        #expect(rendered.html == "<p><a href=\"\">a</a></p>\n")
    }

    @Test(arguments: [
        ("javascript:alert(1)", true),
        ("JavaScript:alert(1)", true),
        (" \u{1}javascript:x", true),
        ("java\tscript:x", true),
        ("java\nscript:x", true),
        (String(repeating: "\t", count: 40) + "javascript:x", true),
        (String(repeating: " \u{1}", count: 40) + "JAVASCRIPT:x", true),
        ("java" + String(repeating: "\r\n", count: 40) + "script:x", true),
        ("data:image/png" + String(repeating: "\t", count: 40) + ";base64,AA", false),
        ("data:" + String(repeating: "\u{1}", count: 40) + "image/png", true),
        ("vbscript:x", true),
        ("file:///x", true),
        ("data:text/html;base64,AA", true),
        ("data:image/svg+xml,<svg/>", true),
        ("data:image/png;base64,AA", false),
        ("DATA:image/gif;base64,AA", false),
        ("data:image/jpeg;base64,AA", false),
        ("data:image/webp;base64,AA", false),
        ("https://example.org/javascript:x", false),
        ("/javascript:x", false),
        ("mailto:press@example.org", false),
        ("", false),
    ])
    func destinationSafety(destination: String, dangerous: Bool) {
        #expect(DestinationSafety.isDangerous(destination) == dangerous)
    }
}
