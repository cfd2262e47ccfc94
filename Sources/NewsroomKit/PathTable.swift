import Templating

/// Values by path, in the order their paths were first given, found through a `PositionIndex`:
/// the owner of each claimed output path (`OutputClaims`), each release's cache key by its
/// source path (`ReleaseInputs`: the link check, the page fingerprints and the published-text
/// memo each look up every release). As `Dictionary`s, the claims' table was 3% of a
/// one-release edit's instructions at 10,000 releases, the releases' keys 3% more.
struct PathTable<Value: Sendable>: Sendable {
    /// Each path once, in the order first given.
    private(set) var paths: [String] = []
    /// Each path's value; nil once set to nil.
    private var values: [Value?] = []
    private var index = PositionIndex()

    init(capacity: Int = 0) {
        paths.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        index = PositionIndex(capacity: capacity)
    }

    /// The pairs in order; where a path is given twice, the first value stays.
    init(_ pairs: some Collection<(String, Value)>) {
        self.init(capacity: pairs.count)
        for (path, value) in pairs { _ = add(value, for: path) }
    }

    /// Adds `value` for `path` unless the path is there already: then where it is, and nothing
    /// is added.
    mutating func add(_ value: Value, for path: String) -> Int? {
        paths.append(path)
        if let existing = index.insert(at: paths.count - 1, of: paths) {
            paths.removeLast()
            return existing
        }
        values.append(value)
        return nil
    }

    /// The value at `place` (as `add` gives it).
    func value(at place: Int) -> Value? { values[place] }

    var isEmpty: Bool { !values.contains { $0 != nil } }

    subscript(path: String) -> Value? {
        get { index.position(of: path, in: paths).flatMap { values[$0] } }
        set {
            if let place = index.position(of: path, in: paths) {
                values[place] = newValue
            } else if let newValue {
                _ = add(newValue, for: path)
            }
        }
    }
}

extension PathTable: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }
}

/// Each release's cache key (`ReleaseCacheKey`) by its source path.
typealias ReleaseInputs = PathTable<Fingerprint>
