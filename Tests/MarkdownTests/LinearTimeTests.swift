import Foundation
import Testing
import Markdown

/// Every hostile shape renders in time linear in its size: cmark's own pathological inputs
/// (its `test/pathological_tests.py`) and the shapes that stress this wrapper (many links,
/// headings and raw HTML nodes, long lines, white space).
///
/// Each shape is rendered at size n and at about 8n (n chosen so that the small one takes a
/// few milliseconds in a debug build; shapes whose size grows with the square of a count
/// take the count from √n), best of 3 runs each, the small and large runs taking turns so
/// that a busy machine slows both alike. Linear time gives a time ratio of about 8, a
/// quadratic step about 64. The bound is 4 × the size ratio, about 32: 4 times what linear
/// time needs, because a linear renderer is a little worse than linear in practice (large
/// inputs leave the caches; cmark alone reaches ×11–13 on nested emphasis), and because on
/// a loaded 2-core machine a run can lose time slices (best of 3 absorbs most of that; four
/// copies of this test at once on 2 cores gave at most ×11.4); and 2 times under what a
/// quadratic step gives, so that one still fails. `LINEAR_TIME_VERBOSE=1` prints each
/// shape's times, to pick a new n after a change.
///
/// Left out because libcmark 0.30 itself is quadratic on them (×50–120 here; fixed in cmark
/// 0.31): `![[]()` repeated, empty lines in deeply nested lists (also inside a block
/// quote), and emphasis in a deep block quote. Add them when the system library is 0.31.
@Suite(.serialized) struct LinearTimeTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let n: Int
        let make: @Sendable (Int) -> String

        init(_ name: String, n: Int, _ make: @escaping @Sendable (Int) -> String) {
            self.name = name
            self.n = n
            self.make = make
        }

        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        // cmark 0.30's pathological tests.
        Shape("nested strong emph", n: 1_000) { n in rep("*a **a ", n) + "b" + rep(" a** a*", n) },
        Shape("many emph closers with no openers", n: 6_000) { n in rep("a_ ", n) },
        Shape("many emph openers with no closers", n: 6_000) { n in rep("_a ", n) },
        Shape("many link closers with no openers", n: 8_000) { n in rep("a]", n) },
        Shape("many link openers with no closers", n: 6_000) { n in rep("[a", n) },
        Shape("mismatched openers and closers", n: 4_000) { n in rep("*a_ ", n) },
        Shape("issue #389", n: 1_500) { n in rep("*a ", n) + rep("_a*_ ", n) },
        Shape("openers and closers multiple of 3", n: 6_000) { n in "a**b" + rep("c* ", n) },
        Shape("link openers and emph closers", n: 4_000) { n in rep("[ a_", n) },
        Shape("pattern [ (]( repeated", n: 4_000) { n in rep("[ (](", n) },
        Shape("nested brackets", n: 8_000) { n in rep("[", n) + "a" + rep("]", n) },
        Shape("nested block quotes", n: 4_000) { n in rep("> ", n) + "a" },
        Shape("deeply nested lists", n: 80_000) { n in
            (0..<squareRoot(n)).map { rep("  ", $0) + "* a\n" }.joined()
        },
        Shape("U+0000 in input", n: 2_000) { n in rep("abc\u{0}de\u{0}", n) },
        Shape("backticks", n: 40_000) { n in (1..<squareRoot(2 * n)).map { "e" + rep("`", $0) }.joined() },
        Shape("unclosed links A", n: 3_000) { n in rep("[a](<b", n) },
        Shape("unclosed links B", n: 3_000) { n in rep("[a](b", n) },
        Shape("reference collisions", n: 1_500) { n in
            let keys = collidingReferenceKeys(n)
            return keys.dropFirst().map { "[\($0)]: /url\n\n[\(keys[0])]\n\n" }.joined()
        },
        Shape("many references", n: 5_000) { n in (1..<n).map { "[\($0)]: u\n" }.joined() + rep("[0] ", n / 16) },
        // Later cmark versions' tests on which 0.30 is linear too.
        Shape("unclosed <!--", n: 3_000) { n in "</" + rep("<!--", n) },
        Shape("nested inlines", n: 8_000) { n in rep("*", n) + "a" + rep("*", n) },
    ]

    @Test(arguments: shapes)
    func rendersInLinearTime(_ shape: Shape) {
        Self.check(shape)
    }

    static let wrapperShapes: [Shape] = [
        // Links: positions, autolink columns, rewriting.
        Shape("nested inline links", n: 4_000) { n in rep("[", n) + "a" + rep("](/b)", n) },
        Shape("links on one line", n: 1_000) { n in rep("[a](/b) ", n) },
        Shape("images on one line", n: 1_000) { n in rep("![a](/b.png) ", n) },
        Shape("references on one line", n: 1_000) { n in "[r]: /r\n\n" + rep("[r] ", n) },
        Shape("one autolink repeated on one line", n: 400) { n in rep("<https://e.x/> ", n) },
        Shape("autolinks on one line", n: 250) { n in (0..<n).map { "<https://e.x/\(number($0))> " }.joined() },
        Shape("email autolinks on one line", n: 250) { n in (0..<n).map { "<a\(number($0))@e.x> " }.joined() },
        Shape("links whose text is their destination", n: 400) { n in (0..<n).map { "[x:\(number($0))](x:\(number($0))) " }.joined() },
        Shape("autolinks with entities", n: 300) { n in (0..<n).map { "<ab:c&lt;\(number($0))&gt;> " }.joined() },
        Shape("links with > in their text", n: 350) { n in rep("<a> ", n) + (0..<n).map { "[a>\(number($0))](a>\(number($0))) " }.joined() },
        Shape("autolinks in a block quote", n: 400) { n in "> " + rep("x <https://e.x/> ", n) },
        Shape("links on many lines", n: 150) { n in rep("[a](/b) <https://e.x/>\n", n) },
        // Headings, raw HTML, text.
        Shape("images in one heading", n: 1_000) { n in "# " + rep("![a](/b) ", n) },
        Shape("headings with one text", n: 1_000) { n in rep("# a\n", n) },
        Shape("headings that look numbered", n: 400) { n in (0..<n).map { "# a \(number($0))\n# a\n" }.joined() },
        Shape("inline HTML", n: 4_000) { n in rep("a <b> ", n) },
        Shape("HTML blocks", n: 6_000) { n in rep("<div>\n\n", n) },
        Shape("less-than run", n: 20_000) { n in rep("<", n) },
        Shape("white space", n: 1_000) { n in rep("a \u{2003}\t \u{A0}é  \u{301}“b” ", n) },
    ]

    static func check(_ shape: Shape) {
        let small = shape.make(shape.n)
        let large = shape.make(8 * shape.n)
        let sizeRatio = Double(large.utf8.count) / Double(small.utf8.count)
        #expect(sizeRatio > 7 && sizeRatio < 9, "the large input should be about 8 times the small one")

        var smallTime = Duration.seconds(1_000)
        var largeTime = Duration.seconds(1_000)
        let clock = ContinuousClock()
        for _ in 0..<3 {
            smallTime = min(smallTime, clock.measure { _ = Markdown.render(small) })
            largeTime = min(largeTime, clock.measure { _ = Markdown.render(large) })
        }
        let timeRatio = largeTime / smallTime
        if Self.verbose {
            print("\(shape.name): \(small.utf8.count) bytes in \(smallTime), ×\(sizeRatio) in \(largeTime): ×\(timeRatio)")
        }
        #expect(timeRatio < 4 * sizeRatio, "\(small.utf8.count) bytes: \(smallTime); \(large.utf8.count) bytes: \(largeTime)")
    }

    static let verbose = ProcessInfo.processInfo.environment["LINEAR_TIME_VERBOSE"] != nil
}

/// The shapes that stress this wrapper (`LinearTimeTests.wrapperShapes`): links, headings, raw
/// HTML and text. A suite of their own, serialized within itself but run beside cmark's: one
/// suite of all the shapes was the last of the test run to end.
@Suite(.serialized) struct WrapperLinearTimeTests {
    @Test(arguments: LinearTimeTests.wrapperShapes)
    func rendersInLinearTime(_ shape: LinearTimeTests.Shape) {
        LinearTimeTests.check(shape)
    }
}

private func rep(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
}

/// Numbers of one width, so that a shape made of numbered pieces grows in proportion.
private func number(_ index: Int) -> Int {
    1_000_000 + index
}

private func squareRoot(_ n: Int) -> Int {
    Int(Double(n).squareRoot().rounded())
}

/// Reference labels that fall into one bucket of cmark's old 16-bucket reference hash map
/// (the keys of cmark's "reference collisions" test).
private func collidingReferenceKeys(_ count: Int) -> [String] {
    var keys: [String] = []
    var number = 0
    while keys.count < count {
        let key = "x\(number)"
        number += 1
        var hash: UInt32 = 0
        for scalar in key.unicodeScalars {
            hash = scalar.value &+ (hash << 6) &+ (hash << 16) &- hash
        }
        if hash % 16 == 0 {
            keys.append(key)
        }
    }
    return keys
}
