import Templating
import Testing

/// `truncate` cuts ASCII text on bytes and other text by walking characters up to the limit; both
/// must cut exactly where the filter as first written (an array of every character) cuts.
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

    enum Pieces: CaseIterable { case ascii, other, asciiThenOther }

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
        }
        let limit = next(20)
        let environment = try TemplateEnvironment(source: MemorySource(["t": "{{ text | truncate(limit) }}"]))
        let rendered = try environment.render("t", context: TemplateObject([("text", .string(text)), ("limit", .int(limit))]))
        #expect(rendered == Self.reference(text, limit, "…"), "seed \(seed): \(text.debugDescription) at \(limit)")
    }
}
