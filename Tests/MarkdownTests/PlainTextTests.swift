import Testing
@testable import Markdown

/// White space collapsing: exact cases, and the fast version against the plain one.
struct PlainTextTests {
    @Test(arguments: [
        ("", ""),
        (" \t\n\u{B}\u{C}\r ", ""),
        ("  a \t\n b  ", "a b"),
        ("a\r\n\r\nb", "a b"),
        ("a\u{2003}\u{3000}b\u{85}c\u{2028}d\u{2029}e\u{1680}f\u{205F}g\u{200A}h", "a b c d e f g h"),
        ("\u{3000}x \u{2009}", "x"),
        // No-break spaces are kept, and end no run.
        ("a\u{A0}b \u{2007} c\u{202F}", "a\u{A0}b \u{2007} c\u{202F}"),
        ("\u{A0} a", "\u{A0} a"),
        // Not white space: information separators, zero-width space, Mongolian vowel separator.
        ("a\u{1C}\u{1F}\u{200B}\u{180E}b", "a\u{1C}\u{1F}\u{200B}\u{180E}b"),
        // A Character is white space when its first scalar is: a space carrying a mark goes
        // with the mark, a no-break space carrying one is no longer just a no-break space.
        ("a \u{301}b", "a b"),
        ("a \u{A0}\u{301} b", "a b"),
        ("e\u{301} \u{301} x", "e\u{301} x"),
        // A prepended concatenation mark takes the space after it into its Character.
        ("a\u{600}  b", "a\u{600}  b"),
        ("Über  “Stadt”\u{2003}\u{2003}日本 👍🏽  👨‍👩‍👧\n", "Über “Stadt” 日本 👍🏽 👨‍👩‍👧"),
    ])
    func collapses(text: String, expected: String) {
        #expect(PlainText.collapsingWhiteSpace(text) == expected)
        #expect(Self.reference(text) == expected)
    }

    @Test func asciiFastPathAgreesWithTheRule() {
        for byte in UInt8(0)..<0x80 {
            #expect(PlainText.isASCIIWhiteSpace(byte) == PlainText.isCollapsible(Character(Unicode.Scalar(byte))), "\(byte)")
        }
    }

    @Test func summaryCollapsesUnicodeWhiteSpace() {
        let rendered = Markdown.render("a\u{2003}\u{2003}b\u{A0}c \u{3000} d\u{202F}e\n")
        #expect(rendered.summaryText == "a b\u{A0}c d\u{202F}e")
    }

    /// Random strings of ASCII, every Unicode white space and the scalars that change where
    /// Characters begin (marks, joiners, prepended marks, regional indicators, Hangul
    /// jamo, Indic conjuncts, CR LF), and the Latin letters and punctuation read without
    /// Unicode tables, give the same result as the plain version.
    @Test func agreesWithThePlainVersion() {
        let pieces = [
            "a", "b", "Z", ".", "-", "\u{0}", "\u{1C}", "\u{1F}", "\u{7F}", " ", "  ", "\t", "\n", "\u{B}", "\u{C}", "\r", "\r\n",
            "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}", "\u{2007}", "\u{2009}", "\u{200A}",
            "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{180E}", "\u{200B}", "\u{FEFF}",
            "\u{301}", "\u{308}", "\u{20DD}", "\u{903}", "\u{200C}", "\u{200D}", "\u{FE0F}", "\u{E0061}", "\u{1F3FD}",
            "\u{600}", "\u{605}", "\u{6DD}", "\u{D4E}", "\u{110BD}", "\u{1F1E6}", "\u{1F1E8}", "👍", "👨", "\u{1100}", "\u{1161}",
            "\u{11A8}", "\u{E33}", "\u{915}", "\u{94D}", "\u{937}", "é", "e\u{301}", "日", "П", "“", "”", "\u{FFFD}",
            // Latin and the punctuation smart quotes write (read without Unicode tables), and their neighbours that are not.
            "ß", "¡", "\u{AD}", "\u{24F}", "\u{250}", "\u{9F}", "’", "–", "—", "…", "\u{2010}", "\u{2027}", "\u{200F}",
        ]
        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let text = (0..<random.next(24)).map { _ in pieces[random.next(pieces.count)] }.joined()
            #expect(PlainText.collapsingWhiteSpace(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    /// The implementation before the fast path, one Character at a time: the meaning to keep.
    static func reference(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace && character != "\u{A0}" && character != "\u{2007}" && character != "\u{202F}" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                result.append(character)
            }
        }
        return result
    }

    @Test(arguments: [[], [""], ["a"], ["", ""], ["un", "deux", "trois"], ["é", "日本", "🇫🇷", ""]])
    func joinsExactlyAsJoinedDoes(_ parts: [String]) {
        let joined = parts.joinedExactly(separator: UInt8(ascii: "\n"))
        #expect(joined == parts.joined(separator: "\n"))
        #expect(Array(joined.utf8) == Array(parts.joined(separator: "\n").utf8))
    }
}
