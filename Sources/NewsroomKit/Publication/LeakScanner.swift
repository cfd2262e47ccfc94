import Foundation

/// The last line of defence for held releases and pages: after rendering and before anything
/// is written, every output file is searched, in one pass over its bytes, for the text of
/// every held item in every form the output could give it (`LeakNeedles`), its URLs, and
/// copies of its files; and every link of every HTML page is resolved as the link checker
/// resolves links and compared with every held URL. A hit fails the build. The publication
/// policy already keeps them out; this catches a template or a future feature that goes
/// around it.
struct LeakScanner: Sendable {
    struct Needle: Sendable {
        var item: Int
        var what: String
        /// A URL in raw text: it only counts when no slug character follows it and it is not
        /// part of an address on another host.
        var isURL: Bool
    }

    let items: [HeldItem]
    let matcher: PatternMatcher
    let needles: [Needle]
    /// Held URLs by key (`LeakScanner.key(of:)`): the item and what the URL is.
    let heldURLs: [String: (item: Int, what: String, coversBelow: Bool)]
    /// What a link must hold to lead to one of `heldURLs`: a held key's last part (`LeakScanner+Links.swift`).
    let linkFilter: LinkTextFilter
    /// Bytes of held files that nothing published has, by size.
    let heldFiles: [Int: [(bytes: Data, name: String, item: Int)]]
    let basePath: String
    let host: String
    /// Everything a finding depends on: two scanners with the same fingerprint find the same in
    /// the same file, so a file found clean and not changed since need not be searched again.
    let fingerprint: Fingerprint
    /// What the published text showed, by release, for the next build (`PublishedText.Memo`).
    let publishedText: LeakNeedles.PublishedText.Memo?
    /// How many releases' texts were read back to learn it.
    let publishedTextsRead: Int

    /// - Parameter publishedFiles: the files published content uses, which are published on purpose.
    /// - Parameter memo: the last build's `publishedText`.
    init(items: [HeldItem], plan: SitePlan, publishedFiles: [OutputContent], threads: Int = 1,
         memo: LeakNeedles.PublishedText.Memo? = nil) {
        self.items = items
        let config = plan.site.config
        basePath = config.basePath
        host = URLComponents(string: config.baseURL)?.host?.lowercased() ?? ""
        // Titles long enough to search for, and runs of each item's body; those the published
        // site shows too are no leak.
        let titled = items.indices.filter { items[$0].title.count >= LeakNeedles.minimumTitleLength }
        var snippetGroups: [(item: Int, forms: [String])] = []
        for (index, item) in items.enumerated() {
            for forms in LeakNeedles.snippets(of: item.paragraphs) { snippetGroups.append((index, forms)) }
        }
        let snippetMatcher = PatternMatcher(snippetGroups.flatMap { $0.forms.map { Array($0.utf8) } })
        let published = LeakNeedles.PublishedText(plan: plan, titles: titled.map { items[$0].title }, runs: snippetMatcher,
                                                    threads: threads, memo: memo)
        let shownTitles = Set(published.shownTitles.map { titled[$0] })
        let shown = published.shownRuns
        publishedText = published.memo
        publishedTextsRead = published.releasesRead

        var patterns: [[UInt8]] = []
        var needles: [Needle] = []
        var urls: [String: (Int, String, Bool)] = [:]
        for (index, item) in items.enumerated() {
            if item.title.count >= LeakNeedles.minimumTitleLength, !shownTitles.contains(index) {
                for form in LeakNeedles.forms(ofTitle: item.title) {
                    patterns.append(Array(form.utf8))
                    needles.append(Needle(item: index, what: "its title", isURL: false))
                }
            }
            for url in item.urls {
                let key = Self.key(of: url.url)
                urls[key] = urls[key] ?? (index, url.what, url.coversBelow)
                patterns.append(Array((basePath + key).utf8))
                needles.append(Needle(item: index, what: url.what, isURL: true))
            }
        }
        var form = 0
        for group in snippetGroups {
            let range = form..<(form + group.forms.count)
            form = range.upperBound
            guard !range.contains(where: shown.contains) else { continue }
            for text in group.forms {
                patterns.append(Array(text.utf8))
                needles.append(Needle(item: group.item, what: "text of its body (\"\(group.forms[0])\")", isURL: false))
            }
        }
        matcher = PatternMatcher(patterns)
        self.needles = needles
        heldURLs = urls.mapValues { (item: $0.0, what: $0.1, coversBelow: $0.2) }
        linkFilter = LinkTextFilter(lastPartsOf: urls.keys)
        var files: [Int: [(Data, String, Int)]] = [:]
        for (index, item) in items.enumerated() {
            for file in item.files where file.bytes.count >= 16 && !publishedFiles.contains(where: { $0.holds(file.bytes) }) {
                files[file.bytes.count, default: []].append((file.bytes, file.name, index))
            }
        }
        heldFiles = files
        fingerprint = Self.fingerprint(items: items, patterns: patterns, needles: needles, urls: heldURLs, files: files,
                                       basePath: basePath, host: host)
    }

    private static func fingerprint(
        items: [HeldItem], patterns: [[UInt8]], needles: [Needle], urls: [String: (item: Int, what: String, coversBelow: Bool)],
        files: [Int: [(Data, String, Int)]], basePath: String, host: String
    ) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine("newsroom leak scan 1")
        hasher.combine(basePath)
        hasher.combine(host)
        hasher.combine(items.count)
        for item in items {
            hasher.combine(item.sourcePath)
            hasher.combine(item.noun)
            hasher.combine(item.hold.description)
            hasher.combine(item.title)
        }
        hasher.combine(patterns.count)
        for (pattern, needle) in zip(patterns, needles) {
            hasher.combine(bytes: pattern)
            hasher.combine(needle.item)
            hasher.combine(needle.what)
            hasher.combine(needle.isURL)
        }
        hasher.combine(urls.count)
        for key in urls.keys.sorted() {
            let url = urls[key]!
            hasher.combine(key)
            hasher.combine(url.item)
            hasher.combine(url.what)
            hasher.combine(url.coversBelow)
        }
        for size in files.keys.sorted() {
            for (bytes, name, item) in files[size] ?? [] {
                hasher.combine(Fingerprint.of(bytes))
                hasher.combine(name)
                hasher.combine(item)
            }
        }
        return hasher.finalize()
    }

    var isEmpty: Bool { items.isEmpty }

    /// The scanner for a build's output, or nil when the build holds nothing back.
    static func forBuild(_ publication: Publication, plan: SitePlan, threads: Int = 1,
                         memo: LeakNeedles.PublishedText.Memo? = nil) -> LeakScanner? {
        let root = plan.site.root
        let items = HeldItem.items(of: publication, plan: plan) { FileManager.default.contents(atPath: root + "/" + $0) }
        guard !items.isEmpty else { return nil }
        // A file that published content uses (a logo in a published bundle or named by a page, a
        // theme asset) is published on purpose, even if a held bundle has a copy. A media file
        // nothing refers to is not: a copy of a held file there is a leak.
        let inUse = MediaReferences(site: plan.site).references(of: plan.site)
        var used = Set(plan.copies.map(\.path).filter { !$0.hasPrefix(Route.media("")) })
        used.formUnion(inUse.map(Route.media))
        let publishedFiles = plan.copies.filter { used.contains($0.path) }.map(\.content)
        return LeakScanner(items: items, plan: plan, publishedFiles: publishedFiles, threads: threads, memo: memo)
    }

    /// One diagnostic per held item and output file where something of it was found. A copied
    /// file is read by the worker that scans it and dropped after.
    func scan(_ files: [OutputFile], threads: Int) -> Diagnostics {
        guard !isEmpty else { return Diagnostics() }
        let found = ParallelMap.map(files, threads: threads) { file -> [Diagnostic] in
            // A file that cannot be read is reported by the writer, which reads it too.
            guard let bytes = try? file.materialized().bytes else { return [] }
            return diagnostics(findings(in: file.path, bytes: bytes), in: file.path)
        }
        return Diagnostics(found.flatMap { $0 })
    }

    /// What of which held item one output file shows, at most one finding per item.
    func findings(in path: String, bytes: Data) -> [(item: Int, what: String)] {
        var found = Found()
        searchName(path, into: &found)
        bytes.withUnsafeBytes { raw in
            var state = 0
            searchText(raw, range: 0..<raw.count, state: &state, into: &found)
        }
        if readsLinks(path) { searchLinks(of: path, in: bytes, into: &found) }
        for held in heldFiles[bytes.count] ?? [] where held.bytes == bytes {
            found.record(held.item, "a copy of its file \(held.name)")
        }
        return found.list
    }

    /// What a file shows of which held item: the first thing found of each.
    struct Found {
        private var whats: [Int: String] = [:]

        mutating func record(_ item: Int, _ what: String) {
            if whats[item] == nil { whats[item] = what }
        }

        var list: [(item: Int, what: String)] { whats.keys.sorted().map { ($0, whats[$0] ?? "") } }
    }

    /// Whether the links of a file at `path` are read and followed: an HTML, XML or SVG file's.
    func readsLinks(_ path: String) -> Bool {
        path.hasSuffix(".html") || path.hasSuffix(".htm") || path.hasSuffix(".xml") || path.hasSuffix(".svg")
    }

    /// Searches an output file's own path: a held URL as its name, a held text in it.
    func searchName(_ path: String, into found: inout Found) {
        // A path leads to a held URL only if the link filter lets it through, as a link would.
        if linkFilter.mayResolve(path), let owner = heldOwner(ofKey: Self.key(of: path)) {
            found.record(owner.item, "\(owner.what) (as the output file's own name)")
        }
        var path = path
        path.withUTF8 { utf8 in
            var state = 0
            searchText(UnsafeRawBufferPointer(utf8), range: 0..<utf8.count, state: &state, into: &found)
        }
    }

    /// Searches `bytes[range]` for every needle, the matcher going on from `state`. A URL found
    /// is judged (`isOurURL`) from the bytes before it back to the start of its address and the
    /// byte after it, which must be in `bytes` when there is one.
    func searchText(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, state: inout Int, into found: inout Found) {
        matcher.scan(bytes, range: range, state: &state) { pattern, end in
            let needle = needles[pattern]
            if !needle.isURL || isOurURL(bytes, start: end - matcher.patterns[pattern].count, end: end) {
                found.record(needle.item, needle.what)
            }
            return true
        }
    }

    /// A held URL found in raw text counts when it stands alone as a root-relative path or
    /// follows this site's own host; not when a slug character follows it (a longer slug), when
    /// it is the tail of a longer path, or when it is the path of an address on another host.
    private func isOurURL(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> Bool {
        if end < bytes.count {
            let next = bytes[end]
            let isSlugCharacter = (next >= 0x61 && next <= 0x7A) || (next >= 0x30 && next <= 0x39) || next == 0x2D
                || next >= 0x80 || (next >= 0x41 && next <= 0x5A) || next == 0x5F
            if isSlugCharacter { return false }
        }
        // Walk back over the address this path belongs to: `https://other.example/news/…` is not ours.
        var index = start
        while index > 0, !Self.endsAddress(bytes[index - 1]) { index -= 1 }
        var prefix = Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<start]), as: UTF8.self))
        // A value inside another address (`https://share.example/?text=/releases/…`) stands alone.
        if let separator = prefix.lastIndex(where: { "?=&#,;".contains($0) }) {
            prefix = prefix[prefix.index(after: separator)...]
        }
        if prefix.isEmpty { return true }
        // Only this site's host may come before it (`https://host`, `//host:8080`, `host`); any
        // other prefix makes it part of a longer path (`/media/team.png` for a page `/team/`)
        // or of another site's address.
        var authority = Substring(prefix.lowercased())
        if let colon = authority.lastIndex(of: ":"), authority[authority.index(after: colon)...].allSatisfy(\.isASCII),
           authority[authority.index(after: colon)...].allSatisfy(\.isNumber) {
            authority = authority[..<colon]
        }
        guard !host.isEmpty, authority.hasSuffix(host) else { return false }
        let before = authority.dropLast(host.count)
        return before.isEmpty || before.hasSuffix("//") || before.hasSuffix("@")
    }

    /// Whether `byte` ends an address written in text, walking back over it: white space, a
    /// quote, `<`, `>` or a parenthesis.
    static func endsAddress(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x22 || byte == 0x27 || byte == 0x3C || byte == 0x3E || byte == 0x28 || byte == 0x29
    }

    /// The errors for what the output file at `path` was found to show.
    func diagnostics(_ findings: [(item: Int, what: String)], in path: String) -> [Diagnostic] {
        findings.map { diagnostic(for: $0.item, in: path, what: $0.what) }
    }

    func diagnostic(for index: Int, in path: String, what: String) -> Diagnostic {
        let item = items[index]
        return .error("this \(item.noun) is held back (\(item.hold)) but \(what) appears in the output file \(path); nothing was written",
                      at: SourceLocation(path: item.sourcePath))
    }
}
