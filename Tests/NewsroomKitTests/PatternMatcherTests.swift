import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The leak scan's automaton against a search of each pattern at each place: the same
/// occurrences in the same order, whole or in parts, for patterns that share prefixes and
/// suffixes and hold one another (small alphabets make every failure link matter).
@Suite struct PatternMatcherTests {
    /// Every occurrence, as `(pattern, end)`, by trying each pattern at each end, in the order
    /// the automaton reports them: by end, then longest pattern first, then by index.
    static func naive(_ patterns: [[UInt8]], _ text: [UInt8]) -> [[Int]] {
        var found: [[Int]] = []
        for end in 0 ... text.count {
            let here = patterns.indices.filter { index in
                let pattern = patterns[index]
                return !pattern.isEmpty && pattern.count <= end && Array(text[(end - pattern.count) ..< end]) == pattern
            }
            found += here.sorted { (patterns[$0].count, $1) > (patterns[$1].count, $0) }.map { [$0, end] }
        }
        return found
    }

    static func scanned(_ matcher: PatternMatcher, _ text: [UInt8], parts: Int) -> [[Int]] {
        var found: [[Int]] = []
        var state = 0
        text.withUnsafeBytes { raw in
            let size = max(1, (text.count + parts - 1) / max(1, parts))
            var start = 0
            repeat {
                let end = min(text.count, start + size)
                matcher.scan(raw, range: start ..< end, state: &state) { pattern, end in
                    found.append([pattern, end])
                    return true
                }
                start = end
            } while start < text.count
        }
        return found
    }

    @Test(arguments: [2, 3, 5, 26])
    func findsWhatASearchOfEachPatternFinds(letters: Int) {
        var random = SeededRandom(seed: UInt64(letters))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz".utf8.prefix(letters))
        func word(_ lengths: ClosedRange<Int>) -> [UInt8] {
            (0 ..< Int.random(in: lengths, using: &random)).map { _ in alphabet[Int.random(in: 0 ..< alphabet.count, using: &random)] }
        }
        var occurrences = 0
        for _ in 0 ..< 60 {
            let patterns = (0 ..< Int.random(in: 1 ... 12, using: &random)).map { _ in word(1 ... 6) }
            let matcher = PatternMatcher(patterns)
            let text = word(0 ... 300)
            let expected = Self.naive(patterns, text)
            occurrences += expected.count
            for parts in [1, 2, 7, max(1, text.count)] {
                #expect(Self.scanned(matcher, text, parts: parts) == expected, "\(patterns) in \(text) in \(parts) parts")
            }
        }
        #expect(occurrences > 100)
    }

    /// A scan stops where `found` says so, and leaves the state where it stopped.
    @Test func stopsWhenTold() {
        let matcher = PatternMatcher([Array("ab".utf8), Array("b".utf8)])
        var ends: [Int] = []
        var state = 0
        Array("xabab".utf8).withUnsafeBytes { raw in
            matcher.scan(raw, range: 0 ..< raw.count, state: &state) { _, end in
                ends.append(end)
                return ends.count < 2
            }
        }
        #expect(ends == [3, 3])
        #expect(state != 0, "the scan stopped inside a pattern")
        #expect(matcher.occurring(in: Array("xxb".utf8)) == [1])
    }
}
