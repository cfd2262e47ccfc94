/// HTML escaping, applied once, when a `.string` reaches the output.
enum Escaping {
    /// Replaces `& < > " '` with entities, which is enough for element content and for quoted
    /// attribute values.
    static func html(_ text: String) -> String {
        guard !isPlain(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        appendHTML(text, to: &result)
        return result
    }

    @inline(__always)
    static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// Runs `body` over the UTF-8 of `text`: its own contiguous bytes, or a copy when it has none
    /// (a string bridged from elsewhere). Escaping scans bytes, never the string's views.
    @inline(__always)
    static func withUTF8<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The text between two UTF-8 offsets of `text` that fall between characters (where a byte
    /// found by scanning its UTF-8 starts, or a cut worked out on it): a slice, copied where it
    /// is appended, never decoded or checked again.
    @inline(__always)
    static func slice(of text: String, utf8 range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        return text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound) ..< utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
    }

    /// Whether `text` has nothing to escape.
    @inline(__always)
    static func isPlain(_ text: String) -> Bool {
        withUTF8(of: text) { !$0.contains(where: needsEscaping) }
    }

    /// Appends `text` escaped to `output`: each run of bytes that needs nothing in one copy, as a
    /// slice of the text (whole characters, not checked again), found by scanning its contiguous
    /// UTF-8 (a feed's entries are kilobytes of HTML escaped again, a tag every few words).
    static func appendHTML(_ text: String, to output: inout String) {
        if isPlain(text) {
            output += text
            return
        }
        withUTF8(of: text) { appendHTML(text, bytes: $0, to: &output) }
    }

    /// `text` escaped, its UTF-8 `bytes` scanned for what needs it.
    private static func appendHTML(_ text: String, bytes: UnsafeBufferPointer<UInt8>, to output: inout String) {
        var start = 0
        for index in bytes.indices where needsEscaping(bytes[index]) {
            // An escaped byte is a whole character: the slice before it is whole text.
            if start < index { output += slice(of: text, utf8: start ..< index) }
            switch bytes[index] {
            case 0x26: output += "&amp;"
            case 0x3C: output += "&lt;"
            case 0x3E: output += "&gt;"
            case 0x22: output += "&quot;"
            default: output += "&#39;"
            }
            start = index + 1
        }
        if start == 0 { output += text } else if start < bytes.count { output += slice(of: text, utf8: start ..< bytes.count) }
    }

    /// Whether a byte of UTF-8 is a character XML 1.0 forbids (a control character other than
    /// tab, line feed and carriage return) or may start one (0xEF: U+FFFE, U+FFFF).
    @inline(__always)
    static func mayBeForbiddenInXML(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0xEF
    }

    /// Appends `text` escaped for XML: as for HTML, and each character XML 1.0 does not allow
    /// replaced with U+FFFD.
    static func appendXML(_ text: String, to output: inout String) {
        // Text with no character XML forbids is escaped as for HTML, a run of plain bytes at a
        // time; only the rare text with control characters (or U+FFFE, U+FFFF, whose UTF-8
        // starts with 0xEF) goes a character at a time.
        guard withUTF8(of: text, { $0.contains(where: mayBeForbiddenInXML) }) else {
            appendHTML(text, to: &output)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: output += "&amp;"
            case 0x3C: output += "&lt;"
            case 0x3E: output += "&gt;"
            case 0x22: output += "&quot;"
            case 0x27: output += "&#39;"
            case 0x09, 0x0A, 0x0D: output.unicodeScalars.append(scalar)
            case 0 ..< 0x20, 0xFFFE, 0xFFFF: output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// The HTML form of a string value: safe text as is, plain text escaped.
    static func html(of value: TemplateValue, text: String) -> String {
        value.isSafe ? text : html(text)
    }

    /// Percent-encodes every byte but the unreserved ones (and `/` when `keepingSlash`).
    static func percentEncoded(_ text: String, keepingSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlash:
                result += "/"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }
}
