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
        return try convert(root, path: path, lineOffset: lineOffset, budget: &budget)
    }

    private static func location(_ mark: Mark?, path: String, lineOffset: Int) -> SourceLocation {
        SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    private static func convert(
        _ node: Node, path: String, lineOffset: Int, budget: inout Int
    ) throws(Diagnostic) -> YAMLNode {
        let here = location(node.mark, path: path, lineOffset: lineOffset)
        budget -= 1
        if budget < 0 {
            throw .error(
                "YAML expands to more than \(maximumValues) values (through aliases); simplify it",
                at: here)
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(kind: .scalar(scalar.string, isPlain: scalar.style == .plain), location: here)
        case .alias(let alias):
            throw .error("unresolved YAML alias '\(alias.anchor.rawValue)'", at: here)
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
                    throw .error("a key must be plain text, not \(key.mapping != nil ? "a mapping" : "a list")",
                                 at: keyLocation)
                }
                entries.append(YAMLEntry(
                    key: keyScalar.string, keyLocation: keyLocation,
                    value: try convert(value, path: path, lineOffset: lineOffset, budget: &budget)))
            }
            return YAMLNode(kind: .mapping(entries), location: here)
        }
    }

    private static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .error("malformed YAML: \(detail)", at: location(mark, path: path, lineOffset: lineOffset))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(names)", at: location(context.mark, path: path, lineOffset: lineOffset))
        case .reader(let problem, _, _, _):
            return .error("unreadable YAML: \(problem)", at: SourceLocation(path: path, line: lineOffset + 1))
        default:
            return .error("malformed YAML: \(error)", at: SourceLocation(path: path, line: lineOffset + 1))
        }
    }
}
