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

    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
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
            var lanes = (a &+ Self.p1 &+ Self.p2, b &+ Self.p2, a ^ b, b &- Self.p1)
            func round(_ lane: UInt64, _ word: UInt64) -> UInt64 { (lane &+ word &* Self.p2).rotated(31) &* Self.p1 }
            while offset + 32 <= length {
                lanes.0 = round(lanes.0, buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lanes.1 = round(lanes.1, buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                lanes.2 = round(lanes.2, buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                lanes.3 = round(lanes.3, buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            mix(lanes.0)
            mix(lanes.1)
            mix(lanes.2)
            mix(lanes.3)
        }
        while offset + 8 <= length {
            mix(buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < length {
            tail |= UInt64(buffer[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail)
        mix(UInt64(length) &* Self.p3)
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
    func rotated(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
