@testable import Templating
import Testing

/// `{{ }}` escaping in HTML and XML, which scans a text's bytes and copies the runs between the
/// characters it replaces: the same text as replacing one character at a time, wherever those
/// characters fall (first, last, side by side, between characters of several bytes).
struct EscapingTests {
    /// Escaping one character at a time, the rule written out.
    static func expected(_ text: String, xml: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: result += "&amp;"
            case 0x3C: result += "&lt;"
            case 0x3E: result += "&gt;"
            case 0x22: result += "&quot;"
            case 0x27: result += "&#39;"
            case let value where xml && (value < 0x20 && ![0x09, 0x0A, 0x0D].contains(value) || value == 0xFFFE || value == 0xFFFF):
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func escaped(_ text: String, xml: Bool) -> String {
        var output = "kept:"
        if xml { Escaping.appendXML(text, to: &output) } else { Escaping.appendHTML(text, to: &output) }
        return output
    }

    @Test(arguments: ["", "plain", "<", "<>", "a<b", "<p>x</p>", "x&", "&&&", "'\"'", "é<ü>", "<é", "—&—", "日本<語>", "a\u{1}b",
                      "\u{FFFE}<", "tab\tand\nline", "\u{EF}x", "ends with >"])
    func aTextIsEscapedAsOneCharacterAtATimeWould(_ text: String) {
        #expect(Self.escaped(text, xml: false) == "kept:" + Self.expected(text, xml: false))
        #expect(Self.escaped(text, xml: true) == "kept:" + Self.expected(text, xml: true))
    }

    /// Every text of up to three pieces: each place of a replaced character against every other.
    @Test func everyShortTextIsEscapedAsOneCharacterAtATimeWould() {
        let pieces = ["a", " ", "<", ">", "&", "\"", "'", "é", "—", "😀", "\u{1}", "\t", "\u{FFFE}", "\u{FFFF}"]
        var texts = [""], longest = [""]
        for _ in 0 ..< 3 {
            longest = longest.flatMap { text in pieces.map { text + $0 } }
            texts += longest
        }
        #expect(texts.count == 1 + 14 + 14 * 14 + 14 * 14 * 14)
        for text in texts {
            #expect(Self.escaped(text, xml: false) == "kept:" + Self.expected(text, xml: false), "\(text.debugDescription)")
            #expect(Self.escaped(text, xml: true) == "kept:" + Self.expected(text, xml: true), "\(text.debugDescription)")
        }
    }
}
