import Yams

/// A YAML text, read: its root and every problem found in it.
struct YAMLDocument: Sendable, Equatable {
    /// Nil for an empty document, and when the text could not be read at all (then `diagnostics` has errors).
    var root: YAMLNode?
    var diagnostics: Diagnostics
    /// Whether `YAMLQuickReader` read it, not the library.
    var readQuickly = false
}

/// Parses YAML text into a `YAMLNode`, turning every library error into a diagnostic, and
/// checking what every key and value of every file may hold (no `ControlCharacters`), so no
/// field reader has to.
enum YAMLReader {
    /// Aliases can make a tiny file expand into billions of values; no newsroom needs more than this.
    static let maximumValues = 50_000

    /// - Parameters:
    ///   - lineOffset: lines before `text` in its file, so positions are file positions.
    ///   - nestingLimit: the deepest nesting read (see `YAMLNesting`); the library stops at about 1000 itself.
    static func parse(
        _ text: String, path: String, lineOffset: Int = 0, nestingLimit: Int = YAMLNesting.maximumDepth
    ) -> YAMLDocument {
        // Only at the usual limit: the quick reader leaves texts with many brackets to the
        // library at that limit (`hasLexicalTraps`), not at a lower one.
        if nestingLimit >= YAMLNesting.maximumDepth, let root = YAMLQuickReader.read(text, path: path, lineOffset: lineOffset) {
            return YAMLDocument(root: root, diagnostics: Diagnostics(), readQuickly: true)
        }
        return parseWithLibrary(text, path: path, lineOffset: lineOffset, nestingLimit: nestingLimit)
    }

    /// `parse` by the YAML library alone, whatever the text's shape.
    static func parseWithLibrary(
        _ text: String, path: String, lineOffset: Int = 0, nestingLimit: Int = YAMLNesting.maximumDepth
    ) -> YAMLDocument {
        if let deep = YAMLNesting.firstTooDeep(text, limit: nestingLimit) {
            return failure(.error(YAMLNesting.message,
                                  at: SourceLocation(path: path, line: deep.line + lineOffset, column: deep.column)))
        }
        if let place = YAMLAliasKeys.firstExpansionBeyond(maximumValues, in: text) {
            return failure(.error("YAML expands to more than \(maximumValues) values (through aliases); simplify it",
                                  at: SourceLocation(path: path, line: place.line + lineOffset, column: place.column)))
        }
        if let key = YAMLAliasKeys.firstAliasKey(text) {
            return failure(.error(YAMLAliasKeys.message,
                                  at: SourceLocation(path: path, line: key.line + lineOffset, column: key.column)))
        }
        let root: Node?
        do {
            // Scalars stay text (the reader decides what is a date, a number or null), and the
            // encoding is named, so Yams neither resolves tags nor reads the environment per file.
            root = try Yams.compose(yaml: text, .basic, constructor, .utf8)
        } catch let error as YamlError {
            return YAMLDocument(root: nil, diagnostics: Diagnostics(
                diagnostics(for: error, path: path, lineOffset: lineOffset)))
        } catch {
            return failure(.error("malformed YAML: \(error)", at: SourceLocation(path: path, line: lineOffset + 1)))
        }
        guard let root else { return YAMLDocument(root: nil, diagnostics: Diagnostics()) }
        var conversion = Conversion(path: path, lineOffset: lineOffset)
        do {
            let node = try conversion.convert(root, owner: nil)
            return YAMLDocument(root: node, diagnostics: conversion.diagnostics)
        } catch {
            switch error {
            case .diagnostic(let diagnostic): return failure(diagnostic)
            case .tooLarge(let entry):
                return failure(.error(
                    "YAML expands to more than \(maximumValues) values (through aliases); simplify it",
                    at: entry ?? location(root.mark, path: path, lineOffset: lineOffset)))
            }
        }
    }

    /// One constructor for every file: `Constructor.default` builds its tables anew on each use,
    /// and composing only stores it in the nodes' tags. Never changed after it is made.
    nonisolated(unsafe) private static let constructor = Constructor.default

    private static func failure(_ diagnostic: Diagnostic) -> YAMLDocument {
        YAMLDocument(root: nil, diagnostics: Diagnostics([diagnostic]))
    }

    static func location(_ mark: Mark?, path: String, lineOffset: Int) -> SourceLocation {
        SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    // MARK: - Conversion

    enum ConversionError: Error {
        case diagnostic(Diagnostic)
        /// The value budget ran out; the location is the innermost mapping entry whose value went over.
        case tooLarge(SourceLocation?)
    }

    /// One walk over a composed document, collecting the problems that do not stop it.
    private struct Conversion {
        let path: String
        let lineOffset: Int
        var budget = YAMLReader.maximumValues
        var diagnostics = Diagnostics()

        init(path: String, lineOffset: Int) {
            self.path = path
            self.lineOffset = lineOffset
        }

        /// - Parameter owner: the key whose value this is (or holds it, for list items), for messages.
        mutating func convert(_ node: Node, owner: String?) throws(ConversionError) -> YAMLNode {
            let here = YAMLReader.location(node.mark, path: path, lineOffset: lineOffset)
            budget -= 1
            if budget < 0 { throw .tooLarge(nil) }
            switch node {
            case .scalar(let scalar):
                var text = scalar.string
                if let control = ControlCharacters.first(in: text) {
                    let holder = owner.map { "'\($0)'" } ?? "the text"
                    diagnostics.error("\(holder) holds the control character \(ControlCharacters.name(control)); remove it",
                                      at: here)
                    // The file fails to build; later messages that quote the text must not print the character.
                    text = ControlCharacters.replaced(in: text)
                }
                return YAMLNode(kind: .scalar(text, isPlain: scalar.style == .plain), location: here)
            case .alias(let alias):
                throw .diagnostic(.error("unresolved YAML alias '\(alias.anchor.rawValue)'", at: here))
            case .sequence(let sequence):
                var items: [YAMLNode] = []
                for item in sequence {
                    items.append(try convert(item, owner: owner))
                }
                return YAMLNode(kind: .sequence(items), location: here)
            case .mapping(let mapping):
                var entries: [YAMLEntry] = []
                for (key, value) in mapping {
                    let keyLocation = YAMLReader.location(key.mark, path: path, lineOffset: lineOffset)
                    guard case .scalar(let keyScalar) = key else {
                        throw .diagnostic(.error(
                            "a key must be plain text, not \(key.mapping != nil ? "a mapping" : "a list")",
                            at: keyLocation))
                    }
                    var keyName: String? = keyScalar.string
                    if let control = ControlCharacters.first(in: keyScalar.string) {
                        diagnostics.error("a key holds the control character \(ControlCharacters.name(control)); remove it",
                                          at: keyLocation)
                        keyName = nil
                    }
                    let converted: YAMLNode
                    do {
                        converted = try convert(value, owner: keyName)
                    } catch .tooLarge(nil) {
                        throw .tooLarge(keyLocation)
                    }
                    entries.append(YAMLEntry(key: ControlCharacters.replaced(in: keyScalar.string),
                                             keyLocation: keyLocation, value: converted))
                }
                return YAMLNode(kind: .mapping(entries), location: here)
            }
        }
    }
}
