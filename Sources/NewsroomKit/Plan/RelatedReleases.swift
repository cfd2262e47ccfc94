/// Each published release's related releases: those that share a tag with it (the category
/// counts as a tag), most shared tags first, then newest first, at most `limit`. Planned from the
/// published releases only, so a held release is never among them.
enum RelatedReleases {
    static let limit = 3

    /// - Parameters:
    ///   - releases: the published releases, sorted as the plan sorts them (newest first, then by
    ///     slug and path, so an index also orders two releases of one date by URL).
    ///   - tags: their tag groups, each listing its releases by index in that order.
    /// - Returns: for each release, the indices of its related releases, best first.
    ///   - threads: how many threads share the work (0: every core); the result is the same.
    static func plan(_ releases: [Release], tags: [TagGroup], threads: Int = 0) -> [[Int]] {
        var groupsOfEach = Array(repeating: [Int](), count: releases.count)
        for (group, tag) in tags.enumerated() {
            for index in tag.releases { groupsOfEach[index].append(group) }
        }
        // Counting touches every release of each of a release's tags, so the work grows with the
        // site times a tag's size: it is shared out in runs of releases, one scratch per run.
        let run = 1024
        let starts = Array(stride(from: 0, to: releases.count, by: run))
        let groupsOfRelease = groupsOfEach
        return ParallelMap.map(starts, threads: threads) { start in
            var scratch = Scratch(count: releases.count)
            return (start ..< min(start + run, releases.count)).map { index -> [Int] in
                best(for: index, lists: groupsOfRelease[index].map { tags[$0].releases }, scratch: &scratch)
            }
        }.flatMap { $0 }
    }

    /// How many of the lists hold each release, counted in place and cleared after each use.
    struct Scratch {
        var shared: [Int32]
        var touched: [Int] = []
        init(count: Int) { shared = Array(repeating: 0, count: count) }
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
        // Kept best first; ties go to the lower index.
        var kept: [(index: Int, shared: Int32)] = []
        for other in scratch.touched where other != index {
            let shared = scratch.shared[other]
            if kept.count == limit, let weakest = kept.last,
               shared < weakest.shared || (shared == weakest.shared && other > weakest.index) { continue }
            let place = kept.firstIndex { shared > $0.shared || (shared == $0.shared && other < $0.index) } ?? kept.count
            kept.insert((other, shared), at: place)
            if kept.count > limit { kept.removeLast() }
        }
        for other in scratch.touched { scratch.shared[other] = 0 }
        return kept.map(\.index)
    }
}
