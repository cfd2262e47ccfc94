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

    @Test func aDecodedStringSpellsItsBytesOnlyWhenTheyWereValid() {
        let valid = Array("Zürich".utf8), broken: [UInt8] = [0x5A, 0xFC, 0x72]
        #expect(valid.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self).spells($0) })
        #expect(!broken.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self).spells($0) })
    }
}
