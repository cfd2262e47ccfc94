@testable import Templating
import Testing

/// `truncate` cuts text whose scalars are characters of their own on scalars (`scalarCut`), and
/// other text by walking characters up to the limit; both must cut exactly where the filter as
/// first written (an array of every character) cuts.
@Suite struct TruncateFastPathTests {
    /// The filter as first written, over characters.
    static func reference(_ text: String, _ limit: Int, _ end: String) -> String {
        let characters = Array(text)
        guard characters.count > limit else { return text }
        var cut = limit
        if !characters[limit].isWhitespace, let space = characters[..<limit].lastIndex(where: \.isWhitespace), space > 0 {
            cut = space
        }
        var kept = characters[..<cut]
        while let tail = kept.last, tail.isWhitespace { kept = kept.dropLast() }
        return String(kept) + end
    }

    /// ASCII pieces exercise the byte path; the others (combining marks, a space that a mark
    /// joins, CR LF, flags, smart quotes) the path that walks characters up to the limit.
    static let asciiPieces = ["word", " ", "  ", "\t", "\n", "a", "Bc", ".", "\u{0B}", "x y"]
    static let otherPieces = ["e\u{301}", " \u{300}", "\r\n", "\u{1F1EB}\u{1F1F7}", "’", "“q”", "\u{A0}", "日本", "word", " "]
    /// Scalars that are characters of their own beside ASCII: smart punctuation, the no-break
    /// space, Latin-1 and Latin Extended letters, a soft hyphen, a modifier letter.
    static let standalonePieces = ["’", "“q”", "—", "–", "…", "\u{A0}", "café", "Łódź", "\u{AD}", "ʼ", "‼", "word", " ", "\n"]

    enum Pieces: CaseIterable { case ascii, other, asciiThenOther, standalone, standaloneThenOther }

    /// ASCII then other pieces: the bytes are cut when the text is ASCII up to just past the limit.
    @Test(arguments: 0..<300, Pieces.allCases)
    func cutsMatchTheCharacterPath(seed: Int, pieces kind: Pieces) throws {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        func text(_ pieces: [String]) -> String { (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined() }
        let text = switch kind {
        case .ascii: text(Self.asciiPieces)
        case .other: text(Self.otherPieces)
        case .asciiThenOther: text(Self.asciiPieces) + text(Self.otherPieces)
        case .standalone: text(Self.asciiPieces + Self.standalonePieces)
        case .standaloneThenOther: text(Self.standalonePieces) + text(Self.otherPieces)
        }
        let limit = next(20)
        let environment = try TemplateEnvironment(source: MemorySource(["t": "{{ text | truncate(limit) }}"]))
        let rendered = try environment.render("t", context: TemplateObject([("text", .string(text)), ("limit", .int(limit))]))
        #expect(rendered == Self.reference(text, limit, "…"), "seed \(seed): \(text.debugDescription) at \(limit)")
    }

    /// A limit as large as a number can be keeps the text whole, on either path.
    @Test func theLargestLimitKeepsTheText() throws {
        let environment = try TemplateEnvironment(source: MemorySource(["t": "{{ text | truncate(limit) }}"]))
        for text in ["plain words", "“curly” — dash", "e\u{301}te \r\n", ""] {
            let rendered = try environment.render("t", context: TemplateObject([("text", .string(text)), ("limit", .int(Int.max))]))
            #expect(rendered == text)
        }
    }

    /// Every scalar `scalarCut` takes as a character of its own is one beside every other such
    /// scalar, and is white space exactly when `Character.isWhitespace` says so.
    @Test func standaloneScalarsAreCharactersOfTheirOwn() {
        let values = (UInt32(0) ... 0x2FFF).filter(Filters.isStandalone)
        #expect(values.count > 800 && !values.contains(0x0D) && !values.contains(0x300) && !values.contains(0x2028))
        let scalars = values.compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            #expect(Character(scalar).isWhitespace == Filters.isWhiteSpace(scalar.value), "U+\(String(scalar.value, radix: 16))")
        }
        var broken: [String] = []
        for first in scalars {
            for second in scalars {
                var pair = String.UnicodeScalarView()
                pair.append(first)
                pair.append(second)
                if String(pair).count != 2 { broken.append("U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))") }
            }
        }
        #expect(broken.isEmpty, "\(broken.prefix(10))")
    }
}
