/// The public entry of the module: CommonMark in, HTML and facts about it out.
public enum Markdown {
    /// Renders CommonMark `text` to HTML with cmark.
    ///
    /// Never fails and never crashes: any text is some CommonMark document.
    public static func render(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> RenderedMarkdown {
        // A string's bytes are UTF-8 already: cmark need not check them a second time.
        CmarkDocument.render(utf8: Array(text.utf8), options: options, isValidUTF8: true)
    }

    /// Renders raw bytes that should be UTF-8; invalid sequences (and NUL bytes) are
    /// replaced by U+FFFD by cmark (`CMARK_OPT_VALIDATE_UTF8`).
    public static func render(utf8 bytes: some Sequence<UInt8>, options: MarkdownOptions = MarkdownOptions()) -> RenderedMarkdown {
        CmarkDocument.render(utf8: Array(bytes), options: options, isValidUTF8: false)
    }

    /// Plain text with the typographic punctuation a body gets from `smartPunctuation`: curly
    /// quotes and apostrophes, en and em dashes from `--` and `---`, an ellipsis from `...`.
    /// Nothing else of Markdown applies (`*`, `<`, `&` stay as they are), and runs of white space
    /// become one space, as a page shows them. For titles and subtitles, so they read like bodies.
    public static func typographic(_ text: String) -> String {
        let collapsed = PlainText.collapsingWhiteSpace(text)
        func isMark(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard collapsed.utf8.contains(where: isMark) else { return collapsed }
        // A letter first, so no text starts a list, a heading or a thematic break; every other
        // ASCII punctuation mark escaped, so none starts emphasis, a link, code or HTML.
        var source: [UInt8] = Array("x ".utf8)
        for byte in collapsed.utf8 {
            if byte < 0x80, Self.isPunctuation(byte), !isMark(byte) { source.append(UInt8(ascii: "\\")) }
            source.append(byte)
        }
        let rendered = CmarkDocument.render(utf8: source, options: MarkdownOptions(headingIDs: false), isValidUTF8: true)
        guard rendered.plainText.utf8.starts(with: "x ".utf8) else { return collapsed }
        return String(decoding: rendered.plainText.utf8.dropFirst(2), as: UTF8.self)
    }

    /// ASCII punctuation, which CommonMark lets a backslash escape.
    private static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}
