/// Each published release's related releases: those that share a tag with it (the category
/// counts as a tag), most shared tags first, then newest first, at most `limit`. Planned from the
/// published releases only, so a held release is never among them.
enum RelatedReleases {
    static let limit = 3

    /// Two ways to the same answer. `counting` walks every release of each of a release's tags:
    /// work that grows with the site times a tag's size, which at 100,000 releases and 40 tags is
    /// billions of steps. `pairs` walks only the releases that share two tags with it (from one
    /// list per pair of tags), then fills up from the tags' newest releases.
    enum Method: CaseIterable { case counting, pairs }

    /// The digest of what `plan(count:lists:)` works from: two builds with the same one have the
    /// same related releases (`PlanMemo.related`).
    static func inputs(count: Int, lists: [[Int]]) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine("newsroom related releases 1")
        hasher.combine(limit)
        hasher.combine(count)
        hasher.combine(lists.count)
        for list in lists { hasher.combine(list) }
        return hasher.finalize()
    }

    /// - Parameters:
    ///   - count: how many published releases there are, sorted as the plan sorts them (newest
    ///     first, then by slug and path, so an index also orders two releases of one date by URL).
    ///   - lists: each tag group's releases, by index in that order.
    ///   - threads: how many threads share the work (0: every core); the result is the same.
    ///   - method: nil picks the one with less work for these lists.
    /// - Returns: for each release, the indices of its related releases, best first.
    static func plan(count: Int, lists: [[Int]], threads: Int = 0, method: Method? = nil) -> [[Int]] {
        var groupsOfEach = Array(repeating: [Int](), count: count)
        for (group, list) in lists.enumerated() {
            for index in list { groupsOfEach[index].append(group) }
        }
        let countingWork = lists.reduce(0) { $0 + $1.count * $1.count }
        let pairEntries = groupsOfEach.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
        var pairs: [Int: [Int]] = [:]
        if method == .pairs || (method == nil && pairEntries < countingWork) {
            for (index, groups) in groupsOfEach.enumerated() where groups.count > 1 {
                for (position, first) in groups.enumerated() {
                    for second in groups[(position + 1)...] { pairs[first * lists.count + second, default: []].append(index) }
                }
            }
        }
        let usePairs = method == .pairs
            || (method == nil && pairEntries < countingWork && pairs.values.reduce(0) { $0 + $1.count * $1.count } < countingWork)
        // Shared out in runs of releases, one scratch per run.
        let groupsOfRelease = groupsOfEach
        let pairLists = pairs
        return ParallelMap.runs(of: count, run: 1024, threads: threads) { range in
            var scratch = Scratch(count: count)
            return range.map { index -> [Int] in
                let groups = groupsOfRelease[index]
                if usePairs, groups.count > 1 {
                    return best(for: index, groups: groups, lists: lists, pairs: pairLists, scratch: &scratch)
                }
                return best(for: index, lists: groups.map { lists[$0] }, scratch: &scratch)
            }
        }.flatMap { $0 }
    }

    /// How many of the lists hold each release, counted in place and cleared after each use.
    struct Scratch {
        var shared: [Int32]
        var touched: [Int] = []
        init(count: Int) { shared = Array(repeating: 0, count: count) }
    }

    /// The best releases so far, best first: most shared tags, then lower index (newer).
    struct Kept {
        var items: [(index: Int, shared: Int32)] = []

        mutating func offer(_ other: Int, shared: Int32) {
            if items.count == limit, let weakest = items.last,
               shared < weakest.shared || (shared == weakest.shared && other > weakest.index) { return }
            let place = items.firstIndex { shared > $0.shared || (shared == $0.shared && other < $0.index) } ?? items.count
            items.insert((other, shared), at: place)
            if items.count > limit { items.removeLast() }
        }
    }

    /// The best of the releases in `lists` (sorted index lists, one per tag of release `index`),
    /// other than `index` itself: one pass over the lists counts each release's shared tags, a
    /// second keeps the best by (shared tags, then index, which is newest first).
    static func best(for index: Int, lists: [[Int]]) -> [Int] {
        var scratch = Scratch(count: (lists.lazy.compactMap(\.last).max() ?? index) + 1)
        return best(for: index, lists: lists, scratch: &scratch)
    }

    static func best(for index: Int, lists: [[Int]], scratch: inout Scratch) -> [Int] {
        if lists.count == 1 {
            // One tag: every other release shares one, and the list is newest first already.
            return Array(lists[0].lazy.filter { $0 != index }.prefix(limit))
        }
        scratch.touched.removeAll(keepingCapacity: true)
        for list in lists {
            for other in list {
                if scratch.shared[other] == 0 { scratch.touched.append(other) }
                scratch.shared[other] += 1
            }
        }
        var kept = Kept()
        for other in scratch.touched where other != index { kept.offer(other, shared: scratch.shared[other]) }
        for other in scratch.touched { scratch.shared[other] = 0 }
        return kept.items.map(\.index)
    }

    /// The same answer from the pair lists. A release sharing `c` tags with `index` is in
    /// c·(c−1)/2 of the lists of its tags' pairs, a number that grows with `c`: counted over those
    /// lists, the releases sharing two tags or more come out in the right order. Should fewer than
    /// `limit` share two, the rest share one: the newest of each tag's list not already kept.
    static func best(for index: Int, groups: [Int], lists: [[Int]], pairs: [Int: [Int]], scratch: inout Scratch) -> [Int] {
        var pairLists: [[Int]] = []
        for (position, first) in groups.enumerated() {
            for second in groups[(position + 1)...] {
                if let list = pairs[first * lists.count + second] { pairLists.append(list) }
            }
        }
        let kept = pairLists.isEmpty ? [] : best(for: index, lists: pairLists, scratch: &scratch)
        let missing = limit - kept.count
        guard missing > 0 else { return kept }
        // Each release sharing two tags is kept by now, so a tag's list holds no release of another's.
        let taken = Set(kept + [index])
        let newest = groups.flatMap { lists[$0].lazy.filter { !taken.contains($0) }.prefix(missing) }.sorted()
        return kept + newest.prefix(missing)
    }
}
