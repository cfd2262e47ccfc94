import Foundation
@testable import NewsroomKit
import Testing

/// What the YAML reader checks for every field of every file: control characters, nesting, duplicate keys.
@Suite struct YAMLRulesTests {
    static func read(_ text: String) -> (root: YAMLNode?, messages: [String]) {
        let document = YAMLReader.parse(text, path: "x.md", lineOffset: 1)
        return (document.root, document.diagnostics.sorted.map(\.description))
    }

    /// Scalars are read as text, not resolved as YAML 1.1 numbers or booleans: `1` and `"1"`
    /// are one key, and values keep their spelling for the reader's own rules.
    @Test func scalarsStayTextAndKeysAreComparedAsText() {
        let (root, messages) = Self.read("count: 0x1F\nflag: yes\nwhen: 2026-12-01\n")
        #expect(messages.isEmpty)
        #expect(root?["count"]?.scalarText == "0x1F")
        #expect(root?["flag"]?.scalarText == "yes")
        #expect(root?["when"]?.scalarText == "2026-12-01")
        let duplicate = Self.read("1: a\n\"1\": b\n")
        #expect(duplicate.messages.count == 1 && duplicate.messages[0].contains("duplicate key '1'"), "\(duplicate.messages)")
    }

    /// An alias as a key would make the library hash its whole expansion: refused before it is read.
    @Test func anAliasAsAKeyIsRefusedBeforeTheLibraryHashesIt() {
        #expect(Self.read("a: &a [1, 2]\nb: {*a : x}\n").messages == ["x.md:3:5: error: \(YAMLAliasKeys.message)"])
        #expect(Self.read("a: &a [1, 2]\nb:\n  ? *a\n  : x\n").messages == ["x.md:4:5: error: \(YAMLAliasKeys.message)"])
        #expect(Self.read("a: &a [1, 2]\nb: [*a, *a: y]\n").messages == ["x.md:3:9: error: \(YAMLAliasKeys.message)"])
        // No anchor of that name, quoted text, a comment, an alias as a value: nothing to refuse.
        #expect(YAMLAliasKeys.firstAliasKey("about: |\n  *Note: we fund research.\n") == nil)
        #expect(YAMLAliasKeys.firstAliasKey("a: &a 1\nb: \"*a: x\"\nc: 'x *a: y'\n# *a: z\nd: *a\n") == nil)
    }

    /// A billion laughs is stopped before the library expands it, at the line where the count
    /// of values (an upper bound) passes the limit; small uses of aliases pass.
    @Test func anAliasBombIsStoppedBeforeTheLibraryReadsIt() {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (level, name) in ["b", "c", "d", "e", "f", "g", "h"].enumerated() {
            let previous = level == 0 ? "a" : ["b", "c", "d", "e", "f", "g"][level - 1]
            lines.append("\(name): &\(name) [" + Array(repeating: "*" + previous, count: 10).joined(separator: ", ") + "]")
        }
        let place = YAMLAliasKeys.firstExpansionBeyond(YAMLReader.maximumValues, in: lines.joined(separator: "\n"))
        #expect(place.map { [$0.line, $0.column] } == [6, 1])
        #expect(YAMLAliasKeys.firstExpansionBeyond(YAMLReader.maximumValues,
                                                   in: "press: &press [press-office]\na: *press\nb: *press\n") == nil)
    }

    // MARK: - Control characters

    @Test func escapedControlCharactersAreErrorsAtTheirValues() {
        let (root, messages) = Self.read("""
            title: "Assoc\\0iation"
            summary: "Tab\\tand line\\nbreaks are fine"
            tags: [Research, "Bell\\a"]
            params:
              note: "delete\\x7F"
              "key\\x01": value
              escape: "\\e[31m"
              return: "a\\rb"

            """)
        #expect(root != nil)
        #expect(messages == [
            "x.md:2:8: error: 'title' holds the control character U+0000; remove it",
            "x.md:4:18: error: 'tags' holds the control character U+0007; remove it",
            "x.md:6:9: error: 'note' holds the control character U+007F; remove it",
            "x.md:7:3: error: a key holds the control character U+0001; remove it",
            "x.md:8:11: error: 'escape' holds the control character U+001B; remove it",
            "x.md:9:11: error: 'return' holds the control character U+000D; remove it",
        ])
    }

    @Test func controlCharactersAreNeverQuotedBackRaw() {
        let (release, diagnostics) = ReleaseParser.parse(
            "---\ntitle: T\ndate: \"2025-06-01\\e[31m\"\n\"ti\\x01tle\": x\n---\nBody.\n",
            path: "Content/releases/x.md", bundleDirectory: nil, bundleFiles: [], context: FrontMatterFuzzHarness.context)
        #expect(release == nil)
        #expect(diagnostics.sorted.map(\.description) == [
            "Content/releases/x.md:3:7: error: 'date' holds the control character U+001B; remove it",
            "Content/releases/x.md:3:7: error: 'date' is not a date: '2025-06-01\u{FFFD}[31m'; write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional offset such as -05:00",
            "Content/releases/x.md:4:1: error: a key holds the control character U+0001; remove it",
            "Content/releases/x.md:4:1: warning: unknown key 'ti\u{FFFD}tle' in front matter; did you mean 'title'?",
        ])
    }

    @Test func aRawControlCharacterIsNamed() {
        #expect(Self.read("title: A\u{0B}B\n").messages == [
            "x.md:2:9: error: the control character U+000B cannot appear in YAML; remove it",
        ])
    }

    @Test func textWithoutControlCharactersIsClean() {
        #expect(Self.read("title: \"Café\\u00A0Crème — “quoted”\"\nbody: |\n  Tab\there\n").messages == [])
    }

    @Test func controlCharactersDoNotHideOtherProblemsOfTheFile() {
        let text = "---\ntitle: \"Trial\\0results\"\ndate: 2026-03-08T02:30:00\nembargo: 2027-03-01T09:00:00-18:30\n---\nBody.\n"
        let (release, diagnostics) = ReleaseParser.parse(
            text, path: "Content/releases/trial.md", bundleDirectory: nil, bundleFiles: [],
            context: FrontMatterFuzzHarness.context)
        #expect(release == nil)
        #expect(diagnostics.sorted.map(\.description) == [
            "Content/releases/trial.md:2:8: error: 'title' holds the control character U+0000; remove it",
            "Content/releases/trial.md:3:7: error: 'date' is a time that does not exist in America/New_York: '2026-03-08T02:30:00' (clocks jump from 02:00 to 03:00); write a time outside the gap, or add an offset",
            "Content/releases/trial.md:4:10: error: 'embargo' has an offset out of range: '-18:30' in '2027-03-01T09:00:00-18:30' (offsets run from -18:00 to +18:00)",
        ])
    }

    // MARK: - Nesting

    @Test func deepFlowNestingGetsAPlainMessage() {
        let text = "title: A\nparams: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let (root, messages) = Self.read(text)
        #expect(root == nil)
        #expect(messages == [
            "x.md:3:108: error: YAML is nested more than 100 levels deep here; no newsroom setting needs that many",
        ])
    }

    @Test func nestingIsPlacedInCharactersNotBytes() {
        let text = "title: Ä\npàràms: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        #expect(Self.read(text).messages == [
            "x.md:3:108: error: YAML is nested more than 100 levels deep here; no newsroom setting needs that many",
        ])
    }

    @Test func deepBlockNestingGetsAPlainMessage() {
        let sequences = String(repeating: "- ", count: 200) + "x\n"
        #expect(Self.read(sequences).messages == [
            "x.md:2:199: error: YAML is nested more than 100 levels deep here; no newsroom setting needs that many",
        ])
        let mappings = (0..<150).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        #expect(Self.read(mappings).messages == [
            "x.md:102:101: error: YAML is nested more than 100 levels deep here; no newsroom setting needs that many",
        ])
    }

    @Test func ordinaryNestingAndBracketsInTextAreFine() {
        let nested = "params: " + String(repeating: "[", count: 90) + String(repeating: "]", count: 90) + "\n"
        #expect(Self.read(nested).messages == [])
        let text = """
            title: "It's [not] {nested} ["
            summary: It's here, with a [bracket
            about: |
              [link](/x/) and ' an apostrophe [
            tags: ['a [', "b {"]

            """
        #expect(Self.read(text).messages == [])
    }

    @Test func theLibraryLimitIsAlsoSaidPlainly() {
        // Past the library's own limit (about 1000 levels), with the look before it told to allow more.
        let text = "params: " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000) + "\n"
        let document = YAMLReader.parse(text, path: "x.md", nestingLimit: 5_000)
        #expect(document.root == nil)
        #expect(document.diagnostics.all.map(\.message) == [
            "YAML is nested too deeply here; no newsroom setting needs that many levels",
        ])
    }

    // MARK: - Duplicate keys

    @Test func eachDuplicateKeyIsReportedAtItsSecondOccurrence() {
        #expect(Self.read("title: A\ndate: 2025-06-01\ntags: [x]\ndate: 2025-06-02\ntitle: B\n").messages == [
            "x.md:5:1: error: duplicate key 'date' (first given on line 3)",
            "x.md:6:1: error: duplicate key 'title' (first given on line 2)",
        ])
    }

    @Test func aKeyGivenThreeTimesIsReportedOnce() {
        #expect(Self.read("title: A\ntitle: B\ntitle: C\n").messages == [
            "x.md:3:1: error: duplicate key 'title' (first given on line 2)",
        ])
    }

    @Test func duplicatesInNestedAndQuotedKeys() {
        #expect(Self.read("title: A\nparams:\n  a: 1\n  b:\n    a: 0\n  \"a\": 2\n").messages == [
            "x.md:7:3: error: duplicate key 'a' (first given on line 4)",
        ])
        #expect(Self.read("attachments:\n  - title: A\n    file: a.pdf\n    title: B\n  - title: C\n").messages == [
            "x.md:5:5: error: duplicate key 'title' (first given on line 3)",
        ])
    }

    @Test func aDuplicateInAFlowMappingIsReportedAtTheMapping() {
        #expect(Self.read("params: {a: 1, b: 2, a: 3}\n").messages == [
            "x.md:2:10: error: duplicate key 'a'",
        ])
    }

    // MARK: - The library's complaints, in words

    /// Each common mistake gets what to check at the place to look (lines of `x.md` start at 2).
    static let explainedMistakes: [(yaml: String, message: String)] = [
        ("title: Drought: a study\n",
         "x.md:2:15: error: malformed YAML: this value holds ': ', which YAML reads as the start of another key; put the whole value in quotes, such as title: \"Drought: a study\""),
        ("title: T\n date: 2025-06-01\n",
         "x.md:3:6: error: malformed YAML: this key is indented further than the key above it, which already has a value; start the keys of one mapping at the same column (or, if the line continues the value above, put that value in quotes)"),
        ("contacts:\n  - a\n - b\n",
         "x.md:4:2: error: malformed YAML: this line is not indented like the lines around it; start the keys of one mapping at the same column, and the '- ' items of a list at the same column under their key"),
        ("title: 'it's'\n",
         "x.md:2:12: error: malformed YAML: unexpected text after a value that ends with a quote or a bracket; put the whole value in quotes (inside single quotes, write an apostrophe twice: 'it''s')"),
        ("tags:\n  - a\n  b: c\n",
         "x.md:4:3: error: malformed YAML: this line breaks the list above it; start every item with '- ' at the same column"),
        ("tags: - a\n",
         "x.md:2:7: error: malformed YAML: a list item ('- ') must start its own line; write the key alone on its line and the items below it, or a list in brackets such as tags: [Drought, Weather]"),
        ("tags: [a, b\ntitle: T\n",
         "x.md:2:7: error: malformed YAML: the list that starts with '[' here is not closed with ']'; close it (and put items that hold ',' or ':' in quotes), or, if the value is text that starts with '[', put all of it in quotes"),
        ("params: {a: 1\ntitle: T\n",
         "x.md:2:9: error: malformed YAML: the mapping that starts with '{' here is not closed with '}'; close it (and put values that hold ',' or ':' in quotes), or, if the value is text that starts with '{', put all of it in quotes"),
        ("title: T\nsummary\n",
         "x.md:3:1: error: malformed YAML: this line has no ':' after its key; write key: value, or indent the line to continue the value above it"),
        ("title: T\n\ttags: [a]\n",
         "x.md:3:1: error: malformed YAML: a tab cannot indent YAML; indent with spaces"),
        ("summary: >\n\tabc\n",
         "x.md:3:1: error: malformed YAML: a tab cannot indent YAML; indent with spaces"),
        ("title: @handle\n",
         "x.md:2:8: error: malformed YAML: a value cannot start with '@'; put the value in quotes"),
        ("title: \"a\\q\"\n",
         "x.md:2:10: error: malformed YAML: in double quotes a backslash starts an escape such as \\n; write \\\\ for a backslash, or use single quotes"),
        ("title: *star\n",
         "x.md:2:8: error: malformed YAML: a value that starts with '*' refers to an anchor (&name) that is not defined; put the value in quotes if the '*' is part of the text"),
    ]

    @Test(arguments: explainedMistakes)
    func commonMistakesAreExplained(yaml: String, message: String) {
        #expect(Self.read(yaml).messages == [message])
    }
}
