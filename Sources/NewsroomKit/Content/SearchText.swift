import Markdown

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
        var seen = WordHashes()
        for text in known { forEachWord(in: text) { _ = seen.insert(hash($0)); return true } }
        var kept: [String] = []
        forEachWord(in: body) { word in
            if seen.insert(hash(word)) { kept.append(String(decoding: word, as: UTF8.self)) }
            return kept.count < limit
        }
        kept = sorted(kept)
        // Joined into a string of exactly its size.
        let size = kept.reduce(max(kept.count - 1, 0)) { $0 + $1.utf8.count }
        return String(repairingUTF8Capacity: size) { buffer in
            var offset = 0
            for var word in kept {
                if offset > 0 {
                    buffer[offset] = UInt8(ascii: " ")
                    offset += 1
                }
                offset = word.withUTF8 { utf8 in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset ..< offset + utf8.count]).initialize(from: utf8)
                    return offset + utf8.count
                }
            }
            return offset
        }
    }

    /// `words` in `String`'s order. When every word is ASCII (most lists are), each is sorted
    /// as one number: its first seven bytes, which order ASCII words as their bytes do and as
    /// `String` does, and its place in the last byte (at most `wordLimit` words); words that
    /// share those seven bytes are then put in order by `String`'s comparison. A list with
    /// another word is sorted by `String`'s comparison alone.
    private static func sorted(_ words: [String]) -> [String] {
        guard words.count <= 256 else { return words.sorted() }
        var keys: [UInt64] = []
        keys.reserveCapacity(words.count)
        for index in words.indices {
            var word = words[index]
            let key = word.withUTF8 { utf8 -> UInt64? in
                guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                var key: UInt64 = 0
                for place in 0 ..< 7 { key = key << 8 | UInt64(place < utf8.count ? utf8[place] : 0) }
                return key << 8 | UInt64(index)
            }
            guard let key else { return words.sorted() }
            keys.append(key)
        }
        keys.sort()
        var order = keys.map { Int($0 & 0xFF) }
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count, keys[end] >> 8 == keys[start] >> 8 { end += 1 }
            if end - start > 1 { order[start ..< end].sort { words[$0] < words[$1] } }
            start = end
        }
        return order.map { words[$0] }
    }

    /// A word of at most eight bytes (most are) packed into the 64 bits, multiplied by an odd
    /// number, so two of them never collide; FNV-1a for a longer one.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if bytes.count <= 8 {
            var packed: UInt64 = 0
            for (index, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(index)) }
            return packed &* 0x9E37_79B9_7F4A_7C15
        }
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }

    /// Calls `visit` with the UTF-8 of each word of `text`, lowercased, until it returns false.
    /// ASCII is read and lowercased byte by byte into one scratch buffer; only a word holding
    /// other letters goes through `lowercased()`.
    static func forEachWord(in text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            guard let source = bytes.baseAddress else { return }
            let count = bytes.count
            // An ASCII word is at most as long as the text; a word holding other letters is
            // kept as it is written until it is lowercased as a String.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { scratch in asciiWordBytes.withUnsafeBufferPointer { table in
                guard let word = scratch.baseAddress else { return }
                var length = 0
                var isASCII = true
                func finish() -> Bool {
                    defer { length = 0; isASCII = true }
                    if isASCII { return length < 2 || visit(UnsafeBufferPointer(start: word, count: length)) }
                    var lower = String(decoding: UnsafeBufferPointer(start: word, count: length), as: UTF8.self).lowercased()
                    return lower.withUTF8(visit)
                }
                var index = 0
                while index < count {
                    let byte = source[index]
                    if byte < 0x80 {
                        let lowered = table[Int(byte)]
                        if lowered != 0 {
                            word[length] = lowered
                            length += 1
                        } else if length > 0, !finish() {
                            return
                        }
                        index += 1
                        continue
                    }
                    // The String's bytes are valid UTF-8: the lead byte gives the length.
                    let scalarLength = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (scalarLength == 2 ? 0x1F : scalarLength == 3 ? 0x0F : 0x07)
                    for offset in 1 ..< scalarLength { value = value << 6 | UInt32(source[index + offset] & 0x3F) }
                    // The dashes, quotes and dots smart punctuation writes (U+2010–U+2027) are no letters.
                    let isPunctuation = value >= 0x2010 && value <= 0x2027
                    if !isPunctuation, Unicode.Scalar(value).map(isWordScalar) ?? false {
                        for offset in 0 ..< scalarLength { word[length + offset] = source[index + offset] }
                        length += scalarLength
                        isASCII = false
                    } else if length > 0, !finish() {
                        return
                    }
                    index += scalarLength
                }
                if length > 0 { _ = finish() }
            } }
        }
    }

    /// Each ASCII byte lowercased when it is a letter or a digit, 0 when it ends a word: one
    /// load a byte instead of three comparisons.
    private static let asciiWordBytes: [UInt8] = (0 ..< 128).map { (byte: UInt8) -> UInt8 in
        switch byte {
        case 0x30 ... 0x39, 0x61 ... 0x7A: byte
        case 0x41 ... 0x5A: byte | 0x20
        default: 0
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

/// The hashes of the words seen so far: a small open-addressed table, which costs less per
/// word than a `Set`'s seeded hashing of a value that is a hash already.
private struct WordHashes {
    private var slots = [UInt64](repeating: 0, count: 512)
    private var count = 0
    /// Whether the hash 0, which marks an empty slot, has been seen.
    private var hasZero = false

    /// Adds `hash`; true when it was not there yet.
    mutating func insert(_ hash: UInt64) -> Bool {
        if hash == 0 {
            defer { hasZero = true }
            return !hasZero
        }
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let slot = slots[index]
            if slot == hash { return false }
            if slot == 0 {
                slots[index] = hash
                count += 1
                return true
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for hash in old where hash != 0 { _ = insert(hash) }
    }
}
