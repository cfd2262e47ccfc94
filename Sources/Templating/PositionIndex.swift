import Foundation

/// Where each of a list of strings is, by an equal string: the keys of a template object of more
/// than a dozen (a release's forty, looked up for each name a page prints), the output paths
/// claimed in a build's plan (looked up as each is claimed and by every link that leads to one),
/// the releases' source paths, by which their cache keys are found.
///
/// A `Dictionary` hashes every byte of a key with SipHash, through the standard library's
/// generic hashing: the claims' table alone was 3% of a one-release edit's instructions at
/// 10,000 releases, the objects' keys 1.6% of a clean build's. While every key is ASCII, this is
/// an open-addressed table keyed by a seeded digest of the key's bytes, each slot holding 32
/// bits of the digest beside the position, so that a probe compares strings only when those
/// bits match.
///
/// `String`'s `==` is canonical equivalence, which the table keeps:
/// - ASCII strings are equal exactly when their bytes are.
/// - A string that is not ASCII may equal one that is (`"\u{212A}"`, the Kelvin sign, is `"K"`).
///   It is looked up by its composed form (NFC), which is ASCII exactly when it may equal an
///   ASCII key.
/// - A key that is not ASCII turns the table into a `Dictionary`.
///
/// The digest is seeded per process, as `Hasher` is, so keys cannot simply be written ahead to
/// share it. Should a key still take more than `probeLimit` slots to place, the table turns into a
/// `Dictionary` too: a hostile or unlucky list costs what it cost before, never a probe of every
/// key.
///
/// It holds positions only: each call is given the keys, the caller's own list.
public struct PositionIndex: Sendable {
    /// The most slots a key may take to place before the table gives way to a `Dictionary`.
    public static let probeLimit = 64

    private var storage: Storage
    /// A digest every key is given, so that tests can make keys collide; nil in a build.
    private var fixedDigest: UInt64?

    private enum Storage: Sendable {
        /// Each slot: the digest's top 32 bits, and 1 + the key's position (0: empty).
        /// `longestProbe`: the most slots any key took to place, so a lookup stops there.
        case table(slots: [UInt64], count: Int, longestProbe: Int)
        case dictionary([String: Int])
    }

    /// The per-process seed of the digest: the standard library's own (fixed when
    /// `SWIFT_DETERMINISTIC_HASHING` is set).
    private static let seed: UInt64 = {
        var hasher = Hasher()
        hasher.combine(0x5061_7468_496E_6465 as UInt64)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }()

    /// Room for `capacity` keys before the table grows.
    public init(capacity: Int = 0) {
        storage = .table(slots: Self.emptySlots(for: capacity), count: 0, longestProbe: 0)
    }

    /// An index that gives every ASCII key `digest`: for tests of keys that collide.
    init(capacity: Int = 0, everyDigest digest: UInt64) {
        self.init(capacity: capacity)
        fixedDigest = digest
    }

    /// `keys`, known to differ from each other, each at its place.
    public init(uniqueKeys keys: [String]) {
        self.init(capacity: keys.count)
        for place in keys.indices { _ = insert(at: place, of: keys) }
    }

    /// Whether the keys are in a table of their own rather than a `Dictionary`.
    public var isTable: Bool {
        if case .table = storage { return true }
        return false
    }

    /// The position of the key equal to `key`, or nil.
    public func position(of key: String, in keys: [String]) -> Int? {
        switch storage {
        case .dictionary(let positions):
            return positions[key]
        case .table(let slots, _, let longestProbe):
            if let digest = asciiDigest(key) { return Self.find(key, digest: digest, in: slots, longestProbe: longestProbe, keys: keys) }
            let composed = key.precomposedStringWithCanonicalMapping
            guard let digest = asciiDigest(composed) else { return nil }
            return Self.find(composed, digest: digest, in: slots, longestProbe: longestProbe, keys: keys)
        }
    }

    /// Adds `keys[position]` unless a key equal to it is there already: then that key's
    /// position, and nothing is added.
    public mutating func insert(at position: Int, of keys: [String]) -> Int? {
        let key = keys[position]
        switch storage {
        case .dictionary(var positions):
            storage = .dictionary([:])
            defer { storage = .dictionary(positions) }
            if let existing = positions[key] { return existing }
            positions[key] = position
            return nil
        case .table(var slots, var count, var longestProbe):
            guard let digest = asciiDigest(key), position < Int(UInt32.max) - 1 else {
                storage = .dictionary(dictionary(of: keys))
                return insert(at: position, of: keys)
            }
            if let existing = Self.find(key, digest: digest, in: slots, longestProbe: longestProbe, keys: keys) { return existing }
            storage = .table(slots: [], count: 0, longestProbe: 0)
            if 2 * (count + 1) > slots.count { (slots, longestProbe) = regrown(slots, keys: keys) }
            longestProbe = max(longestProbe, Self.place(position, digest: digest, in: &slots))
            count += 1
            storage = .table(slots: slots, count: count, longestProbe: longestProbe)
            if longestProbe > Self.probeLimit { storage = .dictionary(dictionary(of: keys)) }
            return nil
        }
    }

    // MARK: The table

    private static func emptySlots(for capacity: Int) -> [UInt64] {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        return [UInt64](repeating: 0, count: size)
    }

    private static func find(_ key: String, digest: UInt64, in slots: [UInt64], longestProbe: Int, keys: [String]) -> Int? {
        let mask = slots.count - 1
        let tag = digest >> 32
        var slot = Int(truncatingIfNeeded: digest) & mask
        for _ in 0 ... longestProbe {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let place = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if keys[place] == key { return place }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Puts `position` in the first free slot from its digest's; returns how many slots it tried.
    private static func place(_ position: Int, digest: UInt64, in slots: inout [UInt64]) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: digest) & mask
        var probes = 1
        while slots[slot] != 0 {
            slot = (slot + 1) & mask
            probes += 1
        }
        slots[slot] = (digest >> 32) << 32 | UInt64(position + 1)
        return probes
    }

    /// The slots' positions in a table twice as large, and the most slots one took to place.
    private func regrown(_ slots: [UInt64], keys: [String]) -> (slots: [UInt64], longestProbe: Int) {
        var grown = [UInt64](repeating: 0, count: 2 * slots.count)
        var longestProbe = 0
        for entry in slots where entry != 0 {
            let place = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
            longestProbe = max(longestProbe, Self.place(place, digest: asciiDigest(keys[place]) ?? 0, in: &grown))
        }
        return (grown, longestProbe)
    }

    /// The keys placed so far, by key, as a `Dictionary` takes them over.
    private func dictionary(of keys: [String]) -> [String: Int] {
        guard case .table(let slots, let count, _) = storage else { return [:] }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(count)
        // In the order placed: where two equal keys were placed (none are), the first stays.
        let places = slots.compactMap { $0 == 0 ? nil : Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) - 1 }.sorted()
        for place in places where positions[keys[place]] == nil { positions[keys[place]] = place }
        return positions
    }

    /// The seeded digest of a key's bytes, eight at a time (each word multiplied in and its high
    /// bits folded down); nil when a byte is not ASCII. (The build's 128-bit fingerprint of the
    /// bytes, and asking the standard library's `utf8Span` whether they are ASCII, each cost
    /// more than the whole of this.)
    private func asciiDigest(_ key: String) -> UInt64? {
        let digest = key.utf8.withContiguousStorageIfAvailable { buffer -> UInt64? in
            let bytes = UnsafeRawBufferPointer(buffer)
            let count = bytes.count
            var digest = Self.seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
            var highBits: UInt64 = 0
            var offset = 0
            while offset + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                highBits |= word
                digest = (digest ^ word) &* 0xBF58_476D_1CE4_E5B9
                digest ^= digest >> 31
                offset += 8
            }
            // The last eight bytes again (or all of a shorter key, high bytes zero).
            var tail: UInt64 = 0
            if count >= 8 {
                tail = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: bytes) }
            }
            highBits |= tail
            guard highBits & 0x8080_8080_8080_8080 == 0 else { return nil }
            digest = (digest ^ tail) &* 0x94D0_49BB_1331_11EB
            digest ^= digest >> 29
            digest = digest &* 0xBF58_476D_1CE4_E5B9
            return digest ^ (digest >> 32)
        }
        guard let digest = digest ?? nil else { return nil }
        return fixedDigest ?? digest
    }
}
