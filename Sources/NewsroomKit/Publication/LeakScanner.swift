import CSystem
import Foundation
import Markdown

/// The last line of defence for held releases: after rendering and before anything is
/// written, every output file's name and bytes are searched for the title, URL and
/// distinctive text of every held release, and for the files of its bundle. A hit fails
/// the build. The publication policy already keeps them out; this catches a template or
/// a future feature that goes around it.
struct LeakScanner: Sendable {
    struct Needle: Sendable {
        var bytes: [UInt8]
        /// "its title", "its URL", "text from its body", …
        var what: String
        var release: Int
    }

    let withheld: [WithheldRelease]
    let needles: [Needle]
    /// Bytes of held bundle files that no published release's bundle shares.
    let heldFiles: [(bytes: Data, name: String, release: Int)]

    /// Titles shorter than this are too likely to be ordinary words elsewhere on the site.
    static let minimumTitleLength = 16
    static let snippetLength = 40

    /// - Parameters:
    ///   - published: the published site, whose own text is never counted as a leak
    ///     (a draft may repeat a sentence of a published release).
    ///   - heldFileContents: the bytes of each held release's bundle files, by release index.
    init(withheld: [WithheldRelease], published: SitePlan, heldFileContents: [[(name: String, bytes: Data)]],
         publishedFileContents: Set<Data>) {
        self.withheld = withheld
        var publishedTitles: Set<String> = []
        var publishedParagraphs: Set<String> = []
        for release in published.releases {
            publishedTitles.insert(release.title)
            for line in release.body.plainText.split(separator: "\n") { publishedParagraphs.insert(String(line)) }
            if let summary = release.summaryText { publishedParagraphs.insert(summary) }
        }
        var needles: [Needle] = []
        for (index, held) in withheld.enumerated() {
            let release = held.release
            let url = published.url(of: release)
            needles.append(Needle(bytes: Array(url.utf8), what: "its URL /\(url)", release: index))
            if release.title.count >= Self.minimumTitleLength, !publishedTitles.contains(release.title) {
                for form in Self.encodings(of: release.title) {
                    needles.append(Needle(bytes: Array(form.utf8), what: "its title", release: index))
                }
            }
            var paragraphs = release.body.plainText.split(separator: "\n").map(String.init)
            if let summary = release.summary { paragraphs.insert(summary, at: 0) }
            var snippets = 0
            for paragraph in paragraphs where snippets < 4 && !publishedParagraphs.contains(paragraph) {
                guard let snippet = Self.snippet(of: paragraph) else { continue }
                needles.append(Needle(bytes: Array(snippet.utf8), what: "text of its body (\"\(snippet)\")", release: index))
                snippets += 1
            }
        }
        // Tags that only held releases use get no page.
        let publishedTags = Set(published.tags.map(\.slug))
        for (index, held) in withheld.enumerated() {
            for name in held.release.tagNames where !publishedTags.contains(Slug.make(name)) {
                needles.append(Needle(bytes: Array(Route.tag(Slug.make(name)).utf8), what: "the page of its tag '\(name)'", release: index))
            }
        }
        self.needles = needles
        var heldFiles: [(Data, String, Int)] = []
        for (index, files) in heldFileContents.enumerated() {
            for file in files where file.bytes.count >= 16 && !publishedFileContents.contains(file.bytes) {
                heldFiles.append((file.bytes, file.name, index))
            }
        }
        self.heldFiles = heldFiles
    }

    /// The forms a text takes in HTML, XML and JSON output.
    static func encodings(of text: String) -> [String] {
        var forms = [text]
        let html = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
        let json = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "/", with: "\\/")
        for form in [html, json] where !forms.contains(form) { forms.append(form) }
        return forms
    }

    /// A distinctive run of a paragraph with no character that escaping would change.
    static func snippet(of paragraph: String) -> String? {
        let runs = paragraph.split { "&<>\"'\\/".contains($0) }
        guard let longest = runs.max(by: { $0.count < $1.count }), longest.count >= snippetLength else { return nil }
        return String(longest.prefix(snippetLength)).trimmingCharacters(in: .whitespaces)
    }

    /// One diagnostic per held release and output file where something of it was found.
    /// - Parameter files: with their bytes read in (`OutputFile.materialized()`).
    func scan(_ files: [OutputFile]) -> Diagnostics {
        var diagnostics = Diagnostics()
        for file in files {
            guard case .bytes(let bytes) = file.content else { continue }
            var reported: Set<Int> = []
            let name = Data(file.path.utf8)
            for needle in needles where !reported.contains(needle.release) {
                if Self.contains(name, needle.bytes) || Self.contains(bytes, needle.bytes) {
                    reported.insert(needle.release)
                    diagnostics.append(diagnostic(for: needle.release, in: file.path, what: needle.what))
                }
            }
            for held in heldFiles where !reported.contains(held.release) && held.bytes == bytes {
                reported.insert(held.release)
                diagnostics.append(diagnostic(for: held.release, in: file.path, what: "a copy of its file \(held.name)"))
            }
        }
        return diagnostics
    }

    private func diagnostic(for index: Int, in path: String, what: String) -> Diagnostic {
        let held = withheld[index]
        let reason: String
        switch held.hold {
        case .draft: reason = "a draft"
        case .embargoed(let until): reason = "embargoed until \(Self.utc(until))"
        case .scheduled(let date): reason = "scheduled for \(Self.utc(date))"
        }
        return .error("this release is held back (\(reason)) but \(what) appears in the output file \(path); nothing was written", at: SourceLocation(path: held.release.sourcePath))
    }

    static func utc(_ date: Date) -> String {
        ContentDate.iso8601(date, timeZone: .gmt)
    }

    static func contains(_ haystack: some ContiguousBytes, _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { raw in
            needle.withUnsafeBytes { newsroom_contains_bytes(raw.baseAddress, raw.count, $0.baseAddress, $0.count) != 0 }
        }
    }
}
