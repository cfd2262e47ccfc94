/// A value a template can read. Safe-ness travels with the value: `.string` is escaped when it is
/// printed, `.safe` is trusted HTML and printed as is.
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case safe(String)
    case array([TemplateValue])
    case object(TemplateObject)
}

extension TemplateValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's key order; a repeated key replaces the earlier value in place.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements))
    }
}

extension TemplateValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue {
    /// Jinja truthiness: none, false, 0, 0.0, "", [] and {} are false; everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let text), .safe(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let object): !object.isEmpty
        }
    }

    /// The name used for this value's type in error messages.
    var typeName: String {
        switch self {
        case .null: "none"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string, .safe: "string"
        case .array: "list"
        case .object: "object"
        }
    }

    /// The text of a string, safe or not; nil for every other kind.
    var stringText: String? {
        switch self {
        case .string(let text), .safe(let text): text
        default: nil
        }
    }

    var isSafe: Bool {
        if case .safe = self { return true }
        return false
    }

    /// The unescaped text of a scalar (none is empty); nil for lists and objects, which have no
    /// single obvious text form.
    var scalarText: String? {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): value.description
        case .string(let text), .safe(let text): text
        case .array, .object: nil
        }
    }
}
