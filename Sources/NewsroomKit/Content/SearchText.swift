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
        // Words are told apart by a 64-bit hash of their bytes, so that only the words kept
        // become Strings: a collision, rarer than one in billions, would only leave a word out.
        var seen = Set<UInt64>()
        seen.reserveCapacity(4 * limit)
        for text in known { forEachWord(in: text) { seen.insert(hash($0)); return true } }
        var kept: [String] = []
        forEachWord(in: body) { word in
            if seen.insert(hash(word)).inserted { kept.append(String(decoding: word, as: UTF8.self)) }
            return kept.count < limit
        }
        return kept.sorted().joined(separator: " ")
    }

    /// FNV-1a.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }

    /// Calls `visit` with the UTF-8 of each word of `text`, lowercased, until it returns false.
    /// ASCII is read and lowercased byte by byte; only a word holding other letters goes
    /// through `lowercased()`.
    static func forEachWord(in text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            var word: [UInt8] = []
            word.reserveCapacity(64)
            var isASCII = true
            func finish() -> Bool {
                defer { word.removeAll(keepingCapacity: true); isASCII = true }
                if isASCII { return word.count < 2 || word.withUnsafeBufferPointer(visit) }
                var lower = String(decoding: word, as: UTF8.self).lowercased()
                return lower.withUTF8(visit)
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var length = 1
                let isWord: Bool
                if byte < 0x80 {
                    isWord = (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20)
                } else {
                    // The String's bytes are valid UTF-8: the lead byte gives the length.
                    length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for offset in 1 ..< length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                    isWord = Unicode.Scalar(value).map(isWordScalar) ?? false
                }
                if isWord {
                    if byte < 0x80 {
                        word.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    } else {
                        word.append(contentsOf: bytes[index ..< index + length])
                        isASCII = false
                    }
                } else if !word.isEmpty, !finish() {
                    return
                }
                index += length
            }
            if !word.isEmpty { _ = finish() }
        }
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
