import Yams

/// Parses YAML text into a `YAMLNode`, turning every library error into a diagnostic.
enum YAMLReader {
    /// Aliases can make a tiny file expand into billions of values; no newsroom needs more than this.
    static let maximumValues = 50_000

    /// - Parameters:
    ///   - lineOffset: lines before `text` in its file, so positions are file positions.
    /// - Returns: nil for an empty document.
    static func parse(_ text: String, path: String, lineOffset: Int = 0) throws(Diagnostic) -> YAMLNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw diagnostic(for: error, path: path, lineOffset: lineOffset)
        } catch {
            throw .error("malformed YAML: \(error)", at: SourceLocation(path: path, line: lineOffset + 1))
        }
        guard let root else { return nil }
        var budget = maximumValues
        do {
            return try convert(root, path: path, lineOffset: lineOffset, budget: &budget)
        } catch {
            switch error {
            case .diagnostic(let diagnostic): throw diagnostic
            case .tooLarge(let entry):
                throw .error("YAML expands to more than \(maximumValues) values (through aliases); simplify it",
                             at: entry ?? location(root.mark, path: path, lineOffset: lineOffset))
            }
        }
    }

    enum ConversionError: Error {
        case diagnostic(Diagnostic)
        /// The value budget ran out; the location is the innermost mapping entry whose value went over.
        case tooLarge(SourceLocation?)
    }

    private static func location(_ mark: Mark?, path: String, lineOffset: Int) -> SourceLocation {
        SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    private static func convert(
        _ node: Node, path: String, lineOffset: Int, budget: inout Int
    ) throws(ConversionError) -> YAMLNode {
        let here = location(node.mark, path: path, lineOffset: lineOffset)
        budget -= 1
        if budget < 0 { throw .tooLarge(nil) }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(kind: .scalar(scalar.string, isPlain: scalar.style == .plain), location: here)
        case .alias(let alias):
            throw .diagnostic(.error("unresolved YAML alias '\(alias.anchor.rawValue)'", at: here))
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence {
                items.append(try convert(item, path: path, lineOffset: lineOffset, budget: &budget))
            }
            return YAMLNode(kind: .sequence(items), location: here)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            for (key, value) in mapping {
                let keyLocation = location(key.mark, path: path, lineOffset: lineOffset)
                guard case .scalar(let keyScalar) = key else {
                    throw .diagnostic(.error(
                        "a key must be plain text, not \(key.mapping != nil ? "a mapping" : "a list")", at: keyLocation))
                }
                let converted: YAMLNode
                do {
                    converted = try convert(value, path: path, lineOffset: lineOffset, budget: &budget)
                } catch .tooLarge(nil) {
                    throw .tooLarge(keyLocation)
                }
                entries.append(YAMLEntry(key: keyScalar.string, keyLocation: keyLocation, value: converted))
            }
            return YAMLNode(kind: .mapping(entries), location: here)
        }
    }

    private static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, let yaml):
            if problem == "found unexpected end of stream", let context, context.text.contains("quoted scalar") {
                return .error("malformed YAML: the quoted text that starts here is never closed",
                              at: location(context.mark, path: path, lineOffset: lineOffset))
            }
            if problem.contains("cannot start any token"), character(in: yaml, at: mark) == "\t" {
                return .error("malformed YAML: a tab cannot indent YAML; indent with spaces",
                              at: location(mark, path: path, lineOffset: lineOffset))
            }
            return malformed(problem, context, at: location(mark, path: path, lineOffset: lineOffset))
        case .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            return malformed(problem, context, at: location(mark, path: path, lineOffset: lineOffset))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = location(context.mark, path: path, lineOffset: lineOffset)
            let key = duplicates.first ?? ""
            let second = repeatedKey(key, after: context.mark, in: context.text.isEmpty ? "" : context.text)
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            if let second {
                return .error("duplicate key \(names) (first given on line \(first.line))",
                              at: SourceLocation(path: path, line: second.line + lineOffset, column: second.column))
            }
            return .error("duplicate key \(names)", at: first)
        case .reader(let problem, let offset, _, let yaml):
            let place = offset.map { position(ofByte: $0, in: yaml) } ?? (line: 1, column: 1)
            return .error("unreadable YAML: \(problem)",
                          at: SourceLocation(path: path, line: place.line + lineOffset, column: place.column))
        default:
            return .error("malformed YAML: \(error)", at: SourceLocation(path: path, line: lineOffset + 1))
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
