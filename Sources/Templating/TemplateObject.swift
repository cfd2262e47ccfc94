import Synchronization

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
    /// The values made only when read (`DeferredValue`), by position; `values` holds `.null` there.
    private var deferred: [Int: DeferredValue] = [:]

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

    /// The key list (and, past `scanLimit` keys, the table of positions) of the objects made with
    /// it, kept from the first and shared by every later one with the same keys: a build makes
    /// one object per release with the same forty keys, and needs them once, not ten thousand times.
    public final class SharedKeys: Sendable {
        private let first = Mutex<(keys: [String], positions: [String: Int]?)?>(nil)

        public init() {}

        fileprivate func keys(matching pairs: [(String, TemplateValue)]) -> (keys: [String], positions: [String: Int]?)? {
            guard let known = first.withLock({ $0 }), known.keys.count == pairs.count else { return nil }
            for index in pairs.indices where known.keys[index] != pairs[index].0 { return nil }
            return known
        }

        fileprivate func offer(_ keys: [String], positions: [String: Int]?) {
            first.withLock { if $0 == nil { $0 = (keys, positions) } }
        }
    }

    private init(keys: [String], positions: [String: Int]?, values: [TemplateValue]) {
        orderedKeys = keys
        self.positions = positions
        self.values = values
    }

    /// The same object as `init(pairs)`, sharing its key list with the others made with `shared`.
    public init(_ pairs: [(String, TemplateValue)], sharing shared: SharedKeys) {
        if let known = shared.keys(matching: pairs) {
            self.init(keys: known.keys, positions: known.positions, values: pairs.map(\.1))
            return
        }
        self.init(pairs)
        if orderedKeys.count == pairs.count { shared.offer(orderedKeys, positions: positions) }
    }

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
            return value(at: position)
        }
        set {
            if let position = position(of: key) {
                if !deferred.isEmpty { forgetDeferred(at: position, removing: newValue == nil) }
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

    /// Sets `key` to a value made each time it is read.
    public mutating func setDeferred(_ key: String, _ value: DeferredValue) {
        self[key] = .null
        if let position = position(of: key) { deferred[position] = value }
    }

    /// The same object with each deferred value made now, once, and kept as a plain value: for
    /// a page that reads one of them more than once (a release page reads its body three times).
    public func settlingDeferred() -> TemplateObject {
        guard !deferred.isEmpty else { return self }
        var settled = self
        for (position, value) in deferred { settled.values[position] = value.value }
        settled.deferred = [:]
        return settled
    }

    private func value(at position: Int) -> TemplateValue {
        if !deferred.isEmpty, case .null = values[position], let made = deferred[position] { return made.value }
        return values[position]
    }

    private mutating func forgetDeferred(at position: Int, removing: Bool) {
        deferred[position] = nil
        guard removing else { return }
        deferred = Dictionary(uniqueKeysWithValues: deferred.map { ($0.key > position ? $0.key - 1 : $0.key, $0.value) })
    }

    private mutating func reindex() {
        var table: [String: Int] = [:]
        table.reserveCapacity(orderedKeys.count)
        for (index, key) in orderedKeys.enumerated() { table[key] = index }
        positions = table
    }

    public var keys: [String] { orderedKeys }

    /// The value at the end of `path[index...]`, each key read from the object the one before
    /// gives; nil when a key is missing or a value on the way is not an object. The objects on
    /// the way are read in place, not copied (`readonly` tells the optimizer that nothing can
    /// change them meanwhile, which it needs to borrow them rather than copy).
    @_effects(readonly)
    func follow(_ path: [String], from index: Int) -> TemplateValue? {
        guard let position = position(of: path[index]) else { return nil }
        if !deferred.isEmpty, case .null = values[position], let made = deferred[position] { return Self.follow(made.value, path, from: index + 1) }
        return values.withUnsafeBufferPointer { Self.follow($0[position], path, from: index + 1) }
    }

    /// `value` when `index` is past the end of `path`, else what `follow` finds in it.
    @_effects(readonly)
    static func follow(_ value: borrowing TemplateValue, _ path: [String], from index: Int) -> TemplateValue? {
        if index == path.count { return copy value }
        switch value {
        case .object(let object): return object.follow(path, from: index)
        default: return nil
        }
    }

    public var pairs: [(key: String, value: TemplateValue)] {
        orderedKeys.indices.map { (key: orderedKeys[$0], value: value(at: $0)) }
    }

    /// Calls `body` with each key and value, in order, without building a list of pairs.
    public func forEachPair(_ body: (String, TemplateValue) throws -> Void) rethrows {
        for index in orderedKeys.indices { try body(orderedKeys[index], value(at: index)) }
    }

    /// As `forEachPair`, with each deferred value given as its stand-in (`.safe(standIn)`), not made.
    public func forEachPairStandingIn(_ body: (String, TemplateValue) throws -> Void) rethrows {
        let hasDeferred = !deferred.isEmpty
        for index in orderedKeys.indices {
            if hasDeferred, case .null = values[index], let value = deferred[index] {
                try body(orderedKeys[index], .safe(value.standIn))
            } else {
                try body(orderedKeys[index], values[index])
            }
        }
    }

    /// As `forEachPairStandingIn`, but a deferred value made with `noted: true` goes to `noted`
    /// (its key and stand-in) instead of `body`.
    public func forEachPairStandingIn(_ body: (String, TemplateValue) throws -> Void,
                                      noted: (String, String) throws -> Void) rethrows {
        let hasDeferred = !deferred.isEmpty
        for index in orderedKeys.indices {
            // A deferred value's place holds `.null`: only there is the table looked in.
            if hasDeferred, case .null = values[index], let value = deferred[index] {
                if value.noted { try noted(orderedKeys[index], value.standIn) } else { try body(orderedKeys[index], .safe(value.standIn)) }
            } else {
                try body(orderedKeys[index], values[index])
            }
        }
    }

    public var count: Int { orderedKeys.count }

    public var isEmpty: Bool { orderedKeys.isEmpty }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        lhs.orderedKeys == rhs.orderedKeys && lhs.values == rhs.values
            && (lhs.deferred.isEmpty && rhs.deferred.isEmpty || lhs.deferred.mapValues(\.standIn) == rhs.deferred.mapValues(\.standIn))
    }
}
