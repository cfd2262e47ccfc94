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
}
