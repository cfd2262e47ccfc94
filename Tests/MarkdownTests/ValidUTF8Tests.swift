import Markdown
import Testing

/// `String(validUTF8:)`: the same answer as the standard library's `String(validating:as:)`
/// on valid and broken UTF-8, including text that holds U+FFFD itself (what decoding puts
/// in place of a bad sequence).
@Suite struct ValidUTF8Tests {
    static let cases: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        ("ASCII", Array("releases/2026/index.html".utf8)),
        ("accents and an emoji", Array("Société générale 📰 Zürich".utf8)),
        ("U+FFFD written in the text", Array("a\u{FFFD}b".utf8)),
        ("a byte that is never UTF-8", [0x61, 0xFF, 0x62]),
        ("a sequence cut short", [0x61, 0xE2, 0x82]),
        ("a continuation byte alone", [0x80]),
        ("an overlong slash", [0xC0, 0xAF]),
        ("a surrogate", [0xED, 0xA0, 0x80]),
        ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("a NUL", [0x61, 0x00, 0x62]),
    ]

    @Test(arguments: cases.indices)
    func agreesWithTheStandardLibrary(_ index: Int) {
        let (name, bytes) = Self.cases[index]
        let expected = String(validating: bytes, as: UTF8.self)
        let found = bytes.withUnsafeBufferPointer(String.init(validUTF8:))
        #expect(found == expected, "\(name)")
    }

    /// Every sequence of one, two and three bytes, alone and between ASCII letters (which the
    /// check skips eight at a time): the same answer as the standard library's.
    @Test func agreesOnEverySequenceOfUpToThreeBytes() {
        var disagreements = Disagreements()
        func check(_ bytes: [UInt8]) { disagreements.compare(bytes) }
        for first in 0 ... 255 {
            check([UInt8(first)])
            for second in 0 ... 255 {
                check([UInt8(first), UInt8(second)])
                // A third byte matters only after a lead byte of three or four.
                guard first >= 0xE0 else { continue }
                for third in 0 ... 255 {
                    let three = [UInt8(first), UInt8(second), UInt8(third)]
                    check(three)
                    if second == 0x80 || second == 0xBF { check(Array("abcdefghi".utf8) + three + Array("jklmnopq".utf8)) }
                }
            }
        }
        disagreements.expectNone()
    }

    /// Four-byte sequences, whose lead and second bytes set the range, with every lead, every
    /// second byte and the ends of the later bytes' range; and random text of ASCII runs and
    /// other characters with a byte changed, cut or inserted, at every offset of the eight-byte steps.
    @Test func agreesOnFourByteSequencesAndRandomText() {
        var disagreements = Disagreements()
        func check(_ bytes: [UInt8]) { disagreements.compare(bytes) }
        for lead in 0xF0 ... 0xFF {
            for second in 0 ... 255 {
                for third: UInt8 in [0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF] {
                    for fourth: UInt8 in [0x41, 0x80, 0xBF, 0xC0] {
                        check([UInt8(lead), UInt8(second), third, fourth])
                        check([UInt8(lead), UInt8(second), third])
                    }
                }
            }
        }
        // xorshift64: the same text on every run.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let pieces = ["a", "release ", "“", "”", "é", "—", "日本", "📰", "\u{FFFD}", "\n"].map { Array($0.utf8) }
        for _ in 0 ..< 20_000 {
            var bytes: [UInt8] = []
            for _ in 0 ..< Int(next() % 12) { bytes += pieces[Int(next() % UInt64(pieces.count))] }
            check(bytes)
            guard !bytes.isEmpty else { continue }
            let place = Int(next() % UInt64(bytes.count))
            var changed = bytes
            changed[place] = UInt8(truncatingIfNeeded: next())
            check(changed)
            check(Array(bytes[..<place]))
            var inserted = bytes
            inserted.insert(UInt8(truncatingIfNeeded: next()) | 0x80, at: place)
            check(inserted)
        }
        disagreements.expectNone()
    }

    /// Text is told ASCII (which its string is then told) exactly when every byte is below 0x80:
    /// a string wrongly told so would compare and hash its bytes as if they were.
    @Test func onlyAllASCIITextIsToldASCII() {
        for first in 0 ... 255 {
            for second in 0 ... 255 {
                let bytes = [UInt8(ascii: "a"), UInt8(first), UInt8(second)] + Array("bcdefghij".utf8)
                let kind = bytes.withUnsafeBufferPointer(UTF8Check.kind)
                let expected: UTF8Check.Kind = first < 0x80 && second < 0x80 ? .ascii
                    : String(validating: bytes, as: UTF8.self) == nil ? .invalid : .valid
                #expect(kind == expected, "\(first) \(second)")
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer(UTF8Check.kind) == .ascii)
    }

    /// The repairing forms give what the standard library's decoding gives, valid or not.
    @Test(arguments: cases.indices)
    func repairingAgreesWithDecoding(_ index: Int) {
        let (name, bytes) = Self.cases[index]
        let expected = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.withUnsafeBufferPointer(String.init(repairingUTF8:)) == expected, "\(name)")
        let written = String(repairingUTF8Capacity: bytes.count + 4) { buffer in
            _ = buffer.initialize(from: bytes)
            return bytes.count
        }
        #expect(written == expected, "\(name)")
        #expect(written.utf8.count == expected.utf8.count, "\(name)")
    }

    /// Valid bytes give their string, a Latin-1 byte in a name gives none (as a folder's entry
    /// is told apart, `FolderNames.name(in:)`).
    @Test func validBytesGiveTheirStringAndBrokenOnesNone() {
        let valid = Array("Zürich".utf8), broken: [UInt8] = [0x5A, 0xFC, 0x72]
        #expect(valid.withUnsafeBufferPointer(String.init(validUTF8:)) == "Zürich")
        #expect(broken.withUnsafeBufferPointer(String.init(validUTF8:)) == nil)
    }
}

/// The byte strings on which `String(validUTF8:)` and the standard library's
/// `String(validating:as:)` give different answers.
private struct Disagreements {
    private var found: [[UInt8]] = []

    mutating func compare(_ bytes: [UInt8]) {
        let expected = String(validating: bytes, as: UTF8.self)
        if bytes.withUnsafeBufferPointer(String.init(validUTF8:)) != expected { found.append(bytes) }
    }

    func expectNone(sourceLocation: SourceLocation = #_sourceLocation) {
        let (count, first) = (found.count, Array(found.prefix(3)))
        #expect(count == 0, "\(count) disagree, the first: \(first)", sourceLocation: sourceLocation)
    }
}
