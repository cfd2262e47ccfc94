/// Splits a content file into its YAML front matter and its Markdown body.
/// Pure: takes text, returns values; the caller reads the file.
enum FrontMatterParser {
    struct Split: Sendable, Equatable {
        /// The YAML between the `---` lines.
        var yaml: String
        /// Lines of the file before the YAML (the opening `---`).
        var yamlLineOffset: Int
        var body: String
        /// The 1-based line of the file on which the body starts.
        var bodyFirstLine: Int
    }

    /// - Parameter text: decoded text (see `TextDecoding`), LF line endings.
    static func split(_ text: String, path: String) throws(Diagnostic) -> Split {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, isFence(first) else {
            throw .error("missing front matter: the file must start with a '---' line", at: SourceLocation(path: path))
        }
        guard let close = lines.indices.dropFirst().first(where: { isFence(lines[$0]) || isDocumentEnd(lines[$0]) }) else {
            throw .error("front matter is not closed: add a '---' line after it", at: SourceLocation(path: path))
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let bodyLines = lines[(close + 1)...]
        var body = bodyLines.joined(separator: "\n")
        if !body.isEmpty { body += "\n" }
        return Split(yaml: yaml, yamlLineOffset: 1, body: body, bodyFirstLine: close + 2)
    }

    /// Splits the file and reads its front matter, which must be a mapping.
    /// - Parameter example: keys to name in the message when the front matter is not a mapping.
    /// - Returns: the mapping (nil when it cannot be used) and every problem of the YAML.
    static func parse(
        _ text: String, path: String, example: String
    ) throws(Diagnostic) -> (split: Split, fields: YAMLNode?, diagnostics: Diagnostics) {
        let split = try split(text, path: path)
        var document = YAMLReader.parse(split.yaml, path: path, lineOffset: split.yamlLineOffset)
        guard let root = document.root, root.entries != nil else {
            if !document.diagnostics.hasErrors || document.root != nil {
                document.diagnostics.error("front matter must be a mapping of keys such as \(example)",
                                           at: document.root?.location ?? SourceLocation(path: path, line: 2))
            }
            return (split, nil, document.diagnostics)
        }
        return (split, root, document.diagnostics)
    }

    private static func isFence(_ line: Substring) -> Bool {
        line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }

    private static func isDocumentEnd(_ line: Substring) -> Bool {
        line.hasPrefix("...") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
