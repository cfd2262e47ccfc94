import Foundation

/// A 128-bit digest of a build's inputs or outputs, stable across processes and machines, so
/// that it can be stored in the build cache and compared by the next build.
///
/// Not cryptographic: it guards against accidents (a changed byte, a reordered list), not against
/// someone who can already write the site's content.
struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    var high: UInt64
    var low: UInt64

    static let zero = Fingerprint(high: 0, low: 0)

    var description: String { String(format: "%016llx%016llx", high, low) }

    /// The fingerprint of a byte buffer.
    static func of(_ bytes: some DataProtocol) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    /// The same fingerprint, of bytes where they are (a release's text in a `BodyStore` is vouched
    /// for by this digest of it).
    static func of(raw bytes: UnsafeRawBufferPointer) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(raw: bytes)
        return hasher.finalize()
    }
}

/// Builds a `Fingerprint` from a sequence of values. Every value is length-delimited, so
/// `("ab", "c")` and `("a", "bc")` differ.
struct FingerprintHasher: Sendable {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var count: UInt64 = 0

    fileprivate static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    fileprivate static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9

    private mutating func mix(_ word: UInt64) {
        a = ((a ^ word) &* Self.p1).rotated(31) &+ b
        b = ((b ^ word.rotated(27)) &* Self.p2).rotated(29) ^ a
        count &+= 1
    }

    mutating func combine(_ value: UInt64) { mix(value) }
    mutating func combine(_ value: Int) { mix(UInt64(bitPattern: Int64(value))) }
    mutating func combine(_ value: Bool) { mix(value ? 1 : 2) }
    mutating func combine(_ value: Fingerprint) {
        mix(value.high)
        mix(value.low)
    }

    mutating func combine(_ string: String) {
        // In place, without a copy of the string to make it contiguous (it always is, here).
        if string.utf8.withContiguousStorageIfAvailable({ combine(raw: UnsafeRawBufferPointer($0)) }) != nil { return }
        var string = string
        string.withUTF8 { combine(raw: UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(_ string: String?) {
        if let string { combine(true); combine(string) } else { combine(false) }
    }

    mutating func combine(bytes: some DataProtocol) {
        if let data = bytes as? Data {
            data.withUnsafeBytes { combine(raw: $0) }
        } else {
            let copy = [UInt8](bytes)
            copy.withUnsafeBytes { combine(raw: $0) }
        }
    }

    /// The bytes in four independent lanes of eight bytes while 32 remain (the lanes' multiplies
    /// overlap, where one chain would wait on each), then eight at a time, then the tail and the length.
    mutating func combine(raw buffer: UnsafeRawBufferPointer) {
        let length = buffer.count
        var offset = 0
        if length >= 32 {
            var lanes = startLanes()
            while offset + 32 <= length {
                lanes.take(buffer, at: offset)
                offset += 32
            }
            mix(lanes)
        }
        finish(rest: UnsafeRawBufferPointer(rebasing: buffer[offset...]), length: length)
    }

    /// The four lanes that take a long buffer 32 bytes at a time.
    struct Lanes: Sendable {
        private var lanes: (UInt64, UInt64, UInt64, UInt64)

        fileprivate init(_ a: UInt64, _ b: UInt64) {
            lanes = (a &+ FingerprintHasher.p1 &+ FingerprintHasher.p2, b &+ FingerprintHasher.p2, a ^ b, b &- FingerprintHasher.p1)
        }

        fileprivate var words: (UInt64, UInt64, UInt64, UInt64) { lanes }

        /// The 32 bytes of `buffer` at `offset`, one word to each lane.
        @inline(__always)
        fileprivate mutating func take(_ buffer: UnsafeRawBufferPointer, at offset: Int) {
            func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
                (lane &+ word &* FingerprintHasher.p2).rotated(31) &* FingerprintHasher.p1
            }
            lanes.0 = round(lanes.0, buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lanes.1 = round(lanes.1, buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            lanes.2 = round(lanes.2, buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            lanes.3 = round(lanes.3, buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        }
    }

    private func startLanes() -> Lanes { Lanes(a, b) }

    private mutating func mix(_ lanes: Lanes) {
        let words = lanes.words
        mix(words.0)
        mix(words.1)
        mix(words.2)
        mix(words.3)
    }

    /// What follows the 32-byte blocks of a buffer of `length` bytes: its last few bytes
    /// (fewer than 32) eight at a time, then their tail, then the length.
    private mutating func finish(rest buffer: UnsafeRawBufferPointer, length: Int) {
        var offset = 0
        while offset + 8 <= buffer.count {
            mix(buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        // The last bytes (fewer than eight) as one little-endian word, its high bytes zero: in
        // one copy, not a byte at a time (most of what is hashed is short strings).
        var tail: UInt64 = 0
        withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
        mix(UInt64(littleEndian: tail))
        mix(UInt64(length) &* Self.p3)
    }

    /// `combine(raw:)` of one buffer that comes in parts (a page written as it renders): the
    /// same digest, however the buffer is cut.
    struct Parts: Sendable {
        private var hasher: FingerprintHasher
        private var lanes: Lanes
        /// The bytes after the last whole block taken, fewer than 32.
        private var rest: [UInt8] = []
        private(set) var length = 0

        init(_ hasher: FingerprintHasher = FingerprintHasher()) {
            self.hasher = hasher
            lanes = hasher.startLanes()
            rest.reserveCapacity(32)
        }

        mutating func append(_ buffer: UnsafeRawBufferPointer) {
            length += buffer.count
            var offset = 0
            if !rest.isEmpty {
                offset = min(32 - rest.count, buffer.count)
                rest.append(contentsOf: buffer[..<offset])
                guard rest.count == 32 else { return }
                rest.withUnsafeBytes { lanes.take($0, at: 0) }
                rest.removeAll(keepingCapacity: true)
            }
            while offset + 32 <= buffer.count {
                lanes.take(buffer, at: offset)
                offset += 32
            }
            rest.append(contentsOf: buffer[offset...])
        }

        func finalize() -> Fingerprint {
            var hasher = hasher
            if length >= 32 { hasher.mix(lanes) }
            rest.withUnsafeBytes { hasher.finish(rest: $0, length: length) }
            return hasher.finalize()
        }
    }

    func finalize() -> Fingerprint {
        Fingerprint(high: Self.avalanche(a ^ count.rotated(17)), low: Self.avalanche(b &+ a &+ count))
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

private extension UInt64 {
    /// Inlined: called on its own, it was 0.6% of a clean build's instructions.
    @inline(__always)
    func rotated(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
