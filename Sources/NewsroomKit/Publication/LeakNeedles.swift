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
    /// The runs are searched for as if every unit, then the site's templates, were one text, a
    /// line each; but that text is never made (at 100,000 releases it is hundreds of
    /// megabytes). Each release's units are joined and searched on their own, on every core;
    /// a run that spans two releases is within `longest - 1` bytes of where they meet, so the
    /// first and last bytes of each release's text are searched again in order, with the
    /// settings before them and the pages and templates after.
    struct PublishedText {
        /// The titles asked about that the site shows whole, by their place in the list asked about.
        var shownTitles: Set<Int> = []
        /// The runs asked about that the site shows, by their place in the matcher's patterns.
        var shownRuns: Set<Int> = []

        /// - Parameters:
        ///   - titles: held titles, each shown when a unit is the same text (Swift compares
        ///     strings by canonical equivalence: an NFD title finds its NFC twin).
        ///   - runs: held runs of body text, searched for in every unit and the site's templates.
        init(plan: SitePlan, titles: [String], runs: PatternMatcher, threads: Int = 1) {
            let wanted = Titles(titles)
            let edge = max(0, (runs.patterns.map(\.count).max() ?? 0) - 1)
            let releases = ParallelMap.map(plan.releases, threads: threads) { [wanted] release in
                ReleaseText(release, wanted: wanted, runs: runs, edge: edge)
            }
            for release in releases {
                shownTitles.formUnion(release.titles)
                shownRuns.formUnion(release.runs)
            }
            // The settings, the releases' edges and the pages and templates, in order.
            var state = 0
            var first = true
            func search(_ bytes: [UInt8]) {
                bytes.withUnsafeBytes { raw in
                    runs.scan(raw, range: 0 ..< raw.count, state: &state) { pattern, _ in
                        shownRuns.insert(pattern)
                        return true
                    }
                }
            }
            func next(_ bytes: [UInt8]) {
                if !first { search([UInt8(ascii: "\n")]) }
                first = false
                search(bytes)
            }
            func unit(_ text: String) {
                if let places = wanted.places(of: text) { shownTitles.formUnion(places) }
                next(Array(text.utf8))
            }
            Self.visitSettings(of: plan.site.config, unit)
            for release in releases {
                next(release.head)
                if let tail = release.tail {
                    state = 0
                    search(tail)
                }
            }
            Self.visitPages(of: plan.site, unit)
            for name in plan.site.theme.siteTemplateNames.sorted() {
                if let text = try? plan.site.theme.templates.text(of: name) { next(Array(text.utf8)) }
            }
        }

        /// The held titles, each found where a unit is the same text as Swift compares strings
        /// (canonical equivalence), without hashing every unit. Equivalent texts have the same
        /// decomposed form (NFD), and a text's NFD is at most three times its length in UTF-8
        /// and at least a third of it (U+212A, the Kelvin sign, is `K`): a unit longer than four
        /// times the longest title's NFD, or shorter than a quarter of the shortest, is none of
        /// them. A unit of ASCII is equivalent only to a title whose NFD is those very bytes, so
        /// it is looked up by its bytes when a title's NFD has its length; any other unit as a
        /// string. (A title missed would be searched for, and fail the build: never a leak.)
        struct Titles: Sendable {
            private var byText: [String: [Int]] = [:]
            private var byASCII: [[UInt8]: [Int]] = [:]
            private var asciiLengths: Set<Int> = []
            private var lengths = 0 ... 0

            init(_ titles: [String]) {
                var shortest = Int.max, longest = 0
                for (place, title) in titles.enumerated() {
                    byText[title, default: []].append(place)
                    let decomposed = Array(title.decomposedStringWithCanonicalMapping.utf8)
                    shortest = min(shortest, decomposed.count)
                    longest = max(longest, decomposed.count)
                    if decomposed.allSatisfy({ $0 < 0x80 }) {
                        byASCII[decomposed, default: []].append(place)
                        asciiLengths.insert(decomposed.count)
                    }
                }
                if !titles.isEmpty { lengths = shortest / 4 ... longest * 4 }
            }

            func places(of text: String) -> [Int]? { byText[text] }

            func places(of bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
                guard !byText.isEmpty, lengths.contains(bytes.count) else { return nil }
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return byText[String(decoding: bytes, as: UTF8.self)] }
                guard asciiLengths.contains(bytes.count) else { return nil }
                return byASCII[Array(bytes)]
            }
        }

        /// What one release's units show: searched as one text, a unit a line.
        private struct ReleaseText: Sendable {
            var titles: Set<Int> = []
            var runs: Set<Int> = []
            /// The text's first `edge` bytes, or all of it when it is at most twice that long.
            var head: [UInt8] = []
            /// Its last `edge` bytes; nil when `head` holds all of it.
            var tail: [UInt8]?

            init(_ release: Release, wanted: Titles, runs matcher: PatternMatcher, edge: Int) {
                var text: [UInt8] = []
                var first = true
                var shown: Set<Int> = []
                func unit(_ bytes: UnsafeBufferPointer<UInt8>) {
                    if let places = wanted.places(of: bytes) { shown.formUnion(places) }
                    if !first { text.append(UInt8(ascii: "\n")) }
                    first = false
                    text.append(contentsOf: bytes)
                }
                func units(_ text: String) {
                    var text = text
                    text.withUTF8(unit)
                }
                for text in [release.title, release.subtitle, release.summary, release.dateline].compactMap({ $0 }) { units(text) }
                // Its lines that are not empty, as `lines` makes them.
                var body = release.body(.plainText).plainText
                body.withUTF8 { bytes in
                    var start = 0
                    while start < bytes.count {
                        let end = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
                            .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
                        if end > start { unit(UnsafeBufferPointer(rebasing: bytes[start ..< end])) }
                        start = end + 1
                    }
                }
                for update in release.updates { units(update.rendered.plainText) }
                var found: Set<Int> = []
                text.withUnsafeBytes { raw in
                    matcher.scan(raw) { pattern, _ in
                        found.insert(pattern)
                        return true
                    }
                }
                titles = shown
                runs = found
                if text.count <= 2 * edge {
                    head = text
                } else {
                    head = Array(text.prefix(edge))
                    tail = Array(text.suffix(edge))
                }
            }
        }

        private static func lines(_ text: String, _ visit: (String) -> Void) {
            for line in text.utf8.split(separator: UInt8(ascii: "\n")) { visit(String(Substring(line))) }
        }

        /// The site's title, organization, About boilerplate and contacts, in a fixed order.
        private static func visitSettings(of config: NewsroomConfig, _ visit: (String) -> Void) {
            for text in [config.title, config.organization.name, config.description, config.organization.about].compactMap({ $0 }) {
                visit(text)
            }
            for contact in config.contacts {
                for text in [contact.name, contact.title, contact.organization].compactMap({ $0 }) { visit(text) }
            }
            if let about = config.organization.about { lines(Markdown.render(about).plainText, visit) }
        }

        /// The standalone pages' titles, descriptions and paragraphs.
        private static func visitPages(of site: Site, _ visit: (String) -> Void) {
            for page in site.pages {
                for text in [page.title, page.description].compactMap({ $0 }) { visit(text) }
                lines(page.body.plainText, visit)
            }
        }
    }
}
