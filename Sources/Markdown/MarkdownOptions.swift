/// How `Markdown.render(_:options:)` turns CommonMark into HTML.
public struct MarkdownOptions: Sendable {
    /// Curly quotes, en and em dashes and ellipses (cmark's `CMARK_OPT_SMART`).
    public var smartPunctuation: Bool

    /// When false (the default) raw HTML, block and inline, is removed from the output
    /// entirely (not even a placeholder comment) and dangerous link and image destinations
    /// (`javascript:`, `vbscript:`, `file:`, and `data:` other than PNG, GIF, JPEG and WebP
    /// images) are emptied, as cmark's safe mode does. When true, both are kept as written.
    public var unsafeHTML: Bool

    /// Give every heading an `id` attribute (see `HeadingIDs`).
    public var headingIDs: Bool

    /// Also lay the document out as plain text (`RenderedMarkdown.text`, see `TextLayout`).
    public var textLayout: Bool

    /// Applied to every link and image destination after parsing, before rendering (the
    /// newsroom prefixes root-relative links with the site's base path). Nil = keep as written.
    /// When `unsafeHTML` is false, the destination it returns is still checked for
    /// dangerous schemes.
    public var rewriteDestination: (@Sendable (_ destination: String, _ isImage: Bool) -> String)?

    public init(
        smartPunctuation: Bool = true,
        unsafeHTML: Bool = false,
        headingIDs: Bool = true,
        textLayout: Bool = false,
        rewriteDestination: (@Sendable (String, Bool) -> String)? = nil
    ) {
        self.smartPunctuation = smartPunctuation
        self.unsafeHTML = unsafeHTML
        self.headingIDs = headingIDs
        self.textLayout = textLayout
        self.rewriteDestination = rewriteDestination
    }
}
