/// Plain-text helpers shared by headings, the summary and the searchable text.
enum PlainText {
    /// Collapses every run of white space to one space and trims both ends. No-break
    /// spaces are meant, and are kept.
    ///
    /// White space is judged per Character (grapheme cluster) by `isCollapsible`, so a
    /// space that carries a combining mark goes with its mark. Most text is ASCII, and an
    /// ASCII byte between two ASCII bytes is a Character of its own (CR LF is one, but both
    /// are white space, so taking them one at a time gives the same result): those bytes
    /// are judged directly, without Unicode tables. Only a stretch holding non-ASCII bytes
    /// is cut into Characters, from the ASCII byte before it to the next two ASCII bytes in
    /// a row: a Character always begins at both places.
    static func collapsingWhiteSpace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { source in
            let collapsed = [UInt8](unsafeUninitializedCapacity: source.count) { output, count in
                count = collapse(source, into: output)
            }
            return String(decoding: collapsed, as: UTF8.self)
        }
    }

    /// The rule: white space collapses, except the no-break spaces U+00A0, U+2007 and U+202F.
    static func isCollapsible(_ character: Character) -> Bool {
        guard character.isWhitespace else {
            return false
        }
        return character != "\u{A0}" && character != "\u{2007}" && character != "\u{202F}"
    }

    /// `isCollapsible` for a Character whose first scalar is ASCII: tab, line feed, vertical
    /// tab, form feed, carriage return and space (the ASCII part of Unicode's White_Space; a
    /// test checks that the two agree on every ASCII byte).
    static func isASCIIWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
    }

    /// Writes the collapsed UTF-8 of `source` to `output` and returns its length. `output`
    /// needs no more room than `source`: every space written stands for at least one byte
    /// of white space read and not written.
    private static func collapse(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        var pendingSpace = false
        func keep(_ byte: UInt8) {
            if pendingSpace {
                output[count] = UInt8(ascii: " ")
                count += 1
                pendingSpace = false
            }
            output[count] = byte
            count += 1
        }

        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte < 0x80, index + 1 == source.count || source[index + 1] < 0x80 {
                if isASCIIWhiteSpace(byte) {
                    pendingSpace = count > 0
                } else {
                    keep(byte)
                }
                index += 1
                continue
            }
            var stretchEnd = index + 1
            while stretchEnd < source.count, !isBetweenASCIIBytes(source, stretchEnd) {
                stretchEnd += 1
            }
            let stretch = String(decoding: UnsafeBufferPointer(rebasing: source[index..<stretchEnd]), as: UTF8.self)
            for character in stretch {
                let first = character.utf8.first ?? 0
                if first < 0x80 ? isASCIIWhiteSpace(first) : isCollapsible(character) {
                    pendingSpace = count > 0
                } else {
                    for byte in character.utf8 {
                        keep(byte)
                    }
                }
            }
            index = stretchEnd
        }
        return count
    }

    /// Whether `index` is between two ASCII bytes that are not CR LF: a Character always
    /// begins there, whatever comes before or after.
    private static func isBetweenASCIIBytes(_ source: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let before = source[index - 1]
        let byte = source[index]
        return before < 0x80 && byte < 0x80 && !(before == UInt8(ascii: "\r") && byte == UInt8(ascii: "\n"))
    }
}
