import Foundation
import Templating

/// Reads typed fields out of one YAML mapping, recording a diagnostic at the value's
/// position for every wrong type, and remembering which keys were read.
struct YAMLFields {
    let mapping: YAMLNode
    private(set) var diagnostics = Diagnostics()
    /// Whether a reader asked for each entry of the mapping, by its place (the reader refuses a
    /// mapping that gives a key twice): cheaper than a set of the keys, which hashes each one.
    private var readEntries: [Bool]

    init(_ mapping: YAMLNode) {
        self.mapping = mapping
        readEntries = Array(repeating: false, count: mapping.entries?.count ?? 0)
    }

    /// The value of `key`, which counts as read.
    private mutating func read(_ key: String) -> YAMLNode? {
        guard let entries = mapping.entries, let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        readEntries[index] = true
        return entries[index].value
    }

    /// The entries no reader asked for.
    private var unreadEntries: [YAMLEntry] {
        (mapping.entries ?? []).enumerated().compactMap { readEntries[$0.offset] ? nil : $0.element }
    }

    func has(_ key: String) -> Bool { mapping[key].map { !$0.isNull } ?? false }

    func node(_ key: String) -> YAMLNode? { mapping[key] }

    func keyLocation(_ key: String) -> SourceLocation {
        mapping.entries?.first { $0.key == key }?.keyLocation ?? mapping.location
    }

    func valueLocation(_ key: String) -> SourceLocation { mapping[key]?.location ?? mapping.location }

    /// The trimmed text of a key; nil when the key is absent or its value empty.
    /// - Parameters:
    ///   - required: an absent or empty value is an error.
    ///   - ifEmpty: advice for a key that is given but left empty, which is then an error
    ///     (for keys whose absence has a meaning that an empty value must not take silently).
    mutating func string(_ key: String, required: Bool = false, ifEmpty advice: String? = nil) -> String? {
        let found = read(key)
        var emptyMessage: String { "'\(key)' must not be empty" + (advice.map { "; \($0)" } ?? "") }
        let emptyIsError = required || advice != nil
        guard let node = found else {
            if required { diagnostics.error("missing required key '\(key)'", at: mapping.location) }
            return nil
        }
        if node.isNull {
            if emptyIsError { diagnostics.error(emptyMessage, at: keyLocation(key)) }
            return nil
        }
        guard let text = node.scalarText else {
            diagnostics.error("'\(key)' must be text, not \(node.typeDescription)", at: node.location)
            return nil
        }
        let trimmed = Self.trimmed(text, newlines: true)
        if trimmed.isEmpty {
            if emptyIsError { diagnostics.error(emptyMessage, at: node.location) }
            return nil
        }
        return trimmed
    }

    /// A list of text values; a single text value counts as a list of one.
    /// - Parameters:
    ///   - item: what one value names ("tag"); when given, a single unquoted text holding commas
    ///     (`tags: Drought, Weather`, which YAML reads as one text) is a warning that suggests a list.
    ///   - commaAllowed: one value may hold a comma (a tag may; an id may not), so quoting it keeps it.
    mutating func strings(
        _ key: String, item: String? = nil, commaAllowed: Bool = false
    ) -> [(value: String, location: SourceLocation)] {
        guard let node = read(key), !node.isNull else { return [] }
        if let text = node.scalarText {
            let value = Self.trimmed(text, newlines: false)
            if let item, case .scalar(_, true) = node.kind, value.contains(",") {
                let list = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: ", ")
                let quoting = commaAllowed ? " (or put the text in quotes to keep one \(item) with a comma)" : ""
                diagnostics.warning(
                    "'\(key)' is one text with commas, so it makes one \(item) '\(value)'; for several, write a list: "
                        + "\(key): [\(list)]\(quoting)",
                    at: node.location)
            }
            return [(value, node.location)]
        }
        guard let items = node.items else {
            diagnostics.error("'\(key)' must be a list, not \(node.typeDescription)", at: node.location)
            return []
        }
        var values: [(String, SourceLocation)] = []
        for item in items {
            guard let text = item.scalarText, !Self.trimmed(text, newlines: false).isEmpty else {
                diagnostics.error("each item of '\(key)' must be text, not \(item.typeDescription)", at: item.location)
                continue
            }
            values.append((Self.trimmed(text, newlines: false), item.location))
        }
        return values
    }

    /// `text` without white space (and line breaks, with `newlines`) at either end, as
    /// Foundation's `trimmingCharacters(in:)` makes it; without Foundation when both ends are
    /// ASCII and not white space, as in most values.
    static func trimmed(_ text: String, newlines: Bool) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte) }
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80, !isSpace(first), !isSpace(last) {
            return text
        }
        return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }

    /// True or false; a key given without a value is an error, not false.
    mutating func bool(_ key: String) -> Bool? {
        guard let node = read(key) else { return nil }
        if node.isNull {
            diagnostics.error("'\(key)' must be true or false, not empty", at: keyLocation(key))
            return nil
        }
        if case .scalar(let text, true) = node.kind {
            switch text {
            case "true", "True", "TRUE", "yes", "Yes": return true
            case "false", "False", "FALSE", "no", "No": return false
            default: break
            }
        }
        diagnostics.error("'\(key)' must be true or false", at: node.location)
        return nil
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = read(key), !node.isNull else { return nil }
        guard case .scalar(let text, true) = node.kind, let value = Int(text), range.contains(value) else {
            diagnostics.error(
                "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node.location)
            return nil
        }
        return value
    }

    /// Marks a key as handled by the caller, which reads the node itself.
    mutating func take(_ key: String) -> YAMLNode? {
        guard let node = read(key), !node.isNull else { return nil }
        return node
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// `params:`, free-form values for templates: an empty mapping when absent, an error when it is
    /// not a mapping.
    mutating func params() -> TemplateObject {
        guard let node = take("params") else { return TemplateObject([]) }
        guard case .object(let object) = node.templateValue else {
            diagnostics.error(
                "'params' must be a mapping of names of your own to values, such as params: {doi: 10.5555/x}, not \(node.typeDescription)",
                at: node.location)
            return TemplateObject([])
        }
        return object
    }

    /// For settings, whose names are fixed: an error for each entry no reader asked for, with a
    /// suggestion when the key looks like a typo (`time_zone`) and the place for values of one's own.
    func unknownSettings(known: [String], context: String) -> Diagnostics {
        var diagnostics = Diagnostics()
        for entry in unreadEntries {
            let advice = "put values of your own under 'params:' at the top of newsroom.yml"
            let hint = Suggestion.hint(for: entry.key, in: known)
            let message = hint.isEmpty
                ? "unknown key '\(entry.key)' in \(context); settings have fixed names: \(advice)"
                : "unknown key '\(entry.key)' in \(context)\(hint) Settings have fixed names: \(advice)"
            diagnostics.error(message, at: entry.keyLocation)
        }
        return diagnostics
    }

    /// The entries no reader asked for, each with a warning (and a suggestion when the key looks like a typo).
    ///
    /// An unknown key that looks like one of `holdKeys` (see `Suggestion.holdKey`) is an error
    /// instead, even without `--strict`: read as a plain parameter, it would let `item` (a release,
    /// a page) be published at once.
    mutating func unknownEntries(
        known: [String], context: String, holdKeys: [String] = [], item: String = "file"
    ) -> [YAMLEntry] {
        let unknown = unreadEntries
        for entry in unknown {
            if let hold = Suggestion.holdKey(for: entry.key, among: holdKeys) {
                diagnostics.error(
                    "unknown key '\(entry.key)' in \(context); did you mean '\(hold)'? This is an error because a "
                        + "misspelled hold key would publish the \(item) at once (put custom keys under 'params:')",
                    at: entry.keyLocation)
            } else {
                diagnostics.warning(
                    "unknown key '\(entry.key)' in \(context)\(Suggestion.hint(for: entry.key, in: known))",
                    at: entry.keyLocation)
            }
        }
        return unknown
    }
}

extension YAMLNode {
    /// The value as template data: plain scalars that read as booleans or numbers become them.
    var templateValue: TemplateValue {
        switch kind {
        case .scalar(let text, let isPlain):
            guard isPlain else { return .string(text) }
            if isNull { return .null }
            if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
            if let integer = Int(text) { return .int(integer) }
            if text.contains("."), let double = Double(text), double.isFinite { return .double(double) }
            return .string(text)
        case .sequence(let items):
            return .array(items.map(\.templateValue))
        case .mapping(let entries):
            return .object(TemplateObject(entries.map { ($0.key, $0.value.templateValue) }))
        }
    }
}
