import Templating

/// Each release's cache key (`ReleaseCacheKey`) by its source path, found through a `PositionIndex`:
/// the link check, the page fingerprints and the published-text memo each look up every release
/// (as a `Dictionary`, 30,000 lookups and 10,000 inserts were 3% of a one-release edit's
/// instructions at 10,000 releases). Where a path is given twice, the first key stays.
struct ReleaseInputs: Sendable, ExpressibleByDictionaryLiteral {
    private var paths: [String] = []
    private var keys: [Fingerprint?] = []
    private var index = PositionIndex()

    init() {}

    init(_ pairs: some Collection<(String, Fingerprint)>) {
        paths.reserveCapacity(pairs.count)
        keys.reserveCapacity(pairs.count)
        index = PositionIndex(capacity: pairs.count)
        for (path, key) in pairs where self[path] == nil { self[path] = key }
    }

    init(dictionaryLiteral elements: (String, Fingerprint)...) {
        self.init(elements)
    }

    var isEmpty: Bool { !keys.contains { $0 != nil } }

    subscript(path: String) -> Fingerprint? {
        get { index.position(of: path, in: paths).flatMap { keys[$0] } }
        set {
            if let place = index.position(of: path, in: paths) {
                keys[place] = newValue
            } else if let newValue {
                paths.append(path)
                keys.append(newValue)
                _ = index.insert(at: paths.count - 1, of: paths)
            }
        }
    }
}
