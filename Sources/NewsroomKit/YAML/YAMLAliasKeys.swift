/// Finds an alias used as a mapping key (`*big: x`, `? *big`) before the YAML library sees
/// it: the library hashes every key to find duplicates, and an alias that expands to a
/// billion values would be hashed value by value (a hang, not an error). The reader allows
/// only plain text keys anyway.
///
/// A lexical scan in the manner of `YAMLNesting`: quoted text and comments are skipped, and
/// only aliases of anchors the text defines count (libyaml's names are `[A-Za-z0-9_-]+`), so
/// Markdown such as `*Note: …` in a block of text is no alias.
enum YAMLAliasKeys {
    static let message = "an alias cannot be a key; keys are plain text"

    /// An anchor (`&name`) or alias (`*name`) as the lexical scan finds it.
    struct Token {
        var isAnchor: Bool
        var name: [UInt8]
        var line: Int
        var column: Int
        /// For an alias: followed by `:` (a key) or preceded by `?` (an explicit key).
        var isKey: Bool
        /// The column of the line's first character that is not a space or `-`.
        var lineKeyColumn: Int
    }

    /// The line and column (1-based) of the first alias used as a key, or nil.
    static func firstAliasKey(_ text: String) -> (line: Int, column: Int)? {
        let tokens = scan(text)
        let anchors = Set(tokens.filter(\.isAnchor).map(\.name))
        return tokens.first { !$0.isAnchor && $0.isKey && anchors.contains($0.name) }.map { ($0.line, $0.column) }
    }

    /// Where aliases first expand the document beyond `limit` values: an upper bound, since each
    /// anchor is taken to hold every alias up to the next anchor. Before the library reads the
    /// text, so a billion laughs never reaches it. The place is the key of the line, as the
    /// reader's own count after reading reports it.
    static func firstExpansionBeyond(_ limit: Int, in text: String) -> (line: Int, column: Int)? {
        var sizes: [[UInt8]: Int] = [:]
        var open: [UInt8]?
        var total = 0
        for token in scan(text) {
            if token.isAnchor {
                sizes[token.name] = 1
                open = token.name
                continue
            }
            guard let size = sizes[token.name] else { continue }
            total = min(total + size, Int.max / 2)
            if let open, open != token.name, let current = sizes[open] { sizes[open] = min(current + size, Int.max / 2) }
            if total > limit { return (token.line, token.lineKeyColumn) }
        }
        return nil
    }

    /// Anchors and aliases outside quoted text and comments, in order.
    private static func scan(_ text: String) -> [Token] {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "*")), bytes.contains(UInt8(ascii: "&")) else { return [] }
        var tokens: [Token] = []
        var index = 0, line = 1, lineStart = 0
        var quote: UInt8?
        var previous: UInt8 = 0x0A
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
        func startsToken(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x5B, 0x7B, 0x2C, 0x3F].contains(byte) }
        func keyColumn() -> Int {
            var position = lineStart
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x2D { position += 1 }
            return position - lineStart + 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1; lineStart = index + 1; quote = nil }
            if let open = quote {
                if byte == open { quote = nil }
            } else if (byte == 0x22 || byte == 0x27) && (startsToken(previous) || previous == 0x3A) {
                quote = byte
            } else if byte == 0x23 && (previous == 0x20 || previous == 0x09 || previous == 0x0A) {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            } else if (byte == 0x26 || byte == 0x2A) && startsToken(previous) {
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                let name = Array(bytes[(index + 1)..<end])
                if !name.isEmpty {
                    var after = end
                    while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
                    let colonKey = after < bytes.count && bytes[after] == 0x3A
                        && (after + 1 == bytes.count || [0x20, 0x09, 0x0A, 0x2C, 0x5D, 0x7D].contains(bytes[after + 1]))
                    let explicitKey = previousSignificant(bytes, before: index) == 0x3F
                    tokens.append(Token(isAnchor: byte == 0x26, name: name, line: line, column: index - lineStart + 1,
                                        isKey: colonKey || explicitKey, lineKeyColumn: keyColumn()))
                    previous = bytes[end - 1]
                    index = end
                    continue
                }
            }
            previous = byte
            index += 1
        }
        return tokens
    }

    /// The last byte before `index` on its line that is not a space or tab.
    private static func previousSignificant(_ bytes: [UInt8], before index: Int) -> UInt8? {
        var position = index - 1
        while position >= 0, bytes[position] == 0x20 || bytes[position] == 0x09 { position -= 1 }
        return position >= 0 && bytes[position] != 0x0A ? bytes[position] : nil
    }
}
