public import Foundation
public import Markdown
public import Templating

/// One press release as written, validated; publication rules have not been applied yet.
///
/// Its fields live in one shared box, copied on write (`Fields` lists them; `release.title`
/// reads one): the build hands releases around in arrays, sorts and caches them many times
/// over, and a copy is then one reference, not some forty.
@dynamicMemberLookup
public struct Release: Sendable {
    public struct Fields: Sendable {
        /// Site-relative path of the Markdown file, e.g. `Content/releases/2015/retrovirus/index.md`.
        public var sourcePath: String
        /// Site-relative folder of a bundle release; nil for a single-file release.
        public var bundleDirectory: String?
        /// Files of the bundle besides `index.md`, relative to the bundle folder, sorted.
        public var bundleFiles: [String]

        public var title: String
        public var subtitle: String?
        public var dateline: String?
        /// As written in front matter; see `summaryText` for the fallback.
        public var summary: String?
        public var category: String?
        /// Names as written, in order, without repeats by slug; the category is not among them.
        public var tags: [String]
        /// Contact ids, already checked against the config; the defaults when the release names none.
        public var contacts: [String]
        public var image: Asset?
        public var imageAlt: String?
        /// The image file's size and type, read by the loader each build; nil for an image given by
        /// URL or in a format not known.
        var imageInfo: ImageInfo?
        /// `image_caption`: inline Markdown, shown under the image.
        public var imageCaption: RenderedMarkdown?
        /// `image_credit`: plain text, such as "Photo: Jane Doe / Example Foundation".
        public var imageCredit: String?
        /// The images offered for download (the hero, then those the body shows), read by the loader
        /// each build like `imageInfo`.
        var images: [ReleaseImage] = []
        public var attachments: [Attachment]
        public var slug: String
        public var date: Date
        /// Whether `date` was written with a time of day (`2026-03-02T09:00`), not as a day alone.
        public var dateHasTime = false
        /// When the release was last changed, from front matter (`updated`); nil when never.
        public var updated: Date?
        /// The corrections and changes noted on it (`updates`), as written; see `Release.Update`.
        public var updates: [Update] = []
        public var draft: Bool
        public var embargo: Date?
        /// Paths under the base path, each starting with "/".
        public var aliases: [Alias]
        public var params: TemplateObject
        /// The body as parsed; once its texts wait in a `BodyStore` (`stored`), without its HTML,
        /// plain text and wire copy: `Release.body` reads them back.
        public var body: RenderedMarkdown
        public var bodyFirstLine: Int
        /// `boilerplate` from front matter, rendered: replaces `organization.about` on this release;
        /// empty when the release wants none; nil when it does not set one.
        public var boilerplate: RenderedMarkdown?

        /// The title as pages, feeds and metadata show it: with the typographic punctuation bodies
        /// get. Set by `typesetTitles()` where a release is made (parsed or read from the cache), as
        /// pages ask for it many times and it takes a pass of cmark.
        public internal(set) var shownTitle = ""
        /// The subtitle as shown, like `shownTitle`.
        public internal(set) var shownSubtitle: String?

        /// The words of the body the search index carries besides the title, summary and tags
        /// (`SearchText`); empty when the site has no search. Made where the release is parsed, so
        /// that a build rebuilding the index reads them for unchanged releases from the cache.
        public internal(set) var searchWords = ""

        /// Where the body's texts and the search words wait, once the release is loaded (`storeTexts(in:)`).
        var stored: StoredTexts?
    }

    private final class Box: @unchecked Sendable {
        // Changed only through `Release`'s setter, after `isKnownUniquelyReferenced`: no access
        // can overlap a change, so none is checked at run time (each read of a field was checked,
        // 2% of a one-release edit's instructions at 10,000 releases).
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(_ fields: Fields) {
        box = Box(fields)
    }

    /// Whether the two are one stored value, as a cached release loaded unchanged is with the cache's.
    func sharesFields(with other: Release) -> Bool { box === other.box }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Fields, Value>) -> Value {
        box.fields[keyPath: keyPath]
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        get { box.fields[keyPath: keyPath] }
        set {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            box.fields[keyPath: keyPath] = newValue
        }
    }

    /// The newest visible change: the later of `updated` and the newest of `updates`, else the
    /// date. Feeds, the sitemap and page metadata take their times from content, never from the build.
    public var modified: Date {
        // The newest of `updated` and the updates' dates (no array made: every list page asks).
        var newest = self.updated
        for update in self.updates where newest.map({ update.date > $0 }) ?? true { newest = update.date }
        return newest ?? self.date
    }

    /// Whether it changed after its date: it has `updated` or `updates`.
    public var isUpdated: Bool { self.updated != nil || !self.updates.isEmpty }

    /// Sets `shownTitle` and `shownSubtitle` from `title` and `subtitle`.
    mutating func typesetTitles() {
        self.shownTitle = Markdown.typographic(self.title)
        self.shownSubtitle = self.subtitle.map(Markdown.typographic)
    }

    /// The summary from front matter, else the first paragraph as plain text.
    public var summaryText: String? { self.summary ?? outline.summaryText }

    public struct Alias: Sendable, Equatable {
        public var path: String
        public var location: SourceLocation
    }
}
