/// A YAML value with the position of every key and value, independent of the YAML library,
/// so that validation can point at `path:line:column` and no library type leaks out.
struct YAMLNode: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `isPlain` is false for quoted and block scalars, whose text is never a null or a bool.
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    var kind: Kind
    var location: SourceLocation

    var isNull: Bool {
        if case .scalar(let text, true) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    var scalarText: String? {
        if case .scalar(let text, _) = kind, !isNull { return text }
        return nil
    }

    var entries: [YAMLEntry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// A short name of the node's type for messages: "a list", "a mapping", "text".
    var typeDescription: String {
        switch kind {
        case .scalar: return isNull ? "empty" : "text"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    subscript(key: String) -> YAMLNode? {
        entries?.first { $0.key == key }?.value
    }
}

struct YAMLEntry: Sendable, Equatable {
    var key: String
    var keyLocation: SourceLocation
    var value: YAMLNode
}
