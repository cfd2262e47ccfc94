import Foundation

/// `wordwrap`, as Jinja wraps: each line of the text on its own, by the rules of Python's
/// `textwrap` (words and the white space between them are the pieces; a line takes pieces while
/// they fit, loses the white space at its ends, and a word longer than a line is cut, after a
/// hyphen when there is one). Lengths count characters as readers see them.
extension Filters {
    /// `wordwrap(width=79, break_long_words=true, wrapstring="\n", break_on_hyphens=true)`:
    /// lines of at most `width` characters joined by `wrapstring`; safe when the text or
    /// `wrapstring` is safe, with the plain parts escaped.
    static func wordwrap(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...4)
        let width = arguments.isEmpty ? 79 : try integer(arguments[0])
        guard width > 0 else { throw FilterError("expected a width of 1 or more, not \(width)") }
        let breakLongWords = arguments.count > 1 ? try flag(arguments[1]) : true
        let separator = arguments.count > 2 && arguments[2] != .null ? arguments[2] : .string("\n")
        let separatorText = try text(separator)
        let breakOnHyphens = arguments.count > 3 ? try flag(arguments[3]) : true
        let whole = try text(input)
        var lines: [String] = []
        for paragraph in pythonLines(whole) {
            let chunks = wrapChunks(paragraph, breakOnHyphens: breakOnHyphens)
            let paragraphLines = wrapped(chunks, width: width, breakLongWords: breakLongWords, breakOnHyphens: breakOnHyphens)
            lines += paragraphLines.isEmpty ? [""] : paragraphLines
        }
        try ensureFits(lines.count - 1, of: separatorText.utf8.count, besides: whole.utf8.count)
        guard input.isSafe || separator.isSafe else { return .string(lines.joined(separator: separatorText)) }
        return .safe(lines.map { Escaping.html(of: input, text: $0) }.joined(separator: Escaping.html(of: separator, text: separatorText)))
    }

    /// Python's `str.splitlines()`: the line ends are `\n`, `\r\n`, `\r`, `\u{0B}`, `\u{0C}`,
    /// `\u{1C}`–`\u{1E}`, `\u{85}`, `\u{2028}` and `\u{2029}`; no empty last line.
    private static func pythonLines(_ text: String) -> [String] {
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if scalar == "\n" { continue }
            }
            switch scalar.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                lines.append(String(line))
                line = String.UnicodeScalarView()
                afterCarriageReturn = scalar == "\r"
            default:
                line.append(scalar)
            }
        }
        if !line.isEmpty { lines.append(String(line)) }
        return lines
    }

    /// `textwrap`'s pieces: runs of white space (ASCII only, as there), and words, which with
    /// `breakOnHyphens` end after a hyphen between letters and before an em-dash of `--`.
    private static let hyphenatedWords: NSRegularExpression? = {
        let ws = #"[\t\n\x{0B}\x{0C}\r ]"#, nws = #"[^\t\n\x{0B}\x{0C}\r ]"#
        let wp = #"[\w!"'&.,?]"#, lt = #"[^\d\W]"#
        let pattern = "(\(ws)+|(?<=\(wp))-{2,}(?=\\w)|\(nws)+?(?:-(?:(?<=\(lt){2}-)|(?<=\(lt)-\(lt)-))(?=\(lt)-?\(lt))"
            + "|(?=\(ws)|\\z)|(?<=\(wp))(?=-{2,}\\w)))"
        return try? NSRegularExpression(pattern: pattern)
    }()

    private static func wrapChunks(_ line: String, breakOnHyphens: Bool) -> [String] {
        var chunks: [String] = []
        var word = ""
        guard breakOnHyphens, let expression = hyphenatedWords else {
            for character in line {
                let isSpace = "\t\n\u{0B}\u{0C}\r ".contains(character)
                if let last = word.last, "\t\n\u{0B}\u{0C}\r ".contains(last) != isSpace {
                    chunks.append(word)
                    word = ""
                }
                word.append(character)
            }
            return word.isEmpty ? chunks : chunks + [word]
        }
        // As Python's `re.split` with one group: the matches and the text between them.
        var position = line.startIndex
        for match in expression.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let range = Range(match.range, in: line) else { continue }
            if position < range.lowerBound { chunks.append(String(line[position..<range.lowerBound])) }
            if !range.isEmpty { chunks.append(String(line[range])) }
            position = range.upperBound
        }
        if position < line.endIndex { chunks.append(String(line[position...])) }
        return chunks
    }

    /// A piece with its length in characters and where its first character that is not white
    /// space is, kept up to date as it is cut: a long word is cut many times, and must not be
    /// measured, searched or copied whole again at each cut.
    private struct Chunk {
        var text: Substring
        var count: Int
        var firstSolid: Substring.Index?

        init(_ text: Substring) {
            self.text = text
            count = text.count
            firstSolid = text.firstIndex { !$0.isWhitespace }
        }

        var blank: Bool { firstSolid == nil }

        /// Cuts off the first `length` characters; returns them and whether they are all white space.
        mutating func cut(_ length: Int) -> (text: Substring, blank: Bool) {
            let end = text.index(text.startIndex, offsetBy: length)
            let piece = text[..<end]
            let pieceBlank = firstSolid.map { $0 >= end } ?? true
            // Each character is looked at once: the search starts past every earlier one.
            if let solid = firstSolid, solid < end { firstSolid = text[end...].firstIndex { !$0.isWhitespace } }
            text = text[end...]
            count -= length
            return (piece, pieceBlank)
        }
    }

    /// `textwrap`'s `_wrap_chunks` and `_handle_long_word`, without indents or a line limit.
    /// Linear in the text: a word is cut where it was, never copied whole again.
    private static func wrapped(_ pieces: [String], width: Int, breakLongWords: Bool, breakOnHyphens: Bool) -> [String] {
        var chunks = pieces.reversed().map { Chunk(Substring($0)) }
        var lines: [String] = []
        while !chunks.isEmpty {
            var line: [Substring] = []
            var lastBlank = false
            var length = 0
            if let next = chunks.last, next.blank, !lines.isEmpty { chunks.removeLast() }
            while let next = chunks.last, length + next.count <= width {
                line.append(next.text)
                lastBlank = next.blank
                length += next.count
                chunks.removeLast()
            }
            if let long = chunks.last, long.count > width {
                if breakLongWords {
                    let spaceLeft = width - length
                    var end = spaceLeft
                    if breakOnHyphens, long.count > spaceLeft,
                       let hyphen = long.text.prefix(spaceLeft).lastIndex(of: "-").map({ long.text.distance(from: long.text.startIndex, to: $0) }),
                       hyphen > 0, long.text.prefix(hyphen).contains(where: { $0 != "-" }) {
                        end = hyphen + 1
                    }
                    let piece = chunks[chunks.count - 1].cut(end)
                    line.append(piece.text)
                    lastBlank = piece.blank
                } else if line.isEmpty {
                    line.append(long.text)
                    lastBlank = long.blank
                    chunks.removeLast()
                }
            }
            if lastBlank, !line.isEmpty { line.removeLast() }
            if !line.isEmpty { lines.append(line.joined()) }
        }
        return lines
    }
}
