@testable import Templating
import Testing

/// `{{ }}` escaping in HTML and XML, which scans a text's bytes and copies the runs between the
/// characters it replaces: the same text as replacing one character at a time, wherever those
/// characters fall (first, last, side by side, between characters of several bytes).
struct EscapingTests {
    /// What replaces each character, the rule written out as a table.
    static let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]

    /// Escaping one character at a time: its entity, U+FFFD for a character XML 1.0 forbids
    /// (in XML), else the character.
    static func expected(_ text: String, xml: Bool) -> String {
        text.unicodeScalars.map { scalar in
            if let entity = entities[scalar] { return entity }
            let forbidden = scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
            return xml && forbidden ? "\u{FFFD}" : String(scalar)
        }.joined()
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
