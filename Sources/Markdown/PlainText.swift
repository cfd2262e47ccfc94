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
        return text.withUTF8 { collapsingWhiteSpace(utf8: $0) }
    }

    /// `collapsingWhiteSpace` of text given as UTF-8 (invalid sequences become U+FFFD, as `String(decoding:as:)` makes them).
    static func collapsingWhiteSpace(utf8 source: UnsafeBufferPointer<UInt8>) -> String {
        var valid = true
        let collapsed = String(repairingUTF8Capacity: source.count) { output in
            guard let count = collapse(source, into: output) else {
                valid = false
                return 0
            }
            return count
        }
        return valid ? collapsed : collapsingWhiteSpace(String(decoding: source, as: UTF8.self))
    }

    /// Appends `collapsingWhiteSpace` of UTF-8 `source` to `output`, as bytes.
    static func appendCollapsed(_ source: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: source.count))
        let written = output.withUnsafeMutableBufferPointer { collapse(source, into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
        output.removeLast(source.count - (written ?? 0))
        if written == nil { output.append(contentsOf: collapsingWhiteSpace(String(decoding: source, as: UTF8.self)).utf8) }
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

    /// Writes the collapsed UTF-8 of `source` to `output` and returns its length, or nil when
    /// `source` is not valid UTF-8. `output` needs no more room than `source`: every space
    /// written stands for at least one byte of white space read and not written.
    private static func collapse(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let input = source.baseAddress, let written = output.baseAddress else { return 0 }
        let end = source.count
        var count = 0
        var pendingSpace = false
        var index = 0
        while index < end {
            if index + 8 <= end, let chunk = plainChunk(input, index, end, atStart: count == 0, pendingSpace: pendingSpace) {
                if pendingSpace {
                    written[count] = UInt8(ascii: " ")
                    count += 1
                    pendingSpace = false
                }
                UnsafeMutableRawPointer(written + count).storeBytes(of: chunk.littleEndian, as: UInt64.self)
                count += 8
                index += 8
                continue
            }
            let byte = input[index]
            if byte >= 0x80, let length = plainScalarLength(input, index, end) {
                if pendingSpace {
                    written[count] = UInt8(ascii: " ")
                    count += 1
                    pendingSpace = false
                }
                for offset in 0 ..< length { written[count + offset] = input[index + offset] }
                count += length
                index += length
                continue
            }
            if byte < 0x80, index + 1 == end || input[index + 1] < 0x80 || plainScalarLength(input, index + 1, end) != nil {
                if isASCIIWhiteSpace(byte) {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        written[count] = UInt8(ascii: " ")
                        count += 1
                        pendingSpace = false
                    }
                    written[count] = byte
                    count += 1
                }
                index += 1
                continue
            }
            var stretchEnd = index + 1
            while stretchEnd < end, !isBetweenASCIIBytes(source, stretchEnd) {
                stretchEnd += 1
            }
            guard let stretch = String(validUTF8: UnsafeBufferPointer(rebasing: source[index..<stretchEnd])) else {
                return nil
            }
            for character in stretch {
                let first = character.utf8.first ?? 0
                if first < 0x80 ? isASCIIWhiteSpace(first) : isCollapsible(character) {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        written[count] = UInt8(ascii: " ")
                        count += 1
                        pendingSpace = false
                    }
                    for byte in character.utf8 {
                        written[count] = byte
                        count += 1
                    }
                }
            }
            index = stretchEnd
        }
        return count
    }

    /// The eight bytes at `index` when they are written as they are: printable ASCII or single
    /// spaces, no space first at the start of the text or after a space owed, none last, and
    /// an ASCII byte (or the end) after them, so each byte is a Character of its own.
    private static func plainChunk(
        _ input: UnsafePointer<UInt8>, _ index: Int, _ end: Int, atStart: Bool, pendingSpace: Bool
    ) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let word = UInt64(littleEndian: UnsafeRawPointer(input + index).loadUnaligned(as: UInt64.self))
        // Any byte at or past 0x80, or below 0x20 (controls and the other white space)?
        guard word & highs == 0, (word &- ones &* 0x20) & ~word & highs == 0 else { return nil }
        // The bytes that are spaces, exactly: 0x80 where a byte is 0x20.
        let offSpace = word ^ (ones &* 0x20)
        let spaces = ~(((offSpace & lows) &+ lows) | offSpace) & highs
        guard spaces & (spaces << 8) == 0, spaces >> 56 == 0 else { return nil }
        if spaces & 0x80 != 0, atStart || pendingSpace { return nil }
        guard index + 8 == end || input[index + 8] < 0x80 else { return nil }
        return word
    }

    /// The length of the scalar at `index` when it is one that is never white space, never
    /// joins a Character before it and never makes one Character with the next: Latin-1 and
    /// Latin Extended letters and signs (U+00A1–U+024F) and the dashes, quotes and dots of
    /// General Punctuation (U+2010–U+2027), which smart punctuation writes. Nil for any other.
    /// Such a scalar is a Character of its own and is kept, as is an ASCII byte next to it.
    private static func plainScalarLength(_ input: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int? {
        let lead = input[index]
        if lead >= 0xC2, lead <= 0xC9, index + 1 < end, input[index + 1] & 0xC0 == 0x80 {
            // U+0080–U+027F; U+0080–U+00A0 (controls, NEL, no-break space) and U+0250 on are not plain.
            let value = UInt32(lead & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F)
            return value >= 0xA1 && value <= 0x24F ? 2 : nil
        }
        if lead == 0xE2, index + 2 < end, input[index + 1] == 0x80, input[index + 2] >= 0x90, input[index + 2] <= 0xA7 {
            return 3
        }
        return nil
    }

    /// Whether `index` is between two ASCII bytes that are not CR LF: a Character always
    /// begins there, whatever comes before or after.
    private static func isBetweenASCIIBytes(_ source: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let before = source[index - 1]
        let byte = source[index]
        return before < 0x80 && byte < 0x80 && !(before == UInt8(ascii: "\r") && byte == UInt8(ascii: "\n"))
    }
}
