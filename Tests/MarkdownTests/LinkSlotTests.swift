import Foundation
import Markdown
import Testing

/// One parse, shown root-relative on a page and absolute in a feed: relative destinations are
/// kept as written, with their positions, and the bases are written in on demand.
struct LinkSlotTests {
    @Test(arguments: [
        ("/media/kit.pdf", LinkBase.site), ("study.pdf", .page), ("#contacts", .page), ("?page=2", .page),
        ("../2014/x/", .page), ("a:b/c", nil), ("https://example.org/", nil), ("mailto:press@example.org", nil),
        ("//cdn.example/x.png", nil), ("", nil), ("tel:+15550100", nil), ("x-y.z+w:rest", nil), ("1abc:x", .page),
        ("data/report.csv", .page),
    ] as [(String, LinkBase?)])
    func eachDestinationHasTheBaseItNeeds(_ destination: String, _ base: LinkBase?) {
        #expect(LinkBase(of: destination) == base)
    }

    @Test func oneParseGivesPageAndFeedForms() {
        let text = """
            ## Where to look

            See [the study](study.pdf), ![chart](/media/chart.png "Chart"), [below](#where-to-look), \
            [home](https://example.org/) and [rel](../x/?a=1&b=2).
            """
        let rendered = Markdown.render(text)
        let plain = """
            <h2 id="where-to-look">Where to look</h2>
            <p>See <a href="study.pdf">the study</a>, <img src="/media/chart.png" alt="chart" title="Chart" />, \
            <a href="#where-to-look">below</a>, <a href="https://example.org/">home</a> and <a href="../x/?a=1&amp;b=2">rel</a>.</p>

            """
        #expect(rendered.html == plain)
        #expect(rendered.linkSlots.map(\.base) == [.page, .site, .page, .page])
        #expect(rendered.html(site: "", page: "") == plain)
        #expect(rendered.html(site: "/news", page: "") == plain.replacingOccurrences(of: "src=\"/media", with: "src=\"/news/media"))
        let feed = rendered.html(site: "https://example.org/news", page: "https://example.org/news/releases/2026/x/")
        #expect(feed.contains("<a href=\"https://example.org/news/releases/2026/x/study.pdf\">"))
        #expect(feed.contains("<img src=\"https://example.org/news/media/chart.png\""))
        #expect(feed.contains("<a href=\"https://example.org/news/releases/2026/x/#where-to-look\">"))
        #expect(feed.contains("<a href=\"https://example.org/news/releases/2026/x/../x/?a=1&amp;b=2\">"))
        #expect(feed.contains("<a href=\"https://example.org/\">home</a>"))
    }

    @Test func linksInsideHeadingsAndRawHTMLAreHandled() {
        let rendered = Markdown.render("# A [kit](/kit/)\n\n<a href=\"/raw/\">raw</a>", options: MarkdownOptions(unsafeHTML: true))
        // The heading's link is cmark's and has a slot; raw HTML is the author's and is kept as written.
        #expect(rendered.html(site: "/news", page: "") == "<h1 id=\"a-kit\">A <a href=\"/news/kit/\">kit</a></h1>\n<p><a href=\"/raw/\">raw</a></p>\n")
    }

    @Test func textThatLooksLikeAMarkerIsLeftAlone() {
        let rendered = Markdown.render("nrlink0000000000000000000000000000s and [x](/x)")
        #expect(rendered.html.hasPrefix("<p>nrlink0000000000000000000000000000s and <a href=\"/x\">"))
        #expect(rendered.linkSlots.count == 1)
    }

    @Test func dangerousDestinationsAreEmptiedNotMarked() {
        let rendered = Markdown.render("[x](javascript:alert(1)) [y](/y)")
        #expect(rendered.html(site: "https://example.org", page: "https://example.org/p/") == "<p><a href=\"\">x</a> <a href=\"https://example.org/y\">y</a></p>\n")
    }

    /// Slots come back from the build cache: one past the end, out of order or inside a
    /// character (a damaged cache) still gives a string of whole characters, the text's own.
    @Test func slotsThatAreNotWhereTheyShouldBeGiveWholeCharacters() {
        let html = "<p>é<a href=\"x\">ü</a></p>\n"
        for offsets in [[4], [5, 4], [1000], [0, 19, 6], [17]] {
            var rendered = RenderedMarkdown(html: html, summaryText: nil, plainText: "", headings: [], links: [])
            rendered.linkSlots = offsets.map { LinkSlot(offset: $0, base: .site) }
            let resolved = rendered.html(site: "/news", page: "")
            #expect(resolved.unicodeScalars.filter { $0 == "\u{FFFD}" }.isEmpty, "\(offsets)")
            #expect(resolved.replacingOccurrences(of: "/news", with: "") == html, "\(offsets)")
        }
    }
}
