import Testing
@testable import Markdown

/// Byte columns to scalar columns, and the needle searches that place autolinks.
struct SourceLinesTests {
    @Test func positionsCountScalarsFromTheStartOfTheirLine() {
        let lines = SourceLines(Array("Über 日本 [x]\r\né [y]\rz\n".utf8))
        #expect(lines.position(line: 1, byteColumn: 1) == (1, 1))
        #expect(lines.position(line: 1, byteColumn: 14) == (1, 9))
        #expect(lines.position(line: 2, byteColumn: 4) == (2, 3))
        #expect(lines.position(line: 3, byteColumn: 1) == (3, 1))
        #expect(lines.position(line: 4, byteColumn: 1) == (4, 1))
    }

    /// Scalars are counted from checkpoints every 64 bytes: columns far along a line of
    /// multi-byte scalars, on its first line and on a later one.
    @Test func positionsFarAlongALineOfMultibyteScalars() {
        let line = String(repeating: "é日a", count: 50)
        let lines = SourceLines(Array((line + "\n" + line).utf8))
        for lineNumber in 1...2 {
            for group in 0..<50 {
                #expect(lines.position(line: lineNumber, byteColumn: group * 6 + 1) == (lineNumber, group * 3 + 1))
                #expect(lines.position(line: lineNumber, byteColumn: group * 6 + 3) == (lineNumber, group * 3 + 2))
                #expect(lines.position(line: lineNumber, byteColumn: group * 6 + 6) == (lineNumber, group * 3 + 3))
            }
        }
    }

    @Test func unknownPositionsAreClampedOrKept() {
        let lines = SourceLines(Array("ab\né".utf8))
        #expect(lines.position(line: 0, byteColumn: 0) == (1, 1))
        #expect(lines.position(line: 2, byteColumn: 99) == (2, 2))
        #expect(lines.position(line: 3, byteColumn: 7) == (3, 7))
    }

    @Test func eachSearchForANeedleTakesItsNextAppearanceOnThatLine() {
        let lines = SourceLines(Array("<a> <b> <a>\n<a>\naaaa".utf8))
        let searches: [(Int, String)] = [
            (1, "<a>"), (1, "<b>"), (2, "<a>"), (1, "<a>"), (1, "<a>"), (1, "<c>"),
            (3, "aa"), (3, "aa"), (3, "aa"), (3, "aa"), (0, "<a>"), (4, "<a>"), (1, ""),
        ]
        let columns = lines.byteColumns(of: searches.map { SourceLines.NeedleSearch(line: $0.0, needle: Array($0.1.utf8)) })
        #expect(columns == [1, 5, 1, 9, nil, nil, 1, 2, 3, nil, nil, nil, nil])
    }

    @Test func needlesThatEndInsideEachOtherAreAllFound() {
        let text = Array("xabcabcbc".utf8)
        let found = NeedleFinder(["abc", "bc", "c", "cab"].map { Array($0.utf8) })
            .firstOccurrences(wanted: [5, 1, 3, 1], in: text[...])
        #expect(found == [[1, 4], [2], [3, 6, 8], [3]])
    }

    /// The one-pass search against the obvious one, on small random texts and needles over
    /// a four-letter alphabet, where needles overlap each other and themselves a lot.
    @Test func needleFinderAgreesWithANaiveSearch() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("ab<>".utf8)
        func word(_ length: Int) -> [UInt8] {
            (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
        }
        for _ in 0..<2_000 {
            let text = word(random.next(40))
            var needles: [[UInt8]] = []
            for _ in 0..<(1 + random.next(6)) {
                let needle = word(1 + random.next(5))
                if !needles.contains(needle) {
                    needles.append(needle)
                }
            }
            let wanted = needles.map { _ in random.next(4) }
            let offset = random.next(3)
            let slice = (Array(repeating: UInt8(0), count: offset) + text)[offset...]
            let found = NeedleFinder(needles).firstOccurrences(wanted: wanted, in: slice)
            let expected = needles.indices.map { index in
                Array(naiveOccurrences(of: needles[index], in: text).prefix(wanted[index]).map { $0 + offset })
            }
            #expect(found == expected, "\(String(decoding: text, as: UTF8.self)) \(needles.map { String(decoding: $0, as: UTF8.self) })")
        }
    }

    private func naiveOccurrences(of needle: [UInt8], in text: [UInt8]) -> [Int] {
        guard needle.count <= text.count else {
            return []
        }
        return (0...(text.count - needle.count)).filter { text[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

/// A small deterministic generator (a 64-bit LCG), so random tests repeat exactly.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
