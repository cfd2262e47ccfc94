/// The words of a release body that the search index carries beside its title, tags and
/// summary: enough for the search page to find a release by what its text is about, small
/// enough that the index of a large newsroom stays a reasonable download.
enum SearchText {
    /// At most this many words of a body go into the index.
    static let wordLimit = 80

    /// The distinct words of `body`, lowercased, in the order they first appear, leaving out
    /// those that `known` (the title, tags and summary, which the index holds anyway) has and
    /// one-letter ASCII words; the first `limit` of them, sorted and joined by spaces. Sorted,
    /// the list reads as no sentence of the body, and compresses well.
    ///
    /// A word is a run of letters, marks and digits. The search page folds case and accents
    /// itself; lowercasing here only saves room.
    static func words(of body: String, besides known: [String], limit: Int = wordLimit) -> String {
        var seen = Set<String>()
        for text in known { forEachWord(in: text) { seen.insert($0); return true } }
        var kept: [String] = []
        forEachWord(in: body) { word in
            if seen.insert(word).inserted { kept.append(word) }
            return kept.count < limit
        }
        return kept.sorted().joined(separator: " ")
    }

    /// Calls `visit` with each word of `text`, lowercased, until it returns false.
    static func forEachWord(in text: String, _ visit: (String) -> Bool) {
        var current = String.UnicodeScalarView()
        var isASCII = true
        func finish() -> Bool {
            defer { current = String.UnicodeScalarView(); isASCII = true }
            if isASCII && current.count < 2 { return true }
            return visit(String(current).lowercased())
        }
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
                if !scalar.isASCII { isASCII = false }
            } else if !current.isEmpty, !finish() {
                return
            }
        }
        if !current.isEmpty { _ = finish() }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
