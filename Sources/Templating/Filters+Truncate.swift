extension Filters {
    /// `truncate(length, end="…")`: plain text cut to at most `length` characters at a word boundary, then `end`; unchanged when short enough.
    static func truncate(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...2)
        guard !input.isSafe else { throw FilterError("cannot cut safe HTML; apply 'striptags' first") }
        let limit = try integer(arguments[0])
        guard limit >= 0 else { throw FilterError("expected a length of zero or more, not \(limit)") }
        let end = arguments.count > 1 ? try text(arguments[1]) : "…"
        var whole = try text(input)
        // No more bytes than the limit: no more characters either.
        guard whole.utf8.count > limit else { return .string(whole) }
        let cut = whole.withUTF8 { scalarCut($0, limit: limit) }
        switch cut {
        case .fits: return .string(whole)
        case .at(let offset): return .string(String(decoding: whole.utf8.prefix(offset), as: UTF8.self) + end)
        case nil: break
        }
        // Walks only as far as the limit: no list of every character.
        guard let limitIndex = whole.index(whole.startIndex, offsetBy: limit, limitedBy: whole.endIndex),
              limitIndex < whole.endIndex else { return .string(whole) }
        var cutIndex = limitIndex
        if !whole[limitIndex].isWhitespace, let space = whole[..<limitIndex].lastIndex(where: \.isWhitespace),
           space > whole.startIndex {
            cutIndex = space
        }
        var kept = whole[..<cutIndex]
        while let tail = kept.last, tail.isWhitespace {
            kept = kept.dropLast()
        }
        return .string(String(kept) + end)
    }

    /// Where `truncate` cuts, found on Unicode scalars.
    enum ScalarCut {
        /// The text has at most the limit's number of characters: it is kept whole.
        case fits
        /// The cut, as a byte offset.
        case at(Int)
    }

    /// `truncate`'s cut in `bytes` (valid UTF-8), when each scalar up to one past the limit's is a
    /// character of its own whatever stands beside it (`isStandalone`): there characters and
    /// scalars are the same, so the cut is found without breaking the text into characters. Nil
    /// when one is not (a combining mark, CR, a flag, an emoji sequence, Hangul, most scripts).
    /// ASCII text, and English with smart punctuation (curly quotes, dashes), take this way.
    static func scalarCut(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> ScalarCut? {
        var offset = 0
        var index = 0
        var limitOffset = 0
        var limitIsSpace = false
        // The byte offset of the last white space after the first scalar and before the limit.
        var lastSpace: Int?
        while index <= limit + 1, offset < bytes.count {
            let (value, length) = scalar(in: bytes, at: offset)
            guard isStandalone(value) else { return nil }
            let space = isWhiteSpace(value)
            if index < limit, index > 0, space { lastSpace = offset }
            if index == limit { (limitOffset, limitIsSpace) = (offset, space) }
            offset += length
            index += 1
        }
        guard index > limit else { return .fits }
        var cut = limitOffset
        if !limitIsSpace, let lastSpace { cut = lastSpace }
        // Without the white space it ends with.
        while cut > 0 {
            var start = cut - 1
            while bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard isWhiteSpace(scalar(in: bytes, at: start).value) else { break }
            cut = start
        }
        return .at(cut)
    }

    /// The scalar whose UTF-8 starts at `offset` in valid UTF-8, and its length in bytes.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[offset]
        guard lead >= 0x80 else { return (UInt32(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for place in 1 ..< length { value = value << 6 | UInt32(bytes[offset + place] & 0x3F) }
        return (value, length)
    }

    /// Scalars that make a character of their own whatever comes before or after them, as long
    /// as their neighbours are such scalars too: under Unicode's rules for character boundaries
    /// (UAX #29) none of them is CR, a mark or joiner that clings to what precedes it, a prefix
    /// that clings to what follows, a Hangul jamo or a regional indicator. ASCII but CR; Latin-1
    /// and the Latin letters and modifiers up to U+02FF (the combining marks start at U+0300);
    /// the dashes, quotes, bullets and ellipsis of U+2010–U+2027 and the punctuation of
    /// U+2030–U+205E.
    static func isStandalone(_ value: UInt32) -> Bool {
        (value < 0x80 && value != 0x0D) || (0xA0 ... 0x2FF).contains(value)
            || (0x2010 ... 0x2027).contains(value) || (0x2030 ... 0x205E).contains(value)
    }

    /// White space (Unicode's White_Space, as `Character.isWhitespace` judges it) among the
    /// standalone scalars: tab, line feed, vertical tab, form feed, space and the no-break space.
    static func isWhiteSpace(_ value: UInt32) -> Bool {
        value == 0x20 || (0x09 ... 0x0C).contains(value) || value == 0xA0
    }
}
