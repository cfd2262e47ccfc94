import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The quick reader of common front matter (`YAMLQuickReader`) against the YAML library: what it
/// reads, it reads as the library does, locations included; what it is not sure of, it leaves
/// to the library.
@Suite struct YAMLQuickReaderTests {
    /// The quick reading of `text`, checked against the library's (which must find no problem).
    static func quick(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> YAMLNode? {
        guard let quick = YAMLQuickReader.read(text, path: "x.md", lineOffset: 1) else { return nil }
        let library = YAMLReader.parseWithLibrary(text, path: "x.md", lineOffset: 1)
        #expect(library.diagnostics.all.isEmpty, "\(text.debugDescription): \(library.diagnostics.all)", sourceLocation: sourceLocation)
        #expect(library.root == quick, "\(text.debugDescription)", sourceLocation: sourceLocation)
        return quick
    }

    /// The shapes releases are written in are read quickly, and as the library reads them.
    @Test func commonFrontMatterIsReadQuicklyAsTheLibraryReadsIt() {
        let texts = [
            "title: \"The policy office extended new biomarker research\"\ndate: 2024-12-31\ntags: [Veterans]",
            "title: Ice Bucket Challenge brings a wave of new support\ndate: 2014-08-12\ndateline: Washington, D.C.\n"
                + "tags: [Ice Bucket Challenge, Awareness]\ncontacts: [carrie-munk, press-office]\n",
            "title: Donations pass $100 million\ndate: 2014-08-29T16:30:00-04:00\nsubtitle: Lou Gehrig's disease, in brief (2014)",
            "title: 'Single-quoted: \"with\" marks # and all'\nsummary: \"Double-quoted: 'x' [y] {z} & w #v\"\nempty: \"\"\nnone: ''",
            "title: Études sur la SLA — un pas de plus’\ntags: [Été 2025, Recherche & soins, 研究]\nemoji: \"🧬 genes\"",
            "tags:\n  - Research\n  - \"Quoted item\"\n  - 'Another: one'\ndate: 2025-01-02",
            "tags:\n- Research\n- Care\ncontacts:\n    - press\nlist: []",
            "spaced:    value after spaces\nflag: yes\nn: 0x1F\nnull_word: null\nurl: https://example.org/a?b=c",
            "a-b_c: x\n_private: y\nkey: a-b - c d:e ? & f\npath: /2016/05/old.html\naliases: [/a/b.html, .x, (y), ~]",
        ]
        for text in texts {
            #expect(Self.quick(text) != nil, "not read quickly: \(text.debugDescription)")
        }
        let root = Self.quick("title: x\ntags:\n  - a\n  - b\n")
        #expect(root?["tags"]?.location == NewsroomKit.SourceLocation(path: "x.md", line: 4, column: 3))
        #expect(root?["tags"]?.items?.map(\.location.column) == [5, 5])
    }

    /// The YAML reader every file goes through takes the quick way when it can, and the
    /// library's otherwise.
    @Test func theReaderTakesTheQuickWayWhenItCan() {
        let common = YAMLReader.parse("title: \"A release\"\ndate: 2025-01-02\ntags: [Research]\n", path: "x.md", lineOffset: 1)
        #expect(common.readQuickly && common.root?["tags"]?.items?.count == 1)
        let commented = YAMLReader.parse("title: A release # a comment\n", path: "x.md", lineOffset: 1)
        #expect(!commented.readQuickly && commented.root?["title"]?.scalarText == "A release")
        // Below the usual nesting limit, the library's look at the nesting decides alone.
        let deep = "title: Gehrig's list\nsummary: \"x' [[[[ y\"\n"
        let low = YAMLReader.parse(deep, path: "x.md", lineOffset: 1, nestingLimit: 3)
        #expect(!low.readQuickly && low == YAMLReader.parseWithLibrary(deep, path: "x.md", lineOffset: 1, nestingLimit: 3))
        #expect(YAMLReader.parse(deep, path: "x.md", lineOffset: 1).readQuickly)
    }

    /// The demo newsroom's releases and pages take the quick way, and read the same, but for
    /// those with nested mappings (a release's attachments).
    @Test func theDemoNewsroomsFrontMatterIsReadQuickly() throws {
        let content = Fixtures.repository.appendingPathComponent("Content")
        let files = FileManager.default.enumerator(atPath: content.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") } ?? []
        #expect(files.count >= 5)
        for file in files {
            let text = try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8)
            let split = try FrontMatterParser.split(text, path: file)
            let quick = Self.quick(split.yaml)
            #expect(quick != nil || split.yaml.contains("{"), "\(file) is not read quickly")
        }
    }

    /// Every shape it is not sure of goes to the library, which reads it or reports it.
    @Test func anythingElseIsLeftToTheLibrary() {
        let texts = [
            "", "\n", "title: x\n\ndate: y", "# comment\ntitle: x", "title: x # comment", "title: x ",
            "title:\tx", "title: \"a\\tb\"", "title: 'it''s'", "title: \"open", "title: \"a\" tail",
            "title: x\n  continued", "title:", "title:\ndate: x", "tags:\n  - a\n    - b", "tags:\n  - a\n - b",
            "tags:\n  -  a", "tags:\n  - a: b", "tags:\n  - [a]", "- a", "title: x\n- a",
            "nested:\n  key: value", "title: &a x\nother: *a", "title: a: b", "title: ends:", "title: -x", "title: &x", "title: ?x", "tags: [&a]", "tags: [-a]",
            "title: x\ntitle: y", "tags: [a,b]", "tags: [ a, b ]", "tags: [ a]", "tags: [        Ice Bucket Challenge]", "tags: [a,  b]", "tags: [a, ]", "tags: [\"a\"]",
            "tags: [a: b]", "tags: [a] x", "tags: [a, [b]]", "title: a\u{85}b", "title: a\u{2028}b", "title: \u{FEFF}x",
            "title: a\u{7F}b", "title: a\u{1}b", "title: \"a\u{9F}b\"", "\"title\": x", "2fa: x", "ti tle: x",
            "title: {a: b}", "title: |\n  text", "title: >\n  text", "title: !tag x", "title: %x", "title: @x",
            "title: `x`", "title: x\r\ndate: y", String(repeating: "k", count: 1_200) + ": x", "---\ntitle: x",
            "title: Gehrig's & co\nsummary: \"x' *a: y\"", "title: \"" + String(repeating: "[", count: 60) + "\"",
        ]
        for text in texts {
            #expect(YAMLQuickReader.read(text, path: "x.md", lineOffset: 1) == nil, "read quickly: \(text.debugDescription)")
        }
    }

    /// A one-line list of many items (the largest front matter a file can hold) is read in time
    /// linear in its size: at about 8 times the size, best of 5 runs each, the time must stay
    /// under 4 times the size ratio, where placing each item by counting from the start of the
    /// line took about 64 times as long (see `LinearTimeTests` for the bound).
    @Test func aLongOneLineListIsReadInLinearTime() {
        func list(_ count: Int) -> String { "tags: [" + Array(repeating: "aé", count: count).joined(separator: ", ") + "]" }
        let (small, large) = (list(2_000), list(16_000))
        #expect(YAMLQuickReader.read(large, path: "x.md", lineOffset: 1)?["tags"]?.items?.last?.location.column == 8 + 4 * 15_999)
        var smallTime = Duration.seconds(1_000), largeTime = Duration.seconds(1_000)
        let clock = ContinuousClock()
        for _ in 0 ..< 5 {
            smallTime = min(smallTime, clock.measure { _ = YAMLQuickReader.read(small, path: "x.md", lineOffset: 1) })
            largeTime = min(largeTime, clock.measure { _ = YAMLQuickReader.read(large, path: "x.md", lineOffset: 1) })
        }
        #expect(largeTime / smallTime < 4 * 8, "\(smallTime) against \(largeTime)")
    }

    /// Random front matter close to the edge of what the quick reader takes: whatever it reads
    /// must be what the library reads. Seeded, so a failure repeats.
    @Test func randomFrontMatterReadsAsTheLibraryReadsIt() {
        var random = SeededRandom(seed: 20_261_203)
        let keys = ["title", "date", "tags", "a", "b-c", "d_e", "x9"]
        let pieces = ["a", "Z", "9", " ", "  ", ":", ": ", "-", "#", "'", "\"", ",", ", ", "[", "]", "\\", "é", "—", "\u{2028}",
                      "\u{85}", "\t", "&", "*", "?", "!", "|", ">", "{", "}", "%", "@", "`", "<", "\u{A0}", "🧬", "x:y"]
        var quickly = 0
        for _ in 0 ..< 3_000 {
            var lines: [String] = []
            for _ in 0 ..< Int.random(in: 1 ... 5, using: &random) {
                var value = ""
                for _ in 0 ..< Int.random(in: 0 ..< 6, using: &random) { value += pieces[Int.random(in: 0 ..< pieces.count, using: &random)] }
                let key = keys[Int.random(in: 0 ..< keys.count, using: &random)]
                switch Int.random(in: 0 ..< 7, using: &random) {
                case 0: lines.append("\(key): \"\(value)\"")
                case 1: lines.append("\(key): [a\(value), b\(value)]")
                case 2 where value.isEmpty: lines.append("\(key): []")
                case 2: lines.append("\(key): [\(value)a, \(value)]")
                case 3: lines.append("\(key): '\(value)'")
                case 5: lines.append("\(key):\n  - a\(value)\n  - '\(value)'")
                default: lines.append("\(key): a\(value)")
                }
            }
            if Self.quick(lines.joined(separator: "\n")) != nil { quickly += 1 }
        }
        // Both ways are exercised.
        #expect(quickly > 300 && quickly < 2_700, "\(quickly) of 3000 read quickly")
    }
}
