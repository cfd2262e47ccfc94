/// The result of rendering one Markdown text: HTML plus what the site needs to know about it.
public struct RenderedMarkdown: Sendable, Equatable {
    /// Relative link and image destinations are as written (root-relative ones from the site
    /// root, without any base path); `linkSlots` says where each starts, and
    /// `html(site:page:)` gives the HTML with the bases written in.
    public var html: String

    /// The first paragraph (top-level, in document order) as plain text: inline markup
    /// dropped, soft/hard breaks become spaces, white space collapsed and trimmed, smart
    /// punctuation applied. Paragraphs with no text (only raw HTML, say) are skipped.
    /// Nil when the body has no such paragraph.
    public var summaryText: String?

    /// All the text of the document (paragraphs, headings, list items, code, alt text),
    /// blocks separated by newlines; used to search output for withheld releases' text.
    /// Raw HTML is markup, not text, and is not included.
    public var plainText: String

    public var headings: [Heading]

    /// Every link and image, in document order; line/column 1-based within the given text.
    public var links: [MarkdownLink]

    /// Where each relative destination starts in `html`, in order.
    public var linkSlots: [LinkSlot]

    /// The raw HTML the author wrote that is not in `html` (`MarkdownOptions.unsafeHTML` is
    /// false), in document order: one entry per HTML block, and one per line of a block for
    /// inline tags (`<b>bold</b>` is one entry). Empty when raw HTML is kept.
    public var removedHTML: [RemovedHTML]

    /// The document laid out as plain text for people to read (`TextLayout`), when
    /// `MarkdownOptions.textLayout` asked for it; else empty. Relative destinations are as
    /// written, and `textLinkSlots` says where each starts (see `text(site:page:)`).
    public var text: String

    /// Where each relative destination starts in `text`, in order.
    public var textLinkSlots: [LinkSlot]

    public init(
        html: String,
        summaryText: String?,
        plainText: String,
        headings: [Heading],
        links: [MarkdownLink],
        linkSlots: [LinkSlot] = [],
        removedHTML: [RemovedHTML] = [],
        text: String = "",
        textLinkSlots: [LinkSlot] = []
    ) {
        self.html = html
        self.summaryText = summaryText
        self.plainText = plainText
        self.headings = headings
        self.links = links
        self.linkSlots = linkSlots
        self.removedHTML = removedHTML
        self.text = text
        self.textLinkSlots = textLinkSlots
    }
}

/// Raw HTML removed from the output, where the author wrote it.
///
/// `line` and `column` are 1-based within the given text (the position of its `<`); the
/// column counts Unicode scalars.
public struct RemovedHTML: Sendable, Equatable {
    /// An HTML block (removed with any text inside it), or inline tags (the text around them stays).
    public var isBlock: Bool
    /// The first line of the HTML, white space trimmed, cut to 40 characters with "…".
    public var excerpt: String
    public var line: Int
    public var column: Int

    public init(isBlock: Bool, excerpt: String, line: Int, column: Int) {
        self.isBlock = isBlock
        self.excerpt = excerpt
        self.line = line
        self.column = column
    }
}

/// A heading of a rendered document.
///
/// `line` and `column` are 1-based within the given text; the column counts Unicode
/// scalars (characters as an editor shows them, the way YAML marks count).
public struct Heading: Sendable, Equatable {
    public var level: Int
    /// Plain text of the heading: inline markup dropped, white space collapsed.
    public var text: String
    /// The slugged, de-duplicated id; always computed, emitted in the HTML only when
    /// `MarkdownOptions.headingIDs` is true.
    public var id: String
    public var line: Int
    public var column: Int

    public init(level: Int, text: String, id: String, line: Int, column: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
        self.column = column
    }
}

/// A link or image destination as the author wrote it.
///
/// `line` and `column` are 1-based within the given text (the position of the `[`, `![`
/// or `<` that starts it); the column counts Unicode scalars.
public struct MarkdownLink: Sendable, Equatable {
    /// As written, before `rewriteDestination` and before dangerous schemes are emptied.
    public var destination: String
    public var isImage: Bool
    public var line: Int
    public var column: Int

    public init(destination: String, isImage: Bool, line: Int, column: Int) {
        self.destination = destination
        self.isImage = isImage
        self.line = line
        self.column = column
    }
}
