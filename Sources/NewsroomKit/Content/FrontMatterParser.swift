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
    ///
    /// Reads lines as UTF-8 bytes up to the closing fence only; the body is the rest of the
    /// text as it is (ending in one line break when it has text).
    static func split(_ text: String, path: String) throws(Diagnostic) -> Split {
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var line = 0
        var yamlStart: String.Index?
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let content = bytes[lineStart..<lineEnd]
            line += 1
            if line == 1 {
                guard isFence(content) else { break }
                yamlStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
            } else if let start = yamlStart, isFence(content) || isDocumentEnd(content) {
                let yamlEnd = lineStart == start ? start : bytes.index(before: lineStart)
                let yaml = String(text[start..<yamlEnd])
                let bodyStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
                var body = String(text[bodyStart...])
                if body == "\n" { body = "" } else if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
                return Split(yaml: yaml, yamlLineOffset: 1, body: body, bodyFirstLine: line + 1)
            }
            lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
        }
        if yamlStart == nil {
            throw .error("missing front matter: the file must start with a '---' line", at: SourceLocation(path: path))
        }
        throw .error("front matter is not closed: add a '---' line after it", at: SourceLocation(path: path))
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

    private static func isFence(_ line: Substring.UTF8View) -> Bool {
        isMarker(line, UInt8(ascii: "-"))
    }

    private static func isDocumentEnd(_ line: Substring.UTF8View) -> Bool {
        isMarker(line, UInt8(ascii: "."))
    }

    /// Three `mark` bytes, then only spaces and tabs.
    private static func isMarker(_ line: Substring.UTF8View, _ mark: UInt8) -> Bool {
        line.count >= 3 && line.prefix(3).allSatisfy { $0 == mark } && line.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
