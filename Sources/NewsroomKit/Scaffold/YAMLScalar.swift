/// Text written into YAML by the scaffolds, so that it reads back as exactly that text.
enum YAMLScalar {
    /// `text` as a YAML scalar, in block or flow context (`[a, b]`): plain when nothing in it means
    /// something to YAML (`Announcements`, `Press Office`), double-quoted otherwise, with `"` and `\`
    /// escaped and characters YAML may not hold raw written as `\t`, `\u2028` … (`"Q3: 10% up"`,
    /// `"Say \"hi\""`, `"#1 in \"Ohio\""`, `"- leading dash"`, `"Émile"`).
    static func scalar(_ text: String, inFlow: Bool = false) -> String {
        isPlainSafe(text, inFlow: inFlow) ? text : quoted(text)
    }

    /// Plain only for ASCII text that starts with a letter, holds only letters, digits, spaces
    /// and `- . _ ' ( ) / & +` (and `,` outside a flow list), does not end with a space and is
    /// no word YAML 1.1 reads as a boolean or null (`yes`, `Off`, `null` …).
    static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
              text.unicodeScalars.last != " " else { return false }
        let allowed = Set((inFlow ? "-._'()/&+ " : "-._'()/&+ ,").unicodeScalars)
        let plain = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || allowed.contains(scalar))
        }
        return plain && !reservedWords.contains(text.lowercased())
    }

    private static let reservedWords: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

    /// A double-quoted scalar: printable characters as they are, the rest escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += scalar.value <= 0xFFFF
                        ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                        : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }

    /// What YAML allows raw in a document (its `c-printable`), less the line breaks U+0085,
    /// U+2028 and U+2029, which a quoted scalar would fold into a space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF: return true
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
