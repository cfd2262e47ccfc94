extension TemplateObject {
    /// Where each key of a layout with more than `scanLimit` keys is.
    ///
    /// When every key is ASCII (a release's forty are), an open-addressed table keyed by a cheap
    /// hash of the key's bytes: its length and its first and last eight bytes. A `Dictionary`
    /// hashes every byte with a seeded SipHash, and a page looks a key up in an object for each
    /// name it prints: that was 1.6% of a clean build's instructions at 10,000 releases. ASCII
    /// strings are equal exactly when their bytes are; a key that is not ASCII may equal one
    /// that is (`"\u{212A}"`, the Kelvin sign, is `"K"`), so it is looked up by comparing it with
    /// each key, as `String`'s `==` does, and a layout with such a key keeps a `Dictionary`.
    ///
    /// The hash is not seeded, so keys can be written to share it (the same length, first and
    /// last bytes): a `params:` map of thousands of them would probe them all on every lookup.
    /// Past `tableLimit` keys the layout keeps a `Dictionary`, whose hashing is seeded.
    ///
    /// It holds positions only: each lookup is given the keys, the layout's own list.
    struct KeyPositions: Sendable {
        /// The most keys a table holds: more than a release's forty, few enough that keys made
        /// to collide cost a page a few hundred comparisons at most.
        static let tableLimit = 256

        private var storage: Storage

        private enum Storage: Sendable {
            /// Each slot holds 1 + the position of a key, or 0.
            case table([Int32])
            case dictionary([String: Int])
        }

        /// Keys known to differ from each other.
        init(_ keys: [String]) {
            storage = keys.count <= Self.tableLimit && keys.allSatisfy({ Self.asciiHash($0) != nil })
                ? .table(Self.table(of: keys)) : .dictionary(Self.dictionary(of: keys))
        }

        /// Whether the keys are in a table of their own rather than a `Dictionary`.
        var isTable: Bool {
            if case .table = storage { return true }
            return false
        }

        func position(of key: String, in keys: [String]) -> Int? {
            switch storage {
            case .dictionary(let positions):
                return positions[key]
            case .table(let slots):
                guard let hash = Self.asciiHash(key) else { return keys.firstIndex(of: key) }
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = Int(slots[slot])
                    if entry == 0 { return nil }
                    if keys[entry - 1] == key { return entry - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }

        /// Adds the last of `keys`, which was not among the others, at its position: in place, or
        /// into a table twice as large once it is half full.
        mutating func appendLast(of keys: [String]) {
            guard let key = keys.last else { return }
            switch storage {
            case .dictionary(var positions):
                storage = .dictionary([:])
                positions[key] = keys.count - 1
                storage = .dictionary(positions)
            case .table(var slots):
                guard keys.count <= Self.tableLimit, let hash = Self.asciiHash(key) else {
                    storage = .dictionary(Self.dictionary(of: keys))
                    return
                }
                guard 2 * keys.count <= slots.count else {
                    storage = .table(Self.table(of: keys))
                    return
                }
                storage = .table([])
                Self.insert(keys.count - 1, hash: hash, into: &slots)
                storage = .table(slots)
            }
        }

        private static func dictionary(of keys: [String]) -> [String: Int] {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(keys.count)
            for (index, key) in keys.enumerated() { positions[key] = index }
            return positions
        }

        /// A table of at least twice as many slots as keys: a probe stops at an empty slot soon.
        private static func table(of keys: [String]) -> [Int32] {
            var size = 16
            while size < 2 * keys.count { size *= 2 }
            var slots = [Int32](repeating: 0, count: size)
            for (index, key) in keys.enumerated() { insert(index, hash: asciiHash(key) ?? 0, into: &slots) }
            return slots
        }

        private static func insert(_ index: Int, hash: UInt64, into slots: inout [Int32]) {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }

        /// The hash of an ASCII key, from its length and its first and last eight bytes; nil when
        /// a byte is not ASCII.
        static func asciiHash(_ key: String) -> UInt64? {
            var key = key
            return key.withUTF8 { bytes -> UInt64? in
                let count = bytes.count
                guard count > 8 else {
                    var word: UInt64 = 0
                    withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
                    return word & 0x8080_8080_8080_8080 == 0 ? mixed(word, 0, count) : nil
                }
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                let raw = UnsafeRawBufferPointer(bytes)
                return mixed(raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), count)
            }
        }

        private static func mixed(_ first: UInt64, _ last: UInt64, _ count: Int) -> UInt64 {
            let value = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
            return value ^ (value >> 29) ^ (value >> 47)
        }
    }
}
