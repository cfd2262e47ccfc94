/// A string-keyed map that remembers insertion order, so that iterating it in a template gives
/// the same output on every run.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var orderedKeys: [String] = []
    private var values: [TemplateValue] = []
    private var positions: [String: Int] = [:]

    /// Later duplicates replace earlier values in place, keeping the first key's position.
    public init(_ pairs: [(String, TemplateValue)]) {
        for (key, value) in pairs {
            self[key] = value
        }
    }

    public init() {}

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    /// Setting nil removes the key; setting an existing key keeps its position.
    public subscript(key: String) -> TemplateValue? {
        get {
            guard let position = positions[key] else { return nil }
            return values[position]
        }
        set {
            if let position = positions[key] {
                if let newValue {
                    values[position] = newValue
                } else {
                    orderedKeys.remove(at: position)
                    values.remove(at: position)
                    positions[key] = nil
                    for index in position..<orderedKeys.count {
                        positions[orderedKeys[index]] = index
                    }
                }
            } else if let newValue {
                positions[key] = orderedKeys.count
                orderedKeys.append(key)
                values.append(newValue)
            }
        }
    }

    public var keys: [String] { orderedKeys }

    public var pairs: [(key: String, value: TemplateValue)] {
        Array(zip(orderedKeys, values)).map { (key: $0.0, value: $0.1) }
    }

    public var count: Int { orderedKeys.count }

    public var isEmpty: Bool { orderedKeys.isEmpty }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.orderedKeys == rhs.orderedKeys && lhs.values == rhs.values
    }
}
