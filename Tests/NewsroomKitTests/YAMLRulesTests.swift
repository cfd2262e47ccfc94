import Foundation
@testable import NewsroomKit
import Testing

/// What the YAML reader checks for every field of every file.
@Suite struct YAMLRulesTests {
    static func read(_ text: String) -> (root: YAMLNode?, messages: [String]) {
        let document = YAMLReader.parse(text, path: "x.md", lineOffset: 1)
        return (document.root, document.diagnostics.sorted.map(\.description))
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
}
