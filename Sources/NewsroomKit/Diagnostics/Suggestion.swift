/// "Did you mean" suggestions for misspelled keys, contact ids and names.
enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (distance: Int, candidate: String)?
        for candidate in candidates.sorted() {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (distance, candidate)
            }
        }
        return best?.candidate
    }

    /// `"; did you mean 'x'?"`, or nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The hold key (`draft`, `date`, `embargo`) an unknown key most likely stands for, if any: one
    /// that contains `draft` or `embargo` (`embargo_until`, `is_draft`), or a case or spelling variant
    /// (`Draft`, `embargoed`, `embrago`: at most 1 edit from `date` and `draft`, 2 from `embargo`).
    static func holdKey(for key: String, among holdKeys: [String]) -> String? {
        let lower = key.lowercased()
        if let contained = holdKeys.first(where: { ["draft", "embargo"].contains($0) && lower.contains($0) }) {
            return contained
        }
        let near = holdKeys.map { (key: $0, distance: editDistance(lower, $0)) }
            .filter { $0.distance <= ($0.key.count >= 7 ? 2 : 1) }
        return near.min { ($0.distance, $0.key) < ($1.distance, $1.key) }?.key
    }

    /// Edits (insert, delete, replace, or swap two neighbours) that turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var rows = [Array(0...b.count)] + Array(repeating: [Int](repeating: 0, count: b.count + 1), count: a.count)
        for i in 1...a.count {
            rows[i][0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
                }
            }
        }
        return rows[a.count][b.count]
    }
}
