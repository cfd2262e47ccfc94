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
            if problem.contains("cannot start any token"), character(in: yaml, at: mark) == "\t" {
                return [.error("malformed YAML: a tab cannot indent YAML; indent with spaces", at: at(mark))]
            }
            return [malformed(problem, context, at: at(mark))]
        case .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            return [malformed(problem, context, at: at(mark))]
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = at(context.mark)
            let key = duplicates.first ?? ""
            let second = repeatedKey(key, after: context.mark, in: context.text)
            let names = duplicates.map { "'\(ControlCharacters.replaced(in: $0))'" }.joined(separator: ", ")
            if let second {
                return [.error("duplicate key \(names) (first given on line \(first.line))",
                               at: SourceLocation(path: path, line: second.line + lineOffset, column: second.column))]
            }
            return [.error("duplicate key \(names)", at: first)]
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

    private static func character(in yaml: String, at mark: Mark) -> Character? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }

    /// The second occurrence of a duplicated key: the next line after `first` with the key at the same indentation.
    private static func repeatedKey(_ key: String, after first: Mark, in yaml: String) -> (line: Int, column: Int)? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        guard first.line >= 1 else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            guard leading == indent else { continue }
            let rest = line.dropFirst(indent)
            for form in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(form) {
                if rest.dropFirst(form.count).drop(while: { $0 == " " }).hasPrefix(":") {
                    return (index + 1, indent + 1)
                }
            }
        }
        return nil
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
