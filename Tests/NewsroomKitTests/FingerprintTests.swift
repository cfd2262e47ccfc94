import Foundation
@testable import NewsroomKit
import Testing

/// A fingerprint stands for bytes in the cache and the output manifest: any one changed byte, and
/// any two words swapped, must give another fingerprint, wherever they fall (in the four lanes of
/// a long buffer, in its eight-byte rest, in its tail).
@Suite struct FingerprintTests {
    static let lengths = [0, 1, 7, 8, 31, 32, 33, 64, 100, 1000]

    static func bytes(_ count: Int) -> [UInt8] { (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    @Test(arguments: lengths) func everyChangedByteChangesTheFingerprint(length: Int) {
        let original = Self.bytes(length)
        var seen: Set<Fingerprint> = [Fingerprint.of(Data(original))]
        for position in 0 ..< length {
            var changed = original
            changed[position] ^= 0x01
            #expect(seen.insert(Fingerprint.of(Data(changed))).inserted, "byte \(position) of \(length)")
        }
    }

    @Test func swappedWordsAndLengthsDiffer() {
        let original = Self.bytes(64)
        var swapped = original
        // The first words of lane one and lane two, and two words of one lane.
        swapped.replaceSubrange(0 ..< 8, with: original[8 ..< 16])
        swapped.replaceSubrange(8 ..< 16, with: original[0 ..< 8])
        var sameLane = original
        sameLane.replaceSubrange(0 ..< 8, with: original[32 ..< 40])
        sameLane.replaceSubrange(32 ..< 40, with: original[0 ..< 8])
        let prints = [original, swapped, sameLane, original + [0], Array(original.dropLast())].map { Fingerprint.of(Data($0)) }
        #expect(Set(prints).count == prints.count)
        // Length-delimited: ("ab", "c") is not ("a", "bc"), also past 32 bytes.
        var split1 = FingerprintHasher(), split2 = FingerprintHasher()
        split1.combine(String(repeating: "a", count: 40)); split1.combine("b")
        split2.combine(String(repeating: "a", count: 39)); split2.combine("ab")
        #expect(split1.finalize() != split2.finalize())
    }

    /// A page written as it renders is digested in the parts it comes in: the digest must be the
    /// one of its bytes whole, however they are cut (across blocks of 32, within one, empty parts).
    @Test(arguments: lengths + [65, 95, 96, 97, 4099]) func partsGiveTheWholeDigest(length: Int) {
        let bytes = Self.bytes(length)
        let whole = Fingerprint.of(Data(bytes))
        for cut in [1, 3, 8, 31, 32, 33, 40, 1000] {
            var parts = FingerprintHasher.Parts()
            var offset = 0
            var turn = 0
            while offset < length {
                // Parts of varying size around `cut`, with an empty one now and then.
                let size = min(length - offset, turn % 5 == 4 ? 0 : cut + turn % 3)
                bytes[offset ..< offset + size].withUnsafeBytes { parts.append($0) }
                offset += size
                turn += 1
            }
            #expect(parts.length == length)
            #expect(parts.finalize() == whole, "length \(length), parts of about \(cut)")
        }
        if length == 0 {
            // No part at all, and one empty part.
            #expect(FingerprintHasher.Parts().finalize() == whole)
            var empty = FingerprintHasher.Parts()
            Data().withUnsafeBytes { empty.append($0) }
            #expect(empty.finalize() == whole)
        }
    }
}
