import Foundation
import Markdown
import Templating

/// The spellings held text takes in output, made by the code that writes the output: the
/// template engine's HTML, JSON and URL escapers, cmark's smart punctuation and escaping, in
/// composed (NFC) and decomposed (NFD) Unicode.
enum LeakNeedles {
    /// Titles shorter than this are too likely to be ordinary words elsewhere on the site.
    static let minimumTitleLength = 16
    /// Body text is searched for as runs of this many characters, a few per paragraph.
    static let snippetLength = 40
    static let snippetsPerItem = 8

    /// Every form of a title: as written; as a Markdown body quoting it shows it (smart quotes
    /// and dashes, cmark's HTML escaping) and as a code span or character references show it
    /// (cmark's escaping, straight quotes); each in NFC and NFD, each as the engine prints it
    /// into HTML, JSON and URLs.
    static func forms(ofTitle title: String) -> [String] {
        // As written, and as pages and feeds print titles (`Release.shownTitle`).
        var bases = [title, Markdown.typographic(title)]
        // Backslashes keep Markdown syntax in the title literal; quotes, dashes and dots are
        // left for smart punctuation.
        let literal = title.map { "!#$%&()*+,/:;<=>?@[\\]^_`{|}~".contains($0) ? "\\\($0)" : String($0) }.joined()
        let quoted = Markdown.render(literal)
        bases.append(quoted.plainText)
        bases.append(contentsOf: inner(quoted.html, between: "<p>", and: "</p>\n"))
        let fence = String(repeating: "`", count: (title.split(separator: "`", omittingEmptySubsequences: false)
            .map(\.count).max() ?? 0) + title.filter { $0 == "`" }.count + 1)
        bases.append(contentsOf: inner(Markdown.render(fence + " " + title + " " + fence).html,
                                       between: "<p><code>", and: "</code></p>\n"))
        // Compared as bytes: Swift's String equality would take an NFD form for its NFC twin.
        var forms: [String] = []
        var seen = Set<[UInt8]>()
        for base in bases {
            for normal in [base.precomposedStringWithCanonicalMapping, base.decomposedStringWithCanonicalMapping] {
                for form in [normal, TemplateEscaping.html(normal), jsonContent(normal, forHTML: true),
                             jsonContent(normal, forHTML: false), TemplateEscaping.urlencode(normal)]
                where !form.isEmpty && seen.insert(Array(form.utf8)).inserted {
                    forms.append(form)
                }
            }
        }
        return forms
    }

    private static func inner(_ html: String, between start: String, and end: String) -> [String] {
        guard html.hasPrefix(start), html.hasSuffix(end), html.count > start.count + end.count else { return [] }
        return [String(html.dropFirst(start.count).dropLast(end.count))]
    }

    /// A JSON string literal without its quotes.
    private static func jsonContent(_ text: String, forHTML: Bool) -> String {
        String(TemplateEscaping.json(text, forHTML: forHTML).dropFirst().dropLast())
    }

    /// Distinctive runs of body text that no HTML or JSON escaper or smart punctuation changes
    /// (no `& < > " ' \ /`, no typographic quote, dash or ellipsis), one per paragraph, in NFC
    /// and NFD, and as the engine's `urlencode` writes them.
    static func snippets(of paragraphs: [String]) -> [[String]] {
        var snippets: [[String]] = []
        for paragraph in paragraphs where snippets.count < snippetsPerItem {
            // Split also where smart punctuation made typographic marks of straight ones, so a
            // run reads the same in the Markdown source, a setting, and the rendered body.
            let runs = paragraph.split { "&<>\"'\\/\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{2026}".contains($0) }
            guard let longest = runs.max(by: { $0.count < $1.count }), longest.count >= snippetLength else { continue }
            let snippet = String(longest.prefix(snippetLength)).trimmingCharacters(in: .whitespaces)
            var forms: [String] = []
            for normal in [snippet.precomposedStringWithCanonicalMapping, snippet.decomposedStringWithCanonicalMapping] {
                for form in [normal, TemplateEscaping.urlencode(normal)]
                where !forms.contains(where: { $0.utf8.elementsEqual(form.utf8) }) {
                    forms.append(form)
                }
            }
            snippets.append(forms)
        }
        return snippets
    }

    /// Text the published site shows on purpose: a held title equal to one of its units (a
    /// title, a heading, a paragraph), or a run of held body text found in it, is no leak.
    ///
    /// Its blocks are visited one at a time, never joined or held: at 100,000 releases they are
    /// hundreds of megabytes. The runs are searched in the blocks as if they were one text, a
    /// line each (`PatternMatcher` going on from block to block).
    struct PublishedText {
        /// The titles asked about that the site shows whole, by their place in the list asked about.
        var shownTitles: Set<Int> = []
        /// The runs asked about that the site shows, by their place in the matcher's patterns.
        var shownRuns: Set<Int> = []

        /// - Parameters:
        ///   - titles: held titles, each shown when a unit is the same text (Swift compares
        ///     strings by canonical equivalence: an NFD title finds its NFC twin).
        ///   - runs: held runs of body text, searched for in every block and the site's templates.
        init(plan: SitePlan, titles: [String], runs: PatternMatcher) {
            var wanted: [String: [Int]] = [:]
            for (place, title) in titles.enumerated() { wanted[title, default: []].append(place) }
            var state = 0
            var first = true
            var shownTitles: Set<Int> = []
            var shownRuns: Set<Int> = []
            func search(_ text: String) {
                var text = first ? text : "\n" + text
                first = false
                text.withUTF8 { utf8 in
                    runs.scan(UnsafeRawBufferPointer(utf8), range: 0 ..< utf8.count, state: &state) { pattern, _ in
                        shownRuns.insert(pattern)
                        return true
                    }
                }
            }
            func unit(_ text: String) {
                if let places = wanted[text] { shownTitles.formUnion(places) }
                search(text)
            }
            Self.visitUnits(of: plan, unit)
            for name in plan.site.theme.siteTemplateNames.sorted() {
                if let text = try? plan.site.theme.templates.text(of: name) { search(text) }
            }
            self.shownTitles = shownTitles
            self.shownRuns = shownRuns
        }

        /// Calls `visit` with each whole title, heading and paragraph the published site shows,
        /// in a fixed order.
        private static func visitUnits(of plan: SitePlan, _ visit: (String) -> Void) {
            let config = plan.site.config
            func lines(_ text: String) {
                for line in text.utf8.split(separator: UInt8(ascii: "\n")) { visit(String(Substring(line))) }
            }
            for text in [config.title, config.organization.name, config.description, config.organization.about].compactMap({ $0 }) {
                visit(text)
            }
            for contact in config.contacts {
                for text in [contact.name, contact.title, contact.organization].compactMap({ $0 }) { visit(text) }
            }
            if let about = config.organization.about { lines(Markdown.render(about).plainText) }
            for release in plan.releases {
                for text in [release.title, release.subtitle, release.summary, release.dateline].compactMap({ $0 }) { visit(text) }
                lines(release.body(.plainText).plainText)
                for update in release.updates { visit(update.rendered.plainText) }
            }
            for page in plan.site.pages {
                for text in [page.title, page.description].compactMap({ $0 }) { visit(text) }
                lines(page.body.plainText)
            }
        }
    }
}
