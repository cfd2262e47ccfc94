import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// Strings read from bytes the build did not make itself in this process: the caches' strings
/// (`BinaryReader.readString`) and folder entries' names (`FolderNames.name(in:)`), both read
/// through `String(validUTF8:)`.
@Suite struct StringBytesTests {
    /// A cache string whose bytes are not UTF-8 (a file damaged, or forged with a checksum that
    /// matches) is refused, never shown repaired; the strings around it read back as written.
    @Test func aCacheStringThatIsNotUTF8IsRefused() throws {
        var writer = BinaryWriter()
        writer.write("releases/2026/café/index.html")
        writer.write("")
        writer.write("abc")
        var good = BinaryReader(writer.bytes)
        #expect(try good.readString() == "releases/2026/café/index.html")
        #expect(try good.readString() == "")
        #expect(try good.readString() == "abc")
        #expect(good.isAtEnd)

        var damaged = writer.bytes
        let at = try #require(damaged.firstIndex(of: 0xC3))  // the first byte of é
        damaged[at] = 0xFF
        var reader = BinaryReader(damaged)
        #expect(throws: CacheFormatError.self) { _ = try reader.readString() }

        // A sequence cut short at the string's end, the next string's count after it.
        var cut = BinaryWriter()
        cut.write("caf\u{E9}")
        var bytes = cut.bytes
        bytes.removeLast()
        bytes[0] -= 1
        var shortened = BinaryReader(bytes)
        #expect(throws: CacheFormatError.self) { _ = try shortened.readString() }
    }

    /// A `d_name`: the bytes up to the first NUL, or all of them when none (a 255-byte name
    /// fills the field but for its NUL); bad bytes shown as U+FFFD and said to be so.
    @Test func aFolderEntrysNameIsReadUpToItsNUL() {
        func name(_ bytes: [UInt8]) -> (String, Bool) {
            let found = bytes.withUnsafeBytes(FolderNames.name(in:))
            return (found.name, found.isUTF8)
        }
        #expect(name(Array("index.md".utf8) + [0, 0x41, 0x42]) == ("index.md", true))
        #expect(name(Array("Zürich".utf8) + [0]) == ("Zürich", true))
        #expect(name([0x63, 0x61, 0x66, 0xE9, 0]) == ("caf\u{FFFD}", false))
        #expect(name([0]) == ("", true))
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 255)
        #expect(name(long) == (String(repeating: "a", count: 255), true))
        #expect(name(long + [0]) == (String(repeating: "a", count: 255), true))
    }

    /// Folder names sorted by their bytes when all are ASCII come out in `String`'s order, the
    /// order snapshots and listings have always used; a list with another name is sorted by `<`.
    @Test(arguments: [1, 2, 3])
    func folderNamesSortAsStringsDo(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let pieces = ["2024-", "2024-01-", "a", "A", "-", "_", ".", "index.md", "z", "~", "0", "releases-of-2024-", "\u{E9}", "e\u{301}", "\u{212A}"]
        for round in 0 ..< 200 {
            let asciiOnly = round % 2 == 0
            let usable = asciiOnly ? Array(pieces.prefix(12)) : pieces
            let names = (0 ..< Int(random.next() % 40)).map { _ in
                (0 ..< Int(random.next() % 4)).map { _ in usable[Int(random.next() % UInt64(usable.count))] }.joined()
            }
            #expect(FolderNames.sorted(names) == names.sorted(), "\(names)")
        }
    }
}
