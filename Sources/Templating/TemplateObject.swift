/// A string-keyed map that remembers insertion order, so that iterating it in a template gives
/// the same output on every run.
///
/// Most objects a template sees have a handful of keys (a release, a tag, a paginator): those
/// are found by a linear scan, which is faster than hashing; a table of positions is only built
/// for objects with more keys.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var orderedKeys: [String] = []
    private var values: [TemplateValue] = []
    private var positions: [String: Int]?

    static let scanLimit = 12

    /// Later duplicates replace earlier values in place, keeping the first key's position.
    public init(_ pairs: [(String, TemplateValue)]) {
        orderedKeys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    public init() {}

    /// An object whose keys are known to differ from each other; the key list is shared, not copied.
    init(uniqueKeys keys: [String], values: [TemplateValue]) {
        precondition(keys.count == values.count && keys.count <= Self.scanLimit)
        orderedKeys = keys
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return orderedKeys.firstIndex(of: key)
    }

    /// Setting nil removes the key; setting an existing key keeps its position.
    public subscript(key: String) -> TemplateValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return values[position]
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    values[position] = newValue
                } else {
                    orderedKeys.remove(at: position)
                    values.remove(at: position)
                    if positions != nil { reindex() }
                }
            } else if let newValue {
                orderedKeys.append(key)
                values.append(newValue)
                if positions != nil {
                    positions?[key] = orderedKeys.count - 1
                } else if orderedKeys.count > Self.scanLimit {
                    reindex()
                }
            }
        }
    }

    private mutating func reindex() {
        var table: [String: Int] = [:]
        table.reserveCapacity(orderedKeys.count)
        for (index, key) in orderedKeys.enumerated() { table[key] = index }
        positions = table
    }

    public var keys: [String] { orderedKeys }

    public var pairs: [(key: String, value: TemplateValue)] {
        Array(zip(orderedKeys, values)).map { (key: $0.0, value: $0.1) }
    }

    /// Calls `body` with each key and value, in order, without building a list of pairs.
    public func forEachPair(_ body: (String, TemplateValue) throws -> Void) rethrows {
        for index in orderedKeys.indices { try body(orderedKeys[index], values[index]) }
    }

    public var count: Int { orderedKeys.count }

    public var isEmpty: Bool { orderedKeys.isEmpty }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.orderedKeys == rhs.orderedKeys && lhs.values == rhs.values
    }
}
