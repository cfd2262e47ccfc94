/// Finds a likely intended name for a misspelt one ("relase" → "release").
enum NameSuggestion {
    /// The closest candidate within a small edit distance (1 for names under six characters, 2
    /// otherwise), ties broken alphabetically; nil when nothing is close or the name is very short.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name)
        guard target.count >= 3 else { return nil }
        let limit = target.count < 6 ? 1 : 2
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(target, Array(candidate))
            guard distance <= limit else { continue }
            if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
            best = (distance, candidate)
        }
        return best?.name
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previousPrevious[j - 2] + 1)
                }
            }
            previousPrevious = previous
            previous = row
        }
        return previous[b.count]
    }
}
