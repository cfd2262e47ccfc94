import Templating

/// Values by path, in the order their paths were first given, found through a `PositionIndex`:
/// the owner of each claimed output path (`OutputClaims`), each release's cache key by its
/// source path (`ReleaseInputs`: the link check, the page fingerprints and the published-text
/// memo each look up every release), the output manifest's files and folders
/// (`OutputManifest`), the build cache's file digests (`ContentCache`); and, by a name rather
/// than a path, the tag groups (`TagGroup.group`). As `Dictionary`s, the claims' table was 3%
/// of a one-release edit's instructions at 10,000 releases, the releases' keys 3% more, the
/// manifest's tables 4%, the digests and tags 1%.
///
/// A path set to nil keeps its place, so the places of the others stay where they were, and a
/// value set for it again goes back there.
struct PathTable<Value: Sendable>: Sendable {
    /// Each path once, in the order first given.
    private(set) var paths: [String] = []
    /// Each path's value; nil once set to nil.
    private var values: [Value?] = []
    private var index = PositionIndex()
    /// How many paths have a value.
    private(set) var count = 0
    /// Whether the paths, in their places, strictly increase (`String`'s `<`): followed only
    /// in a table made to follow it (`followingOrder`), and false in any other.
    private(set) var isSorted = false

    init(capacity: Int = 0) {
        self.init(capacity: capacity, followingOrder: false)
    }

    /// - Parameter followingOrder: keep `isSorted`, at the cost of comparing each new path with
    ///   the last one.
    init(capacity: Int, followingOrder: Bool) {
        paths.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        index = PositionIndex(capacity: capacity)
        isSorted = followingOrder
    }

    /// The pairs in order; where a path is given twice, the first value stays.
    init(_ pairs: some Collection<(String, Value)>, followingOrder: Bool = false) {
        self.init(capacity: pairs.count, followingOrder: followingOrder)
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
        if isSorted, paths.count > 1 { isSorted = paths[paths.count - 2] < path }
        values.append(value)
        count += 1
        return nil
    }

    /// Room for `capacity` paths.
    mutating func reserveCapacity(_ capacity: Int) {
        guard paths.isEmpty else {
            paths.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
            return
        }
        self = PathTable(capacity: capacity, followingOrder: isSorted)
    }

    /// The place of `path`, with a value or set to nil.
    func place(of path: String) -> Int? { index.position(of: path, in: paths) }

    /// The value at `place` (as `add` gives it).
    func value(at place: Int) -> Value? { values[place] }

    /// The value of `path`, taken from `place` when the path is there (a hint: a table made in
    /// the same order as the last one finds each path at its place), else looked up.
    func value(of path: String, at place: Int) -> Value? {
        if place >= 0, place < paths.count, paths[place] == path { return values[place] }
        return self[path]
    }

    /// Sets the value at `place`; nil forgets it, and the path keeps its place.
    mutating func setValue(_ value: Value?, at place: Int) {
        count += (value == nil ? 0 : 1) - (values[place] == nil ? 0 : 1)
        values[place] = value
    }

    var isEmpty: Bool { count == 0 }

    /// The places that hold a value, in order.
    var places: [Int] { values.indices.filter { values[$0] != nil } }

    /// The places that hold a value, in the order of their paths.
    var placesInPathOrder: [Int] { isSorted ? places : places.sorted { paths[$0] < paths[$1] } }

    /// The path and value at `place`, one of `places`.
    func pair(at place: Int) -> (path: String, value: Value) {
        guard let value = values[place] else { preconditionFailure("no value at place \(place)") }
        return (paths[place], value)
    }

    /// The paths that have a value, in order.
    var keys: [String] { places.map { paths[$0] } }

    /// The places of the paths with a value that start with `prefix` (a folder's path and "/"): they sort
    /// next to one another in a sorted table, found from the first not below it; else every
    /// place is looked at.
    func places(under prefix: String) -> [Int] {
        guard isSorted else { return paths.indices.filter { values[$0] != nil && paths[$0].hasPrefix(prefix) } }
        var (low, high) = (0, paths.count)
        while low < high {
            let middle = (low + high) / 2
            if paths[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < paths.count, paths[end].hasPrefix(prefix) { end += 1 }
        return (low ..< end).filter { values[$0] != nil }
    }

    /// The same values in a table sorted by path (`isSorted`), without the paths set to nil.
    func inPathOrder() -> PathTable {
        if isSorted, count == paths.count { return self }
        let sorted = placesInPathOrder
        var table = PathTable(capacity: sorted.count, followingOrder: true)
        for place in sorted {
            let (path, value) = pair(at: place)
            _ = table.add(value, for: path)
        }
        return table
    }

    /// Gives the table's lists storage of their own, so that changing a value does not copy
    /// them first: for a copy made ahead, on a core that is idle (`OutputManifest.TablesAhead`).
    mutating func makeOwn() {
        paths.reserveCapacity(paths.count)
        values.reserveCapacity(values.count)
    }

    subscript(path: String) -> Value? {
        get { place(of: path).flatMap { values[$0] } }
        set {
            if let place = place(of: path) {
                setValue(newValue, at: place)
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

/// Equal when the same paths have the same values, whatever their order.
extension PathTable: Equatable where Value: Equatable {
    static func == (lhs: PathTable, rhs: PathTable) -> Bool {
        lhs.count == rhs.count && lhs.places.allSatisfy { rhs[lhs.paths[$0]] == lhs.values[$0] }
    }
}

/// Each release's cache key (`ReleaseCacheKey`) by its source path.
typealias ReleaseInputs = PathTable<Fingerprint>
