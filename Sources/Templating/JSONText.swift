/// JSON encoding of template values, keeping object key order.
enum JSONText {
    /// With `forHTML`, `<`, `>`, `&` and `'` are written as `\u003c`-style escapes (as are U+2028
    /// and U+2029), so the text can sit inside a `<script>` element or an HTML attribute without
    /// closing it. Non-finite numbers become `null`, since JSON has no spelling for them.
    static func encode(_ value: TemplateValue, indent: Int = 0, forHTML: Bool) -> String {
        var output = ""
        write(value, into: &output, indent: indent, level: 0, forHTML: forHTML)
        return output
    }

    private static func write(_ value: TemplateValue, into output: inout String, indent: Int, level: Int, forHTML: Bool) {
        let newline = indent > 0 ? "\n" : ""
        let padding = String(repeating: " ", count: indent * (level + 1))
        let closingPadding = String(repeating: " ", count: indent * level)
        switch value {
        case .null:
            output += "null"
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .int(let number):
            output += String(number)
        case .double(let number):
            output += number.isFinite ? number.description : "null"
        case .string(let text), .safe(let text):
            writeString(text, into: &output, forHTML: forHTML)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "[" + newline
            for (position, item) in items.enumerated() {
                output += padding
                write(item, into: &output, indent: indent, level: level + 1, forHTML: forHTML)
                output += (position < items.count - 1 ? "," : "") + newline
            }
            output += closingPadding + "]"
        case .object(let object):
            guard !object.isEmpty else {
                output += "{}"
                return
            }
            output += "{" + newline
            let pairs = object.pairs
            for (position, pair) in pairs.enumerated() {
                output += padding
                writeString(pair.key, into: &output, forHTML: forHTML)
                output += indent > 0 ? ": " : ":"
                write(pair.value, into: &output, indent: indent, level: level + 1, forHTML: forHTML)
                output += (position < pairs.count - 1 ? "," : "") + newline
            }
            output += closingPadding + "}"
        }
    }

    private static func writeString(_ text: String, into output: inout String, forHTML: Bool) {
        output += "\""
        // Runs of bytes that need no escape are appended whole, as slices of the text: the
        // search index is megabytes of text, nearly all of it plain.
        Escaping.withUTF8(of: text) { writeString(text, bytes: $0, into: &output, forHTML: forHTML) }
        output += "\""
    }

    /// `text` escaped, its UTF-8 `bytes` scanned for what needs it.
    private static func writeString(_ text: String, bytes: UnsafeBufferPointer<UInt8>, into output: inout String, forHTML: Bool) {
        var start = 0, index = 0
        (forHTML ? mayNeedEscapeForHTML : mayNeedEscape).withUnsafeBufferPointer { table in
            while index < bytes.count {
                let byte = bytes[index]
                guard table[Int(byte)] else {
                    index += 1
                    continue
                }
                var next = index + 1
                let escape: String?
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0xE2:
                    // U+2028 and U+2029 end a line in JavaScript; any other character starting with 0xE2 is plain.
                    if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                        next = index + 3
                    } else {
                        escape = nil
                    }
                default: escape = unicodeEscape(Unicode.Scalar(byte))
                }
                if let escape {
                    // An escaped character starts and ends between characters: the slice is whole text.
                    output += Escaping.slice(of: text, utf8: start ..< index)
                    output += escape
                    start = next
                }
                index = next
            }
        }
        if start == 0 { output += text } else { output += Escaping.slice(of: text, utf8: start ..< bytes.count) }
    }

    /// Whether a byte of UTF-8 is escaped in a JSON string, or may start a character that is
    /// (0xE2: U+2028 and U+2029); in JSON inside HTML, `< > & '` too. By table, one load a byte:
    /// the search index is megabytes of text with a curly quote (0xE2) every line or so.
    private static let mayNeedEscape: [Bool] = (0 ... 255).map { byte in byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 }
    private static let mayNeedEscapeForHTML: [Bool] = (0 ... 255).map { byte in
        mayNeedEscape[byte] || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x27
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
