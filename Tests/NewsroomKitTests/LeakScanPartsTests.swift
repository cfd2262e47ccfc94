import Foundation
@testable import NewsroomKit
import Testing

/// The parts of the leak scan on their own: the multi-pattern search, the HTML link reader
/// and the one spelling of a page's URL.
@Suite struct LeakScanPartsTests {
    /// Every occurrence, overlapping ones and patterns that end inside others included.
    @Test func matcherFindsEveryOccurrence() {
        let matcher = PatternMatcher(["he", "she", "his", "hers", "", "s"].map { Array($0.utf8) })
        var found: [String] = []
        Data("ushers shis".utf8).withUnsafeBytes { raw in
            matcher.scan(raw) { pattern, end in
                found.append("\(String(decoding: matcher.patterns[pattern], as: UTF8.self))@\(end)")
                return true
            }
        }
        #expect(found == ["s@2", "she@4", "he@4", "hers@6", "s@6", "s@8", "his@11", "s@11"])
        #expect(matcher.occurring(in: Data("nothing here".utf8)) == [0])
        #expect(PatternMatcher([]).occurring(in: Data("text".utf8)).isEmpty)
    }

    @Test func matcherMatchesBytesNotCharacters() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let matcher = PatternMatcher([Array(composed.utf8)])
        #expect(matcher.occurring(in: Data(("le " + decomposed).utf8)).isEmpty)
        #expect(matcher.occurring(in: Data(("le " + composed).utf8)) == [0])
    }

    @Test func linksAreReadFromEveryURLAttributeAndDecoded() {
        let html = """
            <a href="/a/">x</a><A HREF=/b/ class=x><img src='/c.png' srcset="/d.png 1x, /e.png 2x">
            <form action="&#x2F;f&#47;g&sol;h"></form><meta http-equiv="refresh" content="0; url=/i/">
            <a title="href=/no/" href = "&#106;avascript:x">j</a><p data-x="/no/">text href="/no/"</p>
            <a href="/k/&amp;l">x</a><a href="unterminated
            """
        let found = Data(html.utf8).withUnsafeBytes { HTMLLinks.destinations(in: $0) }
        #expect(found == ["/a/", "/b/", "/c.png", "/d.png", "/e.png", "/f/g/h", "/i/", "javascript:x", "/k/&l", "unterminated"])
    }

    /// In an attribute, `&ampe` stays as it is (a legacy name followed by a letter), as in a browser.
    @Test func referencesDecodeAsBrowsersDo() {
        #expect(HTMLLinks.decodingReferences("&#x2F;a&#47b&sol;c&amp;d&ampe&unknown;f&#;") == "/a/b/c&d&ampe&unknown;f&#;")
        #expect(HTMLLinks.decodingReferences("&colon&period;") == "&colon.")
    }

    @Test(arguments: [
        ("releases/2026/x/", "releases/2026/x"), ("releases/2026/x", "releases/2026/x"),
        ("releases/2026/x/index.html", "releases/2026/x"), ("releases/2026/x.html", "releases/2026/x"),
        ("index.html", ""), ("", ""), ("media/a.svg", "media/a.svg"), ("2016/05/old.htm", "2016/05/old"),
    ])
    func everySpellingOfAPageHasOneKey(path: String, key: String) {
        #expect(LeakScanner.key(of: path) == key)
    }
}
