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

    /// `truncate`'s cut in `text`, when each scalar up to one past the limit's is a character of
    /// its own whatever stands beside it (`isStandalone`): there characters and scalars are the
    /// same, so the cut is found without breaking the text into characters. Nil when one is not
    /// (a combining mark, CR, a flag, an emoji sequence, Hangul, most scripts). ASCII text, and
    /// English with smart punctuation (curly quotes, dashes), take this way.
    static func scalarCut(_ text: String, limit: Int) -> ScalarCut? {
        var index = 0
        var offset = 0
        // Where the last scalar that is not white space ends, so far.
        var solidEnd = 0
        // Where the text is cut at the limit's scalar, and at the last white space after the
        // first scalar and before the limit: each without the white space before it.
        var cutAtLimit = 0
        var cutAtSpace: Int?
        var limitIsSpace = false
        for scalar in text.unicodeScalars {
            guard index <= limit + 1 else { break }
            guard isStandalone(scalar.value) else { return nil }
            let space = isWhiteSpace(scalar.value)
            if index < limit, index > 0, space { cutAtSpace = solidEnd }
            if index == limit { (cutAtLimit, limitIsSpace) = (solidEnd, space) }
            offset += UTF8.width(scalar)
            if !space { solidEnd = offset }
            index += 1
        }
        guard index > limit else { return .fits }
        if !limitIsSpace, let cutAtSpace { return .at(cutAtSpace) }
        return .at(cutAtLimit)
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
