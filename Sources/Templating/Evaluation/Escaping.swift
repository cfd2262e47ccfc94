/// HTML escaping, applied once, when a `.string` reaches the output.
enum Escaping {
    /// Replaces `& < > " '` with entities, which is enough for element content and for quoted
    /// attribute values.
    static func html(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The HTML form of a string value: safe text as is, plain text escaped.
    static func html(of value: TemplateValue, text: String) -> String {
        value.isSafe ? text : html(text)
    }
}
