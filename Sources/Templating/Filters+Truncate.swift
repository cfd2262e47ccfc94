extension Filters {
    /// `truncate(length, end="…")`: plain text cut to at most `length` characters at a word boundary, then `end`; unchanged when short enough.
    static func truncate(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...2)
        guard !input.isSafe else { throw FilterError("cannot cut safe HTML; apply 'striptags' first") }
        let limit = try integer(arguments[0])
        guard limit >= 0 else { throw FilterError("expected a length of zero or more, not \(limit)") }
        let end = arguments.count > 1 ? try text(arguments[1]) : "…"
        let whole = try text(input)
        // No more bytes than the limit: no more characters either.
        guard whole.utf8.count > limit else { return .string(whole) }
        switch scalarCut(whole, limit: limit) {
        case .fits: return .string(whole)
        case .at(let offset):
            // A slice of the text, cut where a scalar starts: copied, not checked again.
            let kept = Escaping.slice(of: whole, utf8: 0 ..< offset)
            var cut = String()
            cut.reserveCapacity(offset + end.utf8.count)
            cut.append(contentsOf: kept)
            cut.append(end)
            return .string(cut)
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

    /// `truncate`'s cut in `text`, when each scalar up to one past the limit's is a character of
    /// its own whatever stands beside it (`isStandalone`): there characters and scalars are the
    /// same, so the cut is found without breaking the text into characters. Nil when one is not
    /// (a combining mark, CR, a flag, an emoji sequence, Hangul, most scripts). ASCII text, and
    /// English with smart punctuation (curly quotes, dashes), take this way.
    static func scalarCut(_ text: String, limit: Int) -> ScalarCut? {
        Escaping.withUTF8(of: text) { scalarCut(utf8: $0, limit: limit) }
    }

    /// `scalarCut` over the text's UTF-8 (valid, as a string's is), a scalar decoded at a time.
    private static func scalarCut(utf8 bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> ScalarCut? {
        var index = 0
        var offset = 0
        // Where the last scalar that is not white space ends, so far.
        var solidEnd = 0
        // Where the text is cut at the limit's scalar, and at the last white space after the
        // first scalar and before the limit: each without the white space before it.
        var cutAtLimit = 0
        var cutAtSpace: Int?
        var limitIsSpace = false
        while offset < bytes.count {
            guard index <= limit + 1 else { break }
            let (value, width) = scalar(in: bytes, at: offset)
            guard isStandalone(value) else { return nil }
            let space = isWhiteSpace(value)
            if index < limit, index > 0, space { cutAtSpace = solidEnd }
            if index == limit { (cutAtLimit, limitIsSpace) = (solidEnd, space) }
            offset += width
            if !space { solidEnd = offset }
            index += 1
        }
        guard index > limit else { return .fits }
        if !limitIsSpace, let cutAtSpace { return .at(cutAtSpace) }
        return .at(cutAtLimit)
    }

    /// The scalar whose UTF-8 starts at `offset` of valid UTF-8, and how many bytes it takes.
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (value: UInt32, width: Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, 1) }
        func continuation(_ index: Int) -> UInt32 { UInt32(bytes[offset + index]) & 0x3F }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | continuation(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3) }
        return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
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
