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
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<" where forHTML, ">" where forHTML, "&" where forHTML, "'" where forHTML,
                 "\u{2028}", "\u{2029}":
                output += unicodeEscape(scalar)
            default:
                if scalar.value < 0x20 {
                    output += unicodeEscape(scalar)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
