/// Front matter in the shape nearly every release has, read without the YAML library: one
/// `key: value` a line, the value plain, quoted or a one-line list (`[a, b]`), or a list of
/// `- item` lines under a `key:` line. The library took a twentieth of a clean build's time,
/// most of it making nodes, marks and tags for a dozen short lines.
///
/// It reads only what it is sure of: any other line, character or shape (a comment, a blank
/// line, a tab, an escape, a multi-line value, a character YAML reads as a line break, a
/// repeated key, an anchor or alias) gives nil, and the caller hands the whole text to the
/// library. What it does read gives the same node, locations included, as the library's
/// reading does: `YAMLQuickReaderTests` and the front-matter fuzzer compare the two.
enum YAMLQuickReader {
    /// The mapping `text` holds (positions offset by `lineOffset` lines), or nil when the
    /// library must read it.
    static func read(_ text: String, path: String, lineOffset: Int) -> YAMLNode? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Lines(bytes: bytes, path: path, lineOffset: lineOffset)
            return reader.mapping()
        }
    }

    private struct Lines {
        let bytes: UnsafeBufferPointer<UInt8>
        let path: String
        let lineOffset: Int
        var line = 0
        var lineStart = 0
        var lineEnd = 0
        /// Nodes made, against the reader's budget of values.
        var values = 1
        /// A byte of the current line and its column, from which the next column is counted:
        /// the items of a long one-line list are placed in one pass over it, not one each.
        var counted = (at: 0, column: 1)

        init(bytes: UnsafeBufferPointer<UInt8>, path: String, lineOffset: Int) {
            self.bytes = bytes
            self.path = path
            self.lineOffset = lineOffset
        }

        mutating func mapping() -> YAMLNode? {
            guard !bytes.isEmpty, !hasLexicalTraps else { return nil }
            var entries: [YAMLEntry] = []
            var keys: Set<String> = []
            var listKey: (key: String, location: SourceLocation)?
            var items: [YAMLNode] = []
            var itemIndent = -1
            func endList() -> Bool {
                guard let (key, location) = listKey else { return true }
                guard let first = items.first else { return false }
                // The list's place is its first item's `-`, the column before the item's own.
                let start = SourceLocation(path: path, line: first.location.line, column: first.location.column - 2)
                entries.append(YAMLEntry(key: key, keyLocation: location, value: YAMLNode(kind: .sequence(items), location: start)))
                listKey = nil
                items = []
                return true
            }
            while nextLine() {
                guard lineEnd > lineStart else { return nil }
                let first = bytes[lineStart]
                if first == space || first == dash {
                    // `- item`, under a `key:` line, every item indented alike.
                    var at = lineStart
                    while at < lineEnd, bytes[at] == space { at += 1 }
                    guard listKey != nil, at + 2 < lineEnd, bytes[at] == dash, bytes[at + 1] == space,
                          itemIndent < 0 || at - lineStart == itemIndent, bytes[at + 2] != space else { return nil }
                    itemIndent = at - lineStart
                    guard let item = scalar(from: at + 2, to: lineEnd, inList: false) else { return nil }
                    items.append(item)
                    values += 1
                    continue
                }
                guard endList(), let (key, valueStart) = key() else { return nil }
                guard keys.insert(key).inserted else { return nil }
                let keyLocation = location(of: lineStart)
                values += 1
                if valueStart == lineEnd {
                    listKey = (key, keyLocation)
                    itemIndent = -1
                    continue
                }
                let value = bytes[valueStart] == openBracket ? list(from: valueStart) : scalar(from: valueStart, to: lineEnd, inList: false)
                guard let value else { return nil }
                entries.append(YAMLEntry(key: key, keyLocation: keyLocation, value: value))
            }
            guard endList(), values <= YAMLReader.maximumValues else { return nil }
            return YAMLNode(kind: .mapping(entries), location: SourceLocation(path: path, line: lineOffset + 1, column: 1))
        }

        /// Whether the library's reading would first scan the text for anchors used as keys
        /// (it holds both `&` and `*`: `YAMLAliasKeys`), or for deep nesting finds many brackets
        /// (`YAMLNesting`): those scans read quotes lexically, and a `'` inside a plain value
        /// could make them see what this reader does not.
        private var hasLexicalTraps: Bool {
            var ampersand = false, star = false, brackets = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): ampersand = true
                case UInt8(ascii: "*"): star = true
                case openBracket, UInt8(ascii: "{"): brackets += 1
                default: continue
                }
            }
            return ampersand && star || brackets > YAMLNesting.maximumDepth / 2
        }

        private mutating func nextLine() -> Bool {
            if line > 0 {
                guard lineEnd < bytes.count else { return false }
                lineStart = lineEnd + 1
            }
            guard lineStart < bytes.count else { return false }
            line += 1
            counted = (lineStart, 1)
            lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != lineFeed { lineEnd += 1 }
            return true
        }

        /// A key of letters, digits, `_` and `-` at the start of the line, then `:` and the end
        /// of the line or spaces and a value; the key and where its value starts.
        private func key() -> (String, Int)? {
            var at = lineStart
            guard isLetter(bytes[at]) || bytes[at] == underscore else { return nil }
            while at < lineEnd, isLetter(bytes[at]) || isDigit(bytes[at]) || bytes[at] == underscore || bytes[at] == dash { at += 1 }
            // The library takes no key longer than 1,024 characters.
            guard at < lineEnd, bytes[at] == colon, at - lineStart < 1000 else { return nil }
            let key = text(lineStart, at)
            at += 1
            if at == lineEnd { return (key, at) }
            guard bytes[at] == space else { return nil }
            while at < lineEnd, bytes[at] == space { at += 1 }
            // Spaces and nothing after them: trailing white space, which the library trims.
            return at == lineEnd ? nil : (key, at)
        }

        /// `[a, b]` to the end of the line: plain items, each followed by `, ` or the `]`.
        private mutating func list(from start: Int) -> YAMLNode? {
            guard bytes[lineEnd - 1] == closeBracket else { return nil }
            var items: [YAMLNode] = []
            var at = start + 1
            if at < lineEnd - 1 {
                while true {
                    var end = at
                    while end < lineEnd - 1, bytes[end] != comma { end += 1 }
                    guard let item = scalar(from: at, to: end, inList: true) else { return nil }
                    items.append(item)
                    values += 1
                    if end == lineEnd - 1 { break }
                    guard end + 2 < lineEnd - 1, bytes[end + 1] == space, bytes[end + 2] != space else { return nil }
                    at = end + 2
                }
            }
            return YAMLNode(kind: .sequence(items), location: location(of: start))
        }

        /// A one-line scalar filling `start..<end`: quoted (`"…"` without escapes, `'…'`
        /// without doubled quotes) or plain.
        private mutating func scalar(from start: Int, to end: Int, inList: Bool) -> YAMLNode? {
            let first = bytes[start]
            if !inList, first == doubleQuote || first == singleQuote {
                guard end - start >= 2, bytes[end - 1] == first else { return nil }
                var at = start + 1
                while at < end - 1 {
                    let byte = bytes[at]
                    if byte == first || byte == backslash && first == doubleQuote { return nil }
                    guard let next = character(at) else { return nil }
                    at = next
                }
                return YAMLNode(kind: .scalar(text(start + 1, end - 1), isPlain: false), location: location(of: start))
            }
            // Not an indicator: `-`, `?` and `:` start a plain value only before certain characters.
            // Nor white space, which YAML trims (after a list's `[`).
            guard isPlain(first, inList: true), first != space, first != dash, first != question, first != ampersand,
                  bytes[end - 1] != space else { return nil }
            var at = start
            while at < end {
                let byte = bytes[at]
                if byte < 0x80 {
                    guard isPlain(byte, inList: inList) else { return nil }
                    // `: ` and a final `:` end a key; ` #` would start a comment (no `#` is read).
                    if byte == colon, at + 1 == end || bytes[at + 1] == space { return nil }
                }
                guard let next = character(at) else { return nil }
                at = next
            }
            return YAMLNode(kind: .scalar(text(start, end), isPlain: true), location: location(of: start))
        }

        /// Where the character at `at` ends, or nil for one that only the library reads: ASCII
        /// other than printable, and the characters YAML reads as line breaks (U+0085, U+2028,
        /// U+2029), takes for a byte-order mark (U+FEFF) or forbids (U+0080–U+009F, U+FFFE, U+FFFF).
        private func character(_ at: Int) -> Int? {
            let byte = bytes[at]
            if byte < 0x80 { return byte >= 0x20 && byte < 0x7F ? at + 1 : nil }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            guard at + length <= lineEnd else { return nil }
            let second = bytes[at + 1]
            switch (byte, length) {
            case (0xC2, _) where second < 0xA0: return nil
            case (0xE2, _) where second == 0x80 && (bytes[at + 2] == 0xA8 || bytes[at + 2] == 0xA9): return nil
            case (0xEF, _) where second == 0xBB && bytes[at + 2] == 0xBF: return nil
            case (0xEF, _) where second == 0xBF && bytes[at + 2] >= 0xBE: return nil
            default: return at + length
            }
        }

        /// The place of byte `at` of the current line; a column counts characters, as the library's do.
        private mutating func location(of at: Int) -> SourceLocation {
            if at < counted.at { counted = (lineStart, 1) }
            var column = counted.column
            for index in counted.at ..< at where bytes[index] & 0xC0 != 0x80 { column += 1 }
            counted = (at, column)
            return SourceLocation(path: path, line: lineOffset + line, column: column)
        }

        private func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
        }
    }
}

/// ASCII a plain value may hold: none of YAML's indicators that could start something else
/// (`#`, `*`, `!`, `|`, `>`, `%`, `@`, `` ` ``, brackets and braces), nor `<` or `\`; in a
/// one-line list, nor `,`, `:` or quotes either. (`&` starts an anchor only where a value starts.)
private func isPlain(_ byte: UInt8, inList: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "#"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
         UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "<"),
         UInt8(ascii: "\\"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
        return false
    case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "'"):
        return !inList
    default:
        return true
    }
}

private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

private let space = UInt8(ascii: " ")
private let dash = UInt8(ascii: "-")
private let colon = UInt8(ascii: ":")
private let comma = UInt8(ascii: ",")
private let underscore = UInt8(ascii: "_")
private let question = UInt8(ascii: "?")
private let ampersand = UInt8(ascii: "&")
private let lineFeed = UInt8(ascii: "\n")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let backslash = UInt8(ascii: "\\")
