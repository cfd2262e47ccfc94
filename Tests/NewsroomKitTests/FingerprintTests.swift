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

    /// The digests themselves, pinned: a cache written by one build is read by the next, on
    /// another machine too (CI restores it), so a change to how bytes are mixed (a tail read
    /// as one word instead of a byte at a time, say) must give the very same digests.
    @Test func theDigestsAreTheOnesPinnedHere() {
        let pinned: [(length: Int, digest: String)] = [
            (0, "a03c9cf14fb9b5005b698d510d21e80a"), (1, "9355b2d8dea9e1a980b85f2ac6f52f19"),
            (5, "ddfdce39e09152574aae0b9c05b426fb"), (7, "80b9aedda1264f0574248c725fdc524f"),
            (8, "214972672aae7b145722f83170de003c"), (9, "43a0029adfafc61d43f9373de87649a5"),
            (15, "ed7204ab0ad2b8168d992035acae9de5"), (31, "7373cc1aa1028734159c5cf0a9b05211"),
            (32, "ee2a330c200f693bc68e6a4723d74c8a"), (33, "7d75946d3a81c061eb8f0e5fd9026a0b"),
            (40, "7fd906d05c08b0f5525a8b699a8093e0"), (100, "a00dfeb597e812cefc1d3273beb3de77"),
        ]
        for (length, digest) in pinned {
            let bytes = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Fingerprint.of(Data(bytes)).description == digest, "\(length) bytes")
        }
        var hasher = FingerprintHasher()
        hasher.combine("release")
        hasher.combine(42)
        hasher.combine("Zürich “quoted”")
        #expect(hasher.finalize().description == "c932f4e162af6c0b9b148b0ae4bc89b8")
    }
}
