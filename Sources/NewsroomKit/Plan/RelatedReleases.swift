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
    static func plan(_ releases: [Release], tags: [TagGroup]) -> [[Int]] {
        var groupsOfRelease = Array(repeating: [Int](), count: releases.count)
        for (group, tag) in tags.enumerated() {
            for index in tag.releases { groupsOfRelease[index].append(group) }
        }
        return releases.indices.map { index in
            best(for: index, lists: groupsOfRelease[index].map { tags[$0].releases })
        }
    }

    /// Walks the release's tag lists together, in index order (a merge of sorted lists), counting
    /// for each other release how many of the lists hold it. It stops as soon as no release still
    /// ahead could displace the ones kept: later ones lose ties, and can share no more tags than
    /// there are lists not yet walked to their end.
    static func best(for index: Int, lists: [[Int]]) -> [Int] {
        var positions = Array(repeating: 0, count: lists.count)
        var kept: [(index: Int, shared: Int)] = []
        while true {
            var next = Int.max
            var open = 0
            for (list, position) in zip(lists, positions) where position < list.count {
                open += 1
                next = min(next, list[position])
            }
            guard open > 0 else { break }
            if kept.count == limit, let weakest = kept.last, weakest.shared >= open { break }
            var shared = 0
            for list in lists.indices where positions[list] < lists[list].count && lists[list][positions[list]] == next {
                shared += 1
                positions[list] += 1
            }
            guard next != index else { continue }
            // Kept best first; a newcomer comes after every one it ties with.
            let place = kept.firstIndex { $0.shared < shared } ?? kept.count
            if place < limit {
                kept.insert((next, shared), at: place)
                if kept.count > limit { kept.removeLast() }
            }
        }
        return kept.map(\.index)
    }
}
