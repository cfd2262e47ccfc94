/// The public entry of the module: CommonMark in, HTML and facts about it out.
public enum Markdown {
    /// Renders CommonMark `text` to HTML with cmark.
    ///
    /// Never fails and never crashes: any text is some CommonMark document.
    public static func render(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> RenderedMarkdown {
        CmarkDocument.render(utf8: Array(text.utf8), options: options)
    }

    /// Renders raw bytes that should be UTF-8; invalid sequences (and NUL bytes) are
    /// replaced by U+FFFD by cmark (`CMARK_OPT_VALIDATE_UTF8`).
    public static func render(utf8 bytes: some Sequence<UInt8>, options: MarkdownOptions = MarkdownOptions()) -> RenderedMarkdown {
        CmarkDocument.render(utf8: Array(bytes), options: options)
    }
}
