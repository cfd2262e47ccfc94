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
    static func firstTooDeep(_ text: String, limit: Int = maximumDepth) -> (line: Int, column: Int)? {
        var indents: [Int] = []
        var flow = 0
        var quote: Unicode.Scalar?
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            var position = 0
            var block = indents.count
            if quote == nil, flow == 0 {
                let indent = scalars.prefix { $0 == " " }.count
                if indent == scalars.count || scalars[indent] == "#" { continue }
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
                block = indents.count
                position = indent
                while position < scalars.count, scalars[position] == "-" || scalars[position] == "?",
                      position + 1 == scalars.count || scalars[position + 1] == " " {
                    block += 1
                    if block > limit { return (lineIndex + 1, position + 1) }
                    position += 1
                    while position < scalars.count, scalars[position] == " " { position += 1 }
                }
                if block > limit { return (lineIndex + 1, indent + 1) }
            }
            while position < scalars.count {
                let scalar = scalars[position]
                if let open = quote {
                    if open == "\"", scalar == "\\" {
                        position += 1
                    } else if scalar == open {
                        if open == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                            position += 1
                        } else {
                            quote = nil
                        }
                    }
                } else if scalar == "#", position == 0 || scalars[position - 1] == " " || scalars[position - 1] == "\t" {
                    break
                } else if scalar == "\"" || scalar == "'", startsValue(scalars, at: position) {
                    quote = scalar
                } else if scalar == "[" || scalar == "{" {
                    flow += 1
                    if block + flow > limit { return (lineIndex + 1, position + 1) }
                } else if scalar == "]" || scalar == "}" {
                    flow = max(0, flow - 1)
                }
                position += 1
            }
        }
        return nil
    }

    /// Whether a quote at `position` opens quoted text: at the start of a line's content, or after
    /// white space or one of `[{,:-?` (so the apostrophe in `title: It's here` opens nothing).
    private static func startsValue(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        var index = position - 1
        while index >= 0, scalars[index] == " " || scalars[index] == "\t" { index -= 1 }
        guard index >= 0 else { return true }
        guard index < position - 1 || "[{,".unicodeScalars.contains(scalars[index]) else { return false }
        return "[{,:-?".unicodeScalars.contains(scalars[index])
    }
}
