import Synchronization

/// A string-keyed map that remembers insertion order, so that iterating it in a template gives
/// the same output on every run.
///
/// Most objects a template sees have a handful of keys (a release, a tag, a paginator): those
/// are found by a linear scan, which is faster than hashing; a table of positions is only built
/// for objects with more keys.
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// Two words, so that a `TemplateValue` is three rather than five: a release's value holds
    /// forty of them, and a newsroom of 100,000 releases holds 4 million.
    private var values: [TemplateValue]
    private var layout: Layout

    static let scanLimit = 12

    /// The keys of an object, in order; past `scanLimit` keys, a table of their positions; and the
    /// values made only when read (`DeferredValue`), by position, whose places in `values` hold
    /// `.null`. Never changed once made: objects with the same keys and nothing deferred share one.
    public final class Layout: Sendable {
        let keys: [String]
        let positions: PositionIndex?
        let deferred: DeferredSlots

        /// Keys known to differ from each other.
        public convenience init(uniqueKeys keys: [String]) {
            self.init(keys, positions: keys.count > TemplateObject.scanLimit ? PositionIndex(uniqueKeys: keys) : nil, deferred: DeferredSlots())
        }

        fileprivate init(_ keys: [String], positions: PositionIndex?, deferred: DeferredSlots) {
            self.keys = keys
            self.positions = positions
            self.deferred = deferred
        }

        fileprivate static let empty = Layout([], positions: nil, deferred: DeferredSlots())

        fileprivate func position(of key: String) -> Int? {
            if let positions { return positions.position(of: key, in: keys) }
            return keys.firstIndex(of: key)
        }

        /// The same keys with other deferred values.
        fileprivate func with(deferred: DeferredSlots) -> Layout {
            Layout(keys, positions: positions, deferred: deferred)
        }
    }

    /// Later duplicates replace earlier values in place, keeping the first key's position.
    public init(_ pairs: [(String, TemplateValue)]) {
        var keys: [String] = []
        keys.reserveCapacity(pairs.count)
        values = []
        values.reserveCapacity(pairs.count)
        var table: PositionIndex?
        for (key, value) in pairs {
            let existing = table.map { $0.position(of: key, in: keys) } ?? keys.firstIndex(of: key)
            if let position = existing {
                values[position] = value
                continue
            }
            keys.append(key)
            values.append(value)
            if table != nil {
                _ = table?.insert(at: keys.count - 1, of: keys)
            } else if keys.count > Self.scanLimit {
                table = PositionIndex(uniqueKeys: keys)
            }
        }
        layout = keys.isEmpty ? .empty : Layout(keys, positions: table, deferred: DeferredSlots())
    }

    public init() {
        values = []
        layout = .empty
    }

    /// The layout of the objects made with it, kept from the first and shared by every later
    /// one with the same keys: a build makes one object per release with the same forty keys,
    /// and needs them once, not ten thousand times.
    public final class SharedKeys: Sendable {
        private let first = Mutex<Layout?>(nil)

        public init() {}

        fileprivate func layout(matching pairs: [(String, TemplateValue)]) -> Layout? {
            guard let known = first.withLock({ $0 }), known.keys.count == pairs.count else { return nil }
            for index in pairs.indices where known.keys[index] != pairs[index].0 { return nil }
            return known
        }

        fileprivate func offer(_ layout: Layout) {
            first.withLock { if $0 == nil { $0 = layout } }
        }
    }

    /// The same object as `init(pairs)`, sharing its layout with the others made with `shared`.
    public init(_ pairs: [(String, TemplateValue)], sharing shared: SharedKeys) {
        if let known = shared.layout(matching: pairs) {
            self.init(known, values: pairs.map(\.1))
            return
        }
        self.init(pairs)
        if layout.keys.count == pairs.count { shared.offer(layout) }
    }

    /// An object of `layout`'s keys (nothing deferred), with one value for each.
    public init(_ layout: Layout, values: [TemplateValue]) {
        precondition(layout.keys.count == values.count && layout.deferred.isEmpty)
        self.layout = layout
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    /// Setting nil removes the key; setting an existing key keeps its position.
    public subscript(key: String) -> TemplateValue? {
        get {
            guard let position = layout.position(of: key) else { return nil }
            return value(at: position)
        }
        set {
            if let position = layout.position(of: key) {
                if !layout.deferred.isEmpty { forgetDeferred(at: position, removing: newValue == nil) }
                if let newValue {
                    values[position] = newValue
                } else {
                    var keys = layout.keys
                    keys.remove(at: position)
                    values.remove(at: position)
                    layout = Layout(keys, positions: layout.positions == nil ? nil : PositionIndex(uniqueKeys: keys), deferred: layout.deferred)
                }
            } else if let newValue {
                let keys = layout.keys + [key]
                values.append(newValue)
                var positions = layout.positions
                if positions != nil {
                    _ = positions?.insert(at: keys.count - 1, of: keys)
                } else if keys.count > Self.scanLimit {
                    positions = PositionIndex(uniqueKeys: keys)
                }
                layout = Layout(keys, positions: positions, deferred: layout.deferred)
            }
        }
    }

    /// Sets `key` to a value made each time it is read.
    public mutating func setDeferred(_ key: String, _ value: DeferredValue) {
        self[key] = .null
        if let position = layout.position(of: key) {
            var deferred = layout.deferred
            deferred[position] = value
            layout = layout.with(deferred: deferred)
        }
    }

    /// The same object with each deferred value made now, once, and kept as a plain value: for
    /// a page that reads one of them more than once (a release page reads its body three times).
    public func settlingDeferred() -> TemplateObject {
        guard !layout.deferred.isEmpty else { return self }
        var settled = self
        for (position, value) in layout.deferred.entries { settled.values[position] = value.value }
        settled.layout = layout.with(deferred: DeferredSlots())
        return settled
    }

    private func value(at position: Int) -> TemplateValue {
        if !layout.deferred.isEmpty, case .null = values[position], let made = layout.deferred[position] { return made.value }
        return values[position]
    }

    private mutating func forgetDeferred(at position: Int, removing: Bool) {
        var deferred = layout.deferred
        deferred[position] = nil
        if removing { deferred.closeUp(after: position) }
        layout = layout.with(deferred: deferred)
    }

    public var keys: [String] { layout.keys }

    /// The value at the end of `path[index...]`, each key read from the object the one before
    /// gives; nil when a key is missing or a value on the way is not an object. The objects on
    /// the way are read in place, not copied (`readonly` tells the optimizer that nothing can
    /// change them meanwhile, which it needs to borrow them rather than copy).
    @_effects(readonly)
    func follow(_ path: [String], from index: Int) -> TemplateValue? {
        guard let position = layout.position(of: path[index]) else { return nil }
        if !layout.deferred.isEmpty, case .null = values[position], let made = layout.deferred[position] { return Self.follow(made.value, path, from: index + 1) }
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
        layout.keys.indices.map { (key: layout.keys[$0], value: value(at: $0)) }
    }

    /// Calls `body` with each key and value, in order, without building a list of pairs.
    public func forEachPair(_ body: (String, TemplateValue) throws -> Void) rethrows {
        let keys = layout.keys
        for index in keys.indices { try body(keys[index], value(at: index)) }
    }

    /// As `forEachPair`, with each deferred value given as its stand-in (`.safe(standIn)`), not made.
    public func forEachPairStandingIn(_ body: (String, TemplateValue) throws -> Void) rethrows {
        let (keys, deferred) = (layout.keys, layout.deferred)
        for index in keys.indices {
            if !deferred.isEmpty, case .null = values[index], let value = deferred[index] {
                try body(keys[index], .safe(value.standIn))
            } else {
                try body(keys[index], values[index])
            }
        }
    }

    /// As `forEachPairStandingIn`, but a deferred value made with `noted: true` goes to `noted`
    /// (its key and stand-in) instead of `body`.
    public func forEachPairStandingIn(_ body: (String, TemplateValue) throws -> Void,
                                      noted: (String, String) throws -> Void) rethrows {
        let (keys, deferred) = (layout.keys, layout.deferred)
        for index in keys.indices {
            // A deferred value's place holds `.null`: only there is the table looked in.
            if !deferred.isEmpty, case .null = values[index], let value = deferred[index] {
                if value.noted { try noted(keys[index], value.standIn) } else { try body(keys[index], .safe(value.standIn)) }
            } else {
                try body(keys[index], values[index])
            }
        }
    }

    public var count: Int { layout.keys.count }

    public var isEmpty: Bool { layout.keys.isEmpty }

    public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
        (lhs.layout === rhs.layout || lhs.layout.keys == rhs.layout.keys) && lhs.values == rhs.values
            && (lhs.layout.deferred.isEmpty && rhs.layout.deferred.isEmpty
                || lhs.layout.deferred.standIns == rhs.layout.deferred.standIns)
    }
}

/// The deferred values of an object, by position: a short list (a release's value has one), which
/// costs less than a table of its own for each of 100,000 releases.
struct DeferredSlots: Sendable {
    private(set) var entries: [(position: Int, value: DeferredValue)] = []

    var isEmpty: Bool { entries.isEmpty }

    subscript(position: Int) -> DeferredValue? {
        get { entries.first { $0.position == position }?.value }
        set {
            entries.removeAll { $0.position == position }
            if let newValue { entries.append((position, newValue)) }
        }
    }

    /// After the value at `position` was removed, the later ones move up a place.
    mutating func closeUp(after position: Int) {
        entries = entries.map { ($0.position > position ? $0.position - 1 : $0.position, $0.value) }
    }

    /// Each position's stand-in, for comparing two objects.
    var standIns: [Int: String] {
        Dictionary(entries.map { ($0.position, $0.value.standIn) }, uniquingKeysWith: { first, _ in first })
    }
}
