import Foundation
public import Markdown

/// A release's long texts (its body's HTML, plain text and wire copy, its search words) wait in
/// a `BodyStore` from the moment it is loaded, and are read back when a page or the cache needs
/// them: a build holds them for the pages being made, not for the whole site.
extension Release {
    /// One record per text, so that a page reads back only the text it shows.
    struct StoredTexts: Sendable {
        var html: BodyStore.Record
        var plainText: BodyStore.Record
        var text: BodyStore.Record
        /// Nil when there are no search words.
        var words: BodyStore.Record?
        var opensWithParagraph: Bool
    }

    /// Which of the body's long texts to read back.
    struct BodyTexts: OptionSet, Sendable {
        let rawValue: Int
        static let html = BodyTexts(rawValue: 1)
        static let plainText = BodyTexts(rawValue: 2)
        static let text = BodyTexts(rawValue: 4)
        static let all: BodyTexts = [.html, .plainText, .text]
    }

    /// The body without its long texts once they are stored: its links, headings, summary and
    /// link positions, which whole-site passes read, never from the store.
    var outline: RenderedMarkdown { self[dynamicMember: \Fields.body] }

    /// The body as parsed, read back from the store when its texts wait there. A record that
    /// cannot be read back gives an empty text and is noted in the store's `damage`, which stops
    /// the build before it writes anything.
    public var body: RenderedMarkdown { body(.all) }

    /// The body with only `texts` read back (the others empty when they wait in the store).
    func body(_ texts: BodyTexts) -> RenderedMarkdown {
        do throws(CacheFormatError) {
            return try readBody(texts)
        } catch {
            self[dynamicMember: \Fields.stored]?.html.store.damage.report(error, path: self.sourcePath)
            return outline
        }
    }

    /// The words of the body the search index carries (`SearchText`), read back like `body`.
    public internal(set) var searchWords: String {
        get {
            guard let record = self[dynamicMember: \Fields.stored]?.words else { return self[dynamicMember: \Fields.searchWords] }
            do throws(CacheFormatError) {
                return try record.readString()
            } catch {
                record.store.damage.report(error, path: self.sourcePath)
                return ""
            }
        }
        set { self[dynamicMember: \Fields.searchWords] = newValue }
    }

    /// The body's HTML, plain text and wire copy and the search words as the cache writes them:
    /// where each waits, to be copied from there into the cache file; nil when they are in
    /// memory (`outline`).
    func textSources() -> TextSources? {
        guard let stored = self[dynamicMember: \Fields.stored] else { return nil }
        return TextSources(html: .stored(stored.html), plainText: .stored(stored.plainText), text: .stored(stored.text),
                           words: stored.words.map(LongTextSource.stored) ?? .bytes([]))
    }

    /// The records of the long texts when they wait in a store, none when they are in memory.
    var storedRecords: [BodyStore.Record] {
        var records: [BodyStore.Record] = []
        forEachStoredRecord { records.append($0) }
        return records
    }

    /// Calls `body` with each record of `storedRecords`, without making the list.
    func forEachStoredRecord(_ body: (BodyStore.Record) -> Void) {
        guard let stored = self[dynamicMember: \Fields.stored] else { return }
        body(stored.html)
        body(stored.plainText)
        body(stored.text)
        if let words = stored.words { body(words) }
    }

    struct TextSources {
        var html, plainText, text, words: LongTextSource
    }

    private func readBody(_ texts: BodyTexts) throws(CacheFormatError) -> RenderedMarkdown {
        var body = outline
        guard let stored = self[dynamicMember: \Fields.stored] else { return body }
        if texts.contains(.html) { body.html = try stored.html.readString() }
        if texts.contains(.plainText) { body.plainText = try stored.plainText.readString() }
        if texts.contains(.text) { body.text = try stored.text.readString() }
        return body
    }

    /// Whether the body's HTML starts with a paragraph, without reading it back.
    var bodyOpensWithParagraph: Bool {
        self[dynamicMember: \Fields.stored]?.opensWithParagraph ?? outline.html.hasPrefix("<p>")
    }

    /// The digests of the body's HTML and of the search words, whether they are stored or kept
    /// in memory: they stand for the texts in fingerprints, the same either way.
    var htmlDigest: Fingerprint { self[dynamicMember: \Fields.stored]?.html.digest ?? Self.digest(outline.html) }
    /// The digest of the wire copy's text layout, as `htmlDigest` is of the HTML.
    var textDigest: Fingerprint { self[dynamicMember: \Fields.stored]?.text.digest ?? Self.digest(outline.text) }
    var wordsDigest: Fingerprint {
        if let stored = self[dynamicMember: \Fields.stored] { return stored.words?.digest ?? Self.digest("") }
        return Self.digest(self[dynamicMember: \Fields.searchWords])
    }

    /// As `BodyStore` digests a record.
    private static func digest(_ text: String) -> Fingerprint {
        var text = text
        return text.withUTF8 { Fingerprint.of(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Moves the long texts into `store`, once, unless they fit in what it keeps in memory; they
    /// stay in memory too when the store takes no more.
    mutating func storeTexts(in store: BodyStore?) {
        guard let store, self[dynamicMember: \Fields.stored] == nil else { return }
        let body = outline
        let words = self[dynamicMember: \Fields.searchWords]
        let size = body.html.utf8.count + body.plainText.utf8.count + body.text.utf8.count + words.utf8.count
        guard !store.keepsInMemory(size) else { return }
        guard let records = store.write(words.isEmpty ? [body.html, body.plainText, body.text] : [body.html, body.plainText, body.text, words])
        else { return }
        var kept = body
        kept.html = ""
        kept.plainText = ""
        kept.text = ""
        self[dynamicMember: \Fields.body] = kept
        self[dynamicMember: \Fields.searchWords] = ""
        self[dynamicMember: \Fields.stored] = StoredTexts(html: records[0], plainText: records[1], text: records[2],
                                                          words: records.count > 3 ? records[3] : nil,
                                                          opensWithParagraph: body.html.hasPrefix("<p>"))
    }
}
