import Foundation
public import Markdown

/// A release's long texts (its body's HTML, plain text and wire copy, its search words) wait in
/// a `BodyStore` from the moment it is loaded, and are read back when a page or the cache needs
/// them: a build holds them for the pages being made, not for the whole site.
extension Release {
    struct StoredTexts: Sendable {
        var body: BodyStore.Record
        /// Nil when there are no search words.
        var words: BodyStore.Record?
        var opensWithParagraph: Bool
    }

    /// The body without its long texts once they are stored: its links, headings, summary and
    /// link positions, which whole-site passes read, never from the store.
    var outline: RenderedMarkdown { self[dynamicMember: \Fields.body] }

    /// The body as parsed, read back from the store when its texts wait there. A record that
    /// cannot be read back gives empty texts and is noted in the store's `damage`, which stops
    /// the build before it writes anything.
    public var body: RenderedMarkdown {
        guard let stored = self[dynamicMember: \Fields.stored] else { return outline }
        do throws(CacheFormatError) {
            return try Self.body(outline, from: stored.body)
        } catch {
            stored.body.store.damage.report(error, path: self.sourcePath)
            return outline
        }
    }

    /// The words of the body the search index carries (`SearchText`), read back like `body`.
    public internal(set) var searchWords: String {
        get {
            guard let record = self[dynamicMember: \Fields.stored]?.words else { return self[dynamicMember: \Fields.searchWords] }
            do throws(CacheFormatError) {
                return try Self.words(from: record)
            } catch {
                record.store.damage.report(error, path: self.sourcePath)
                return ""
            }
        }
        set { self[dynamicMember: \Fields.searchWords] = newValue }
    }

    /// The body and the search words, or why they cannot be read back.
    func texts() throws(CacheFormatError) -> (body: RenderedMarkdown, searchWords: String) {
        guard let stored = self[dynamicMember: \Fields.stored] else { return (outline, self[dynamicMember: \Fields.searchWords]) }
        return (try Self.body(outline, from: stored.body), try stored.words.map { record throws(CacheFormatError) in try Self.words(from: record) } ?? "")
    }

    /// Whether the body's HTML starts with a paragraph, without reading it back.
    var bodyOpensWithParagraph: Bool {
        self[dynamicMember: \Fields.stored]?.opensWithParagraph ?? outline.html.hasPrefix("<p>")
    }

    /// The digests of the stored body and search words (nil when kept in memory): they stand for
    /// the texts in fingerprints.
    var storedBodyDigest: Fingerprint? { self[dynamicMember: \Fields.stored]?.body.digest }
    var storedWordsDigest: Fingerprint? { self[dynamicMember: \Fields.stored]?.words?.digest }

    /// Moves the long texts into `store`, once; they stay in memory when the store takes no more.
    mutating func storeTexts(in store: BodyStore?) {
        guard let store, self[dynamicMember: \Fields.stored] == nil else { return }
        let body = outline
        let words = self[dynamicMember: \Fields.searchWords]
        var writer = BinaryWriter(reservingCapacity: body.html.utf8.count + body.plainText.utf8.count + body.text.utf8.count + 16)
        writer.write(body.html)
        writer.write(body.plainText)
        writer.write(body.text)
        guard let bodyRecord = store.write(writer.bytes) else { return }
        var wordsRecord: BodyStore.Record?
        if !words.isEmpty {
            guard let record = store.write(Array(words.utf8)) else { return }
            wordsRecord = record
        }
        var kept = body
        kept.html = ""
        kept.plainText = ""
        kept.text = ""
        self[dynamicMember: \Fields.body] = kept
        self[dynamicMember: \Fields.searchWords] = ""
        self[dynamicMember: \Fields.stored] = StoredTexts(body: bodyRecord, words: wordsRecord, opensWithParagraph: body.html.hasPrefix("<p>"))
    }

    private static func body(_ outline: RenderedMarkdown, from record: BodyStore.Record) throws(CacheFormatError) -> RenderedMarkdown {
        var reader = BinaryReader(try record.read())
        var body = outline
        body.html = try reader.readString()
        body.plainText = try reader.readString()
        body.text = try reader.readString()
        guard reader.isAtEnd else { throw CacheFormatError(reason: "it has bytes after its end") }
        return body
    }

    private static func words(from record: BodyStore.Record) throws(CacheFormatError) -> String {
        guard let words = String(validating: try record.read(), as: UTF8.self) else { throw CacheFormatError(reason: "a string is not UTF-8") }
        return words
    }
}
