import Yams

/// The YAML library's errors, said in the user's terms at the user's position.
extension YAMLReader {
    static func diagnostics(for error: YamlError, path: String, lineOffset: Int) -> [Diagnostic] {
        func at(_ mark: Mark) -> SourceLocation { location(mark, path: path, lineOffset: lineOffset) }
        switch error {
        case .scanner(let context, let problem, let mark, let yaml):
            if problem == "found unexpected end of stream", let context, context.text.contains("quoted scalar") {
                return [.error("malformed YAML: the quoted text that starts here is never closed", at: at(context.mark))]
            }
            return [explanation(of: problem, context: context, mark: mark, in: yaml, at: at)
                ?? malformed(problem, context, at: at(mark))]
        case .parser(let context, let problem, let mark, let yaml):
            if problem.hasPrefix("Maximum nesting level reached") {
                return [.error(YAMLNesting.libraryLimitMessage, at: at(mark))]
            }
            return [explanation(of: problem, context: context, mark: mark, in: yaml, at: at)
                ?? malformed(problem, context, at: at(mark))]
        case .composer(let context, let problem, let mark, let yaml):
            return [explanation(of: problem, context: context, mark: mark, in: yaml, at: at)
                ?? malformed(problem, context, at: at(mark))]
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeys(duplicates, firstMark: context.mark, in: context.text, path: path, lineOffset: lineOffset)
        case .reader(let problem, let offset, let value, let yaml):
            let place = offset.map { position(ofByte: $0, in: yaml) } ?? (line: 1, column: 1)
            let location = SourceLocation(path: path, line: place.line + lineOffset, column: place.column)
            if value >= 0, let scalar = Unicode.Scalar(UInt32(value)), ControlCharacters.isForbidden(scalar) {
                return [.error("the control character \(ControlCharacters.name(scalar)) cannot appear in YAML; remove it",
                               at: location)]
            }
            return [.error("unreadable YAML: \(problem)", at: location)]
        default:
            return [.error("malformed YAML: \(error)", at: SourceLocation(path: path, line: lineOffset + 1))]
        }
    }

    private static func malformed(_ problem: String, _ context: YamlError.Context?, at place: SourceLocation) -> Diagnostic {
        let detail = context.map { "\(problem) (\($0.text))" } ?? problem
        return .error("malformed YAML: \(detail)", at: place)
    }

    // MARK: - Duplicate keys

    /// One error per duplicated key, at its second occurrence: "duplicate key 'date' (first given on line 3)".
    ///
    /// The library names the keys of one mapping and the position of the first occurrence of the
    /// first of them (in sorted order); the other occurrences are found in the text, among the
    /// lines of that block mapping whose keys start in the same column. A key that cannot be
    /// found so (in a flow mapping such as `{a: 1, a: 2}`) is reported at that first position.
    static func duplicateKeys(
        _ keys: [String], firstMark: Mark, in yaml: String, path: String, lineOffset: Int
    ) -> [Diagnostic] {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let column = firstMark.column
        let region = mappingLines(around: firstMark.line, keyColumn: column, in: lines)
        return keys.map { written in
            let key = ControlCharacters.replaced(in: written)
            let occurrences = region.filter { startsWithKey(key, line: lines[$0 - 1], at: column - 1) }
            guard occurrences.count >= 2 else {
                return .error("duplicate key '\(key)'", at: location(firstMark, path: path, lineOffset: lineOffset))
            }
            return .error("duplicate key '\(key)' (first given on line \(occurrences[0] + lineOffset))",
                          at: SourceLocation(path: path, line: occurrences[1] + lineOffset, column: column))
        }
    }

    /// The 1-based numbers of the lines of the block mapping whose key at `line` starts at `keyColumn`:
    /// that line, the lines below it indented at least as far, and the lines above it likewise, up to
    /// and including one that opens the mapping after a `- ` item marker.
    private static func mappingLines(around line: Int, keyColumn: Int, in lines: [[Unicode.Scalar]]) -> [Int] {
        guard line >= 1, line <= lines.count else { return [] }
        let indent = keyColumn - 1
        func leading(_ number: Int) -> Int { lines[number - 1].prefix { $0 == " " }.count }
        func isBlank(_ number: Int) -> Bool {
            let rest = lines[number - 1].drop { $0 == " " }
            return rest.isEmpty || rest.first == "#"
        }
        var first = line
        while first > 1 {
            let above = first - 1
            if isBlank(above) || leading(above) >= indent { first = above; continue }
            if opensItem(lines[above - 1], keyAt: indent) { first = above }
            break
        }
        var last = line
        while last < lines.count, isBlank(last + 1) || leading(last + 1) >= indent { last += 1 }
        return Array(first...last)
    }

    /// `- key: …` or `  - key: …`: a sequence item whose mapping's first key starts at `column` (0-based).
    private static func opensItem(_ line: [Unicode.Scalar], keyAt column: Int) -> Bool {
        guard column < line.count, line[..<column].contains("-") else { return false }
        return line[..<column].allSatisfy { $0 == " " || $0 == "-" } && line[column] != " "
    }

    /// Whether `line` holds `key` (plain or quoted) followed by `:` at the 0-based `column`.
    private static func startsWithKey(_ key: String, line: [Unicode.Scalar], at column: Int) -> Bool {
        guard column <= line.count, line[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { return false }
        let rest = String(String.UnicodeScalarView(line[column...]))
        for form in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(form) {
            let after = rest.dropFirst(form.count).drop { $0 == " " }
            if after.first == ":" { return true }
        }
        return false
    }

    /// Line and column (in characters) of a byte offset into the UTF-8 text.
    private static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
