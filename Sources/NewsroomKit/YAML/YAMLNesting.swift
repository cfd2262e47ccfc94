/// A cheap look at how deeply a YAML text nests, taken before the library reads it, so that a
/// text nested thousands of levels deep gets a plain message at the place it goes too deep
/// (and no recursive reader ever walks it).
///
/// It counts block levels by indentation and `- ` item markers, and flow levels by `[` and `{`
/// outside quoted text and comments. It may count a little more than YAML would (a bracket in
/// plain text), never much less; no newsroom setting comes anywhere near the limit.
enum YAMLNesting {
    static let maximumDepth = 100

    static let message = "YAML is nested more than \(maximumDepth) levels deep here; no newsroom setting needs that many"

    /// For the library's own limit, which this look may miss (it counts differently).
    static let libraryLimitMessage = "YAML is nested too deeply here; no newsroom setting needs that many levels"

    /// The 1-based line and column of `text` where nesting first goes deeper than `limit`, or nil.
    ///
    /// Read as UTF-8 bytes: every mark it looks for is ASCII, and no byte of a longer scalar is
    /// ASCII; a column counts scalars. A line ends at a line feed that is not part of CR LF.
    static func firstTooDeep(_ text: String, limit: Int = maximumDepth) -> (line: Int, column: Int)? {
        var text = text
        return text.withUTF8 { firstTooDeep(bytes: $0, limit: limit) }
    }

    private static func firstTooDeep(bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (line: Int, column: Int)? {
        var indents: [Int] = []
        var flow = 0
        var quote: UInt8?
        var lineIndex = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, !(bytes[lineEnd] == 0x0A && (lineEnd == 0 || bytes[lineEnd - 1] != 0x0D)) { lineEnd += 1 }
            defer { lineIndex += 1; lineStart = lineEnd + 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart ..< lineEnd])
            /// The 1-based column of byte `position` of the line, in scalars.
            func column(_ position: Int) -> Int { line[..<position].count { $0 & 0xC0 != 0x80 } + 1 }
            var position = 0
            var block = indents.count
            if quote == nil, flow == 0 {
                let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
                if indent == line.count || line[indent] == UInt8(ascii: "#") { continue }
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
                block = indents.count
                position = indent
                while position < line.count, line[position] == UInt8(ascii: "-") || line[position] == UInt8(ascii: "?"),
                      position + 1 == line.count || line[position + 1] == UInt8(ascii: " ") {
                    block += 1
                    if block > limit { return (lineIndex + 1, column(position)) }
                    position += 1
                    while position < line.count, line[position] == UInt8(ascii: " ") { position += 1 }
                }
                if block > limit { return (lineIndex + 1, indent + 1) }
            }
            while position < line.count {
                let byte = line[position]
                if let open = quote {
                    if open == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                        position += 1
                        // The escaped scalar is skipped whole.
                        while position + 1 < line.count, line[position + 1] & 0xC0 == 0x80 { position += 1 }
                    } else if byte == open {
                        if open == UInt8(ascii: "'"), position + 1 < line.count, line[position + 1] == UInt8(ascii: "'") {
                            position += 1
                        } else {
                            quote = nil
                        }
                    }
                } else if byte == UInt8(ascii: "#"), position == 0 || line[position - 1] == UInt8(ascii: " ") || line[position - 1] == UInt8(ascii: "\t") {
                    break
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"), startsValue(line, at: position) {
                    quote = byte
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    flow += 1
                    if block + flow > limit { return (lineIndex + 1, column(position)) }
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    flow = max(0, flow - 1)
                }
                position += 1
            }
        }
        return nil
    }

    /// Whether a quote at `position` opens quoted text: at the start of a line's content, or after
    /// white space or one of `[{,:-?` (so the apostrophe in `title: It's here` opens nothing).
    private static func startsValue(_ line: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        var index = position - 1
        while index >= 0, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") { index -= 1 }
        guard index >= 0 else { return true }
        guard index < position - 1 || "[{,".utf8.contains(line[index]) else { return false }
        return "[{,:-?".utf8.contains(line[index])
    }
}
