import Testing
import Markdown

/// Any input renders, without crashing, the same way every time.
struct RobustnessTests {
    @Test func emptyInput() {
        let rendered = Markdown.render("")
        #expect(rendered == RenderedMarkdown(html: "", summaryText: nil, plainText: "", headings: [], links: []))
    }

    @Test func deeplyNestedBlockquotesDoNotCrash() {
        let depth = 100_000
        let text = String(repeating: ">", count: depth) + " deep [link](/deep)\n"
        let rendered = Markdown.render(text)
        #expect(rendered.html.hasPrefix("<blockquote>\n<blockquote>\n"))
        #expect(rendered.summaryText == nil)
        #expect(rendered.plainText == "deep link")
        #expect(rendered.links.map(\.destination) == ["/deep"])
    }

    @Test func deeplyNestedListsDoNotCrash() {
        let text = String(repeating: "- ", count: 100_000) + "## deep\n"
        let rendered = Markdown.render(text)
        #expect(rendered.html.hasPrefix("<ul>\n<li>\n<ul>\n<li>\n"))
        #expect(rendered.headings.map(\.id) == ["deep"])
    }

    @Test func deeplyNestedInlinesDoNotCrash() {
        let text = String(repeating: "*[", count: 50_000) + "x" + String(repeating: "](/y)*", count: 50_000)
        let rendered = Markdown.render(text)
        #expect(rendered.html.hasPrefix("<p>"))
    }

    @Test func invalidUTF8IsReplaced() {
        let bytes: [UInt8] = Array("Caf".utf8) + [0xC3] + Array(" ok ".utf8) + [0xFF, 0xFE] + Array(" end".utf8)
        let rendered = Markdown.render(utf8: bytes)
        #expect(rendered.html == "<p>Caf\u{FFFD} ok \u{FFFD}\u{FFFD} end</p>\n")
        #expect(rendered.summaryText == "Caf\u{FFFD} ok \u{FFFD}\u{FFFD} end")
    }

    @Test func nulCharactersAreReplaced() {
        let rendered = Markdown.render("a\u{0}b [x](/\u{0})")
        #expect(rendered.html == "<p>a\u{FFFD}b <a href=\"/%EF%BF%BD\">x</a></p>\n")
    }

    /// Deterministic random documents built from Markdown's sharp edges: none may crash,
    /// leak raw HTML or dangerous destinations, or produce two equal heading ids.
    @Test func randomMarkdownKeepsItsPromises() {
        let pieces = [
            "# ", "## ", "\n", "\n\n", "> ", "- ", "1. ", "    ", "`", "```\n", "*", "_", "[", "]", "(", ")",
            "![", "<", ">", "<script>", "</script>", "<h2 id=\"x\">", "javascript:alert(1)", "<b>", "&amp;",
            "\\", "\"", "'", "--", "...", "Intro", "Über", "日本", "\r\n", "\t", "===", "---", "<https://e.x/>",
            "[r]: /ref\n", "[r]", "\u{0}", "\u{301}",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<1_500 {
            let text = (0..<next(60)).map { _ in pieces[next(pieces.count)] }.joined()
            let rendered = Markdown.render(text)
            // A string goes to cmark unchecked (its bytes are UTF-8): the same as the checked way.
            #expect(Markdown.render(utf8: Array(text.utf8)) == rendered, "\(text.debugDescription)")
            #expect(!rendered.html.contains("<script"), "\(text.debugDescription)")
            #expect(!rendered.html.contains("<b>"), "\(text.debugDescription)")
            #expect(!rendered.html.contains("href=\"javascript"), "\(text.debugDescription)")
            #expect(!rendered.html.contains("src=\"javascript"), "\(text.debugDescription)")
            #expect(!rendered.html.contains("data-sourcepos"), "\(text.debugDescription)")
            #expect(Set(rendered.headings.map(\.id)).count == rendered.headings.count, "\(text.debugDescription)")
            // Compared as bytes: a heading may start with a combining mark, which would
            // join the tag's ">" into one Character.
            let htmlBytes = Array(rendered.html.utf8)
            #expect(rendered.headings.allSatisfy { htmlBytes.contains(Array("<h\($0.level) id=\"\($0.id)\">".utf8)) },
                    "\(text.debugDescription)")
        }
    }

    @Test func renderingFromEightConcurrentTasksIsIdentical() async {
        let text = (1...40).map { index in
            "## Section \(index)\n\n\"Quote\" -- [link \(index)](/l/\(index)) ![i](/i.png) <b>x</b>\n"
        }.joined(separator: "\n")
        let options = MarkdownOptions(rewriteDestination: { destination, _ in "/base" + destination })
        let expected = Markdown.render(text, options: options)
        let results = await withTaskGroup(of: [RenderedMarkdown].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<25).map { _ in Markdown.render(text, options: options) }
                }
            }
            var all: [RenderedMarkdown] = []
            for await batch in group {
                all += batch
            }
            return all
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 == expected })
        #expect(expected.headings.count == 40)
        #expect(expected.html.contains("<h2 id=\"section-40\">Section 40</h2>"))
    }
}
