import Foundation
import Markdown
import Templating

extension LeakNeedles {
    /// Text the published site shows on purpose: a held title equal to one of its units (a
    /// title, a heading, a paragraph), or a run of held body text found in it, is no leak.
    ///
    /// The runs are searched for as if every unit, then the site's templates, were one text, a
    /// line each; but that text is never made (at 100,000 releases it is hundreds of
    /// megabytes). Each release's units are joined and searched on their own, on every core;
    /// a run that spans two releases is within `longest - 1` bytes of where they meet, so when
    /// a run could span them (it holds a line break, `edge(of:)`), the first and last bytes of
    /// each release's text are searched again in order, with the settings before them and the
    /// pages and templates after.
    struct PublishedText {
        /// The titles asked about that the site shows whole, by their place in the list asked about.
        var shownTitles: Set<Int> = []
        /// The runs asked about that the site shows, by their place in the matcher's patterns.
        var shownRuns: Set<Int> = []
        /// What each release showed, by its input, for the next build; nil when the releases
        /// have no inputs (a build without a cache).
        var memo: Memo?
        /// How many releases' texts were read back; the others were known from the last build's memo.
        var releasesRead = 0

        /// What each release's text showed of the held titles and runs (`ReleaseText`), by the
        /// release's input (`ReleaseCacheKey`: its file's bytes and the settings it was read
        /// with), for the titles and runs it was searched for (`needles`). Kept in the output's
        /// manifest, so that a build holding the same releases back reads back only the text of
        /// the releases whose input changed.
        struct Memo: Sendable, Equatable {
            var needles: Fingerprint
            var releases: [Fingerprint: ReleaseText]
        }

        /// How many of the first and last bytes of each release's text are searched again, in
        /// order: a run found across two releases holds the line break that joins them, so
        /// only runs with a line break can be (one from a held summary or update of several
        /// lines). Without one, no run is found across two units, and a release's edges are
        /// not kept: at 100,000 releases they were 40 MB of the memo, held while pages render.
        static func edge(of runs: PatternMatcher) -> Int {
            guard runs.patterns.contains(where: { $0.contains(UInt8(ascii: "\n")) }) else { return 0 }
            return max(0, (runs.patterns.map(\.count).max() ?? 0) - 1)
        }

        /// The titles and runs, in their order: their places are what `ReleaseText` records.
        static func needles(titles: [String], runs: PatternMatcher) -> Fingerprint {
            var hasher = FingerprintHasher()
            hasher.combine("newsroom published text 1")
            hasher.combine(titles.count)
            for title in titles { hasher.combine(title) }
            hasher.combine(runs.patterns.count)
            for pattern in runs.patterns { hasher.combine(bytes: pattern) }
            return hasher.finalize()
        }

        /// - Parameters:
        ///   - titles: held titles, each shown when a unit is the same text (Swift compares
        ///     strings by canonical equivalence: an NFD title finds its NFC twin).
        ///   - runs: held runs of body text, searched for in every unit and the site's templates.
        ///   - memo: the last build's, used when it was made for the same titles and runs.
        init(plan: SitePlan, titles: [String], runs: PatternMatcher, threads: Int = 1, memo last: Memo? = nil) {
            let wanted = Titles(titles)
            let edge = Self.edge(of: runs)
            let needles = Self.needles(titles: titles, runs: runs)
            let known = last?.needles == needles ? last?.releases : nil
            let inputs = plan.site.releaseInputs
            let found = ParallelMap.map(plan.releases, threads: threads) { [wanted] release -> (input: Fingerprint?, text: ReleaseText, read: Bool) in
                let input = inputs[release.sourcePath]
                if let input, let kept = known?[input] { return (input, kept, false) }
                return (input, ReleaseText(release, wanted: wanted, runs: runs, edge: edge), true)
            }
            var kept: [Fingerprint: ReleaseText] = [:]
            kept.reserveCapacity(found.count)
            for (input, release, read) in found {
                // Places past the lists (a damaged memo) name nothing. Most releases show none.
                if !release.titles.isEmpty { shownTitles.formUnion(release.titles.filter { $0 < titles.count }) }
                if !release.runs.isEmpty { shownRuns.formUnion(release.runs.filter { $0 < runs.patterns.count }) }
                if read { releasesRead += 1 }
                if let input { kept[input] = release }
            }
            memo = inputs.isEmpty ? nil : Memo(needles: needles, releases: kept)
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
            func unit(_ bytes: UnsafeBufferPointer<UInt8>) {
                if let places = wanted.places(of: bytes) { shownTitles.formUnion(places) }
                next(Array(bytes))
            }
            Self.visitSettings(of: plan.site.config, unit)
            // Without edges (no run holds a line break, `edge(of:)`), every line break leaves the
            // matcher at its start: the releases add nothing to search here, and are not walked.
            for release in edge == 0 ? [] : found.map(\.text) {
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

            func places(of text: String) -> [Int]? {
                var text = text
                return text.withUTF8 { places(of: $0) }
            }

            func places(of bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
                guard !byText.isEmpty, lengths.contains(bytes.count) else { return nil }
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return byText[String(decoding: bytes, as: UTF8.self)] }
                guard asciiLengths.contains(bytes.count) else { return nil }
                return byASCII[Array(bytes)]
            }
        }

        /// What one release's units show: searched as one text, a unit a line.
        struct ReleaseText: Sendable, Equatable {
            var titles: Set<Int> = []
            var runs: Set<Int> = []
            /// The text's first `edge` bytes, or all of it when it is at most twice that long
            /// (none when `edge` is 0).
            var head: [UInt8] = []
            /// Its last `edge` bytes; nil when `head` holds all of it.
            var tail: [UInt8]?

            init(titles: Set<Int>, runs: Set<Int>, head: [UInt8], tail: [UInt8]?) {
                self.titles = titles
                self.runs = runs
                self.head = head
                self.tail = tail
            }

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
                for text in [release.title, release.subtitle, release.summary, release.dateline].compactMap({ $0 }) {
                    PublishedText.whole(text, unit)
                }
                PublishedText.lines(release.body(.plainText).plainText, unit)
                for update in release.updates { PublishedText.whole(update.rendered.plainText, unit) }
                var found: Set<Int> = []
                text.withUnsafeBytes { raw in
                    matcher.scan(raw) { pattern, _ in
                        found.insert(pattern)
                        return true
                    }
                }
                titles = shown
                runs = found
                if edge == 0 {
                    head = []
                } else if text.count <= 2 * edge {
                    head = text
                } else {
                    head = Array(text.prefix(edge))
                    tail = Array(text.suffix(edge))
                }
            }
        }

        /// A unit's bytes.
        private static func whole(_ text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
            var text = text
            text.withUTF8(visit)
        }

        /// A text's lines that are not empty, each a unit.
        private static func lines(_ text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                while start < bytes.count {
                    let end = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
                        .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
                    if end > start { visit(UnsafeBufferPointer(rebasing: bytes[start ..< end])) }
                    start = end + 1
                }
            }
        }

        /// The site's title, organization, About boilerplate and contacts, in a fixed order.
        private static func visitSettings(of config: NewsroomConfig, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
            for text in [config.title, config.organization.name, config.description, config.organization.about].compactMap({ $0 }) {
                whole(text, visit)
            }
            for contact in config.contacts {
                for text in [contact.name, contact.title, contact.organization].compactMap({ $0 }) { whole(text, visit) }
            }
            if let about = config.organization.about { lines(Markdown.render(about).plainText, visit) }
        }

        /// The standalone pages' titles, descriptions and paragraphs.
        private static func visitPages(of site: Site, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
            for page in site.pages {
                for text in [page.title, page.description].compactMap({ $0 }) { whole(text, visit) }
                lines(page.body.plainText, visit)
            }
        }
    }
}

/// How a release's published text is kept in the manifest: one `write` and one `read`, side by side.
extension BinaryWriter {
    mutating func write(_ text: LeakNeedles.PublishedText.ReleaseText) {
        write(text.titles.sorted()) { $0.write(count: $1) }
        write(text.runs.sorted()) { $0.write(count: $1) }
        write(text.head)
        write(text.tail != nil)
        if let tail = text.tail { write(tail) }
    }
}

extension BinaryReader {
    mutating func readReleaseText() throws(CacheFormatError) -> LeakNeedles.PublishedText.ReleaseText {
        let titles = try readArray { reader throws(CacheFormatError) in try reader.readCount() }
        let runs = try readArray { reader throws(CacheFormatError) in try reader.readCount() }
        let head = try readBytes()
        let tail = try readBool() ? try readBytes() : nil
        return .init(titles: Set(titles), runs: Set(runs), head: head, tail: tail)
    }
}
