import Foundation
@testable import NewsroomKit
import Testing

/// The byte-level fast paths give exactly what the general code gives: random inputs, each
/// compared with the general path or with the algorithm as first written.
@Suite struct FastPathTests {
    /// SplitMix64, so a failure names a seed that reproduces it.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func text(from pieces: [String], count: Int) -> String {
            (0..<Int(next() % UInt64(count))).map { _ in pick(pieces) }.joined()
        }
    }

    @Test(arguments: 0..<200)
    func asciiSlugsMatchTheFoldingPath(seed: UInt64) {
        var random = Random(state: seed)
        let text = random.text(from: ["a", "Z", "9", " ", "-", "_", "!", "\t", "Launch", "Q3", "--", ".", "/"], count: 12)
        #expect(Slug.makeASCII(text) == Slug.makeFolding(text), "seed \(seed): '\(text)'")
        #expect(Slug.make(text) == Slug.makeFolding(text))
    }

    /// The split as first written: every line of the file, then joined again.
    static func referenceSplit(_ text: String) -> FrontMatterParser.Split? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        func marker(_ line: Substring, _ mark: Character) -> Bool {
            line.count >= 3 && line.prefix(3).allSatisfy { $0 == mark } && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
        }
        guard let first = lines.first, marker(first, "-"),
              let close = lines.indices.dropFirst().first(where: { marker(lines[$0], "-") || marker(lines[$0], ".") })
        else { return nil }
        var body = lines[(close + 1)...].joined(separator: "\n")
        if !body.isEmpty { body += "\n" }
        return FrontMatterParser.Split(yaml: lines[1..<close].joined(separator: "\n"), yamlLineOffset: 1,
                                       body: body, bodyFirstLine: close + 2)
    }

    @Test(arguments: 0..<300)
    func frontMatterSplitMatchesTheLineByLineSplit(seed: UInt64) {
        var random = Random(state: seed)
        let text = random.text(from: ["---", "--- ", "...", "\n", "\n", "title: x", "é", " ", "\t", "Body", "----"], count: 14)
        let split = try? FrontMatterParser.split(text, path: "x.md")
        #expect(split == Self.referenceSplit(text), "seed \(seed): \(text.debugDescription)")
    }
}
