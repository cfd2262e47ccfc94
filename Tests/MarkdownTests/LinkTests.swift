import Testing
import Markdown

/// Links and images: found in order with positions, and rewritten on request.
struct LinkTests {
    @Test func linksAreListedInDocumentOrderWithPositions() {
        let text = """
            # Title [in heading](/h)

            First line [one](/one) and
            second ![two](two.png) line.

            > quote <https://example.org/x>

            - item
              with [ref][r]

            [r]: /reference "Ref"
            """
        let rendered = Markdown.render(text)
        #expect(rendered.links == [
            MarkdownLink(destination: "/h", isImage: false, line: 1, column: 9),
            MarkdownLink(destination: "/one", isImage: false, line: 3, column: 12),
            MarkdownLink(destination: "two.png", isImage: true, line: 4, column: 8),
            MarkdownLink(destination: "https://example.org/x", isImage: false, line: 6, column: 9),
            MarkdownLink(destination: "/reference", isImage: false, line: 9, column: 8),
        ])
    }

    @Test func autolinksGetTheirTrueColumnInsideContainers() {
        let text = """
            > a <https://a.example/> b <https://a.example/>
            > <press@example.org>

            - x
              y <https://b.example/>
            """
        let rendered = Markdown.render(text)
        #expect(rendered.links == [
            MarkdownLink(destination: "https://a.example/", isImage: false, line: 1, column: 5),
            MarkdownLink(destination: "https://a.example/", isImage: false, line: 1, column: 28),
            MarkdownLink(destination: "mailto:press@example.org", isImage: false, line: 2, column: 3),
            MarkdownLink(destination: "https://b.example/", isImage: false, line: 5, column: 5),
        ])
    }

    @Test func linksAfterMultiLineCodeSpansAndHTMLKeepTheirLine() {
        let rendered = Markdown.render("Some `code\nspan` then [a](/a) and <span\nclass=\"x\"> then [b](/b)")
        #expect(rendered.links == [
            MarkdownLink(destination: "/a", isImage: false, line: 2, column: 12),
            MarkdownLink(destination: "/b", isImage: false, line: 3, column: 17),
        ])
    }

    @Test func columnsCountCharactersNotBytes() {
        let rendered = Markdown.render("Über 日本 [x](/x)\r\né [y](/y)")
        #expect(rendered.links == [
            MarkdownLink(destination: "/x", isImage: false, line: 1, column: 9),
            MarkdownLink(destination: "/y", isImage: false, line: 2, column: 3),
        ])
    }

    @Test func rewriteAppliesToLinksAndImagesButNotAbsoluteURLs() {
        let options = MarkdownOptions(rewriteDestination: { destination, isImage in
            guard destination.hasPrefix("/") else {
                return destination
            }
            return (isImage ? "/news/img" : "/news") + destination
        })
        let text = "[kit](/media/kit.pdf) ![logo](/media/logo.png) [site](https://example.org/) [rel](other/)"
        let rendered = Markdown.render(text, options: options)
        #expect(rendered.html == "<p><a href=\"/news/media/kit.pdf\">kit</a> <img src=\"/news/img/media/logo.png\" alt=\"logo\" /> <a href=\"https://example.org/\">site</a> <a href=\"other/\">rel</a></p>\n")
        #expect(rendered.links.map(\.destination) == ["/media/kit.pdf", "/media/logo.png", "https://example.org/", "other/"])
    }

    @Test func rewriteSeesEveryDestinationOnce() {
        let options = MarkdownOptions(rewriteDestination: { destination, isImage in
            "\(destination)#\(isImage ? "image" : "link")"
        })
        let rendered = Markdown.render("[a](/a) ![b](/b) <https://c.example/>", options: options)
        #expect(rendered.html == "<p><a href=\"/a#link\">a</a> <img src=\"/b#image\" alt=\"b\" /> <a href=\"https://c.example/#link\">https://c.example/</a></p>\n")
    }

    @Test func withoutRewriteDestinationsAreKeptAsWritten() {
        let rendered = Markdown.render("[a](/a%20b?x=1&y=2)")
        #expect(rendered.html == "<p><a href=\"/a%20b?x=1&amp;y=2\">a</a></p>\n")
    }
}
