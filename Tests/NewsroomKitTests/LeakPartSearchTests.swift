import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The leak scan of a file handed over a part at a time (`LeakScanner.PartSearch`), as the
/// search index is while it is written: whatever the parts, it finds what the scan of the file
/// whole finds. The texts are random runs of the held releases' needles (whole and cut short),
/// after prefixes that make a URL this site's or not (`https://example.org`, another host, a
/// longer path, a query) and before bytes that end it or make it a longer slug, among
/// delimiters, letters and multi-byte characters.
@Suite struct LeakPartSearchTests {
    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))

    /// The scanner a build of the `basic` fixture makes: it holds a draft, an embargoed and a
    /// scheduled release.
    static let scanner: LeakScanner? = {
        guard let site = SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site else { return nil }
        let publication = BuildOptions(siteDirectory: site.root, clock: clock).policy.apply(to: site)
        guard let plan = SitePlanner.plan(publication, clock: clock).plan else { return nil }
        return LeakScanner.forBuild(publication, plan: plan)
    }()

    /// The scanner for the `basic` fixture with one more held release, whose URL is the
    /// longest needle: a match of it ending in a later part may start anywhere in the bytes
    /// kept, so the bytes before them decide whether it is this site's.
    static let longURLScanner: LeakScanner? = {
        guard let site = try? Fixtures.copy("basic") else { return nil }
        let slug = "a-" + String(repeating: "long-", count: 30) + "slug"
        try? """
            ---
            title: Short held title
            date: 2026-03-10
            slug: \(slug)
            embargo: 2026-04-01T09:00:00Z
            ---
            Held.
            """.write(toFile: site + "/Content/releases/2026/2026-03-10-long.md", atomically: false, encoding: .utf8)
        guard let loaded = SiteLoader.load(siteDirectory: site, baseURLOverride: nil).site else { return nil }
        let publication = BuildOptions(siteDirectory: site, clock: clock).policy.apply(to: loaded)
        guard let plan = SitePlanner.plan(publication, clock: clock).plan else { return nil }
        return LeakScanner.forBuild(publication, plan: plan)
    }()

    static let pieces = ["https://example.org", "//example.org:8080", "https://other.example", "?text=", "/media", "x",
                         "\"", " ", "'", "<", ">", "(", ")", "-", "_", "a", "Z", "9", "é", "e\u{301}", "\n", ",", "/", "#"]

    /// A random text: needles whole or cut, among the pieces above.
    static func text(_ scanner: LeakScanner, random: inout SeededRandom) -> [UInt8] {
        var bytes: [UInt8] = []
        let patterns = scanner.matcher.patterns
        for _ in 0 ..< Int.random(in: 5 ... 40, using: &random) {
            if Int.random(in: 0 ..< 12, using: &random) == 0 {
                let pattern = patterns[Int.random(in: 0 ..< patterns.count, using: &random)]
                let length = Int.random(in: 0 ..< 4, using: &random) == 0 ? Int.random(in: 0 ... pattern.count, using: &random) : pattern.count
                bytes += pattern.prefix(length)
            } else {
                bytes += Array(pieces[Int.random(in: 0 ..< pieces.count, using: &random)].utf8)
            }
        }
        return bytes
    }

    /// What the search of `bytes` finds in parts of the given lengths (the last part takes the rest).
    static func inParts(_ scanner: LeakScanner, _ bytes: [UInt8], lengths: [Int]) -> [String] {
        let search = LeakScanner.PartSearch(scanner, path: "search.json")
        var start = 0
        for length in lengths + [bytes.count] where start < bytes.count {
            let end = min(bytes.count, start + length)
            bytes[start ..< end].withUnsafeBytes { search.append($0) }
            start = end
        }
        return search.finish(size: bytes.count, digest: Fingerprint.of(Data(bytes))).map { "\($0.item): \($0.what)" }
    }

    @Test(arguments: [false, true])
    func anyPartsFindWhatTheWholeFileShows(longURL: Bool) throws {
        let scanner = try #require(longURL ? Self.longURLScanner : Self.scanner)
        #expect(scanner.matcher.patterns.contains { $0.first == UInt8(ascii: "/") }, "the needles hold URLs")
        var random = SeededRandom(seed: longURL ? 13 : 12)
        var found = 0, foundNothing = 0
        for _ in 0 ..< 400 {
            let bytes = Self.text(scanner, random: &random)
            let whole = scanner.findings(in: "search.json", bytes: Data(bytes)).map { "\($0.item): \($0.what)" }
            if whole.isEmpty { foundNothing += 1 } else { found += 1 }
            var splits: [[Int]] = [[1], [2], [3], [bytes.count], [bytes.count / 2]]
            for _ in 0 ..< 4 { splits.append((0 ..< 40).map { _ in Int.random(in: 1 ... 24, using: &random) }) }
            for lengths in splits {
                // Parts of one length repeat it; random lengths are taken in turn.
                let all = lengths.count == 1 ? Array(repeating: max(1, lengths[0]), count: bytes.count) : lengths
                let parts = Self.inParts(scanner, bytes, lengths: all)
                #expect(parts == whole, "\(String(decoding: bytes, as: UTF8.self)) in parts of \(lengths)")
            }
        }
        // Both kinds of text are common, URLs judged both ways among them.
        #expect(found > 50 && foundNothing > 50, "\(found) with findings, \(foundNothing) without")
    }

    /// A URL at the end of a part is judged by the byte that follows in the next: a slug
    /// character makes it a longer slug, a quote ends it. And the walk back over an address
    /// reaches into earlier parts: `myexample.org` before it is another host, whose last
    /// bytes alone would read as this site's.
    @Test func aURLIsJudgedAcrossParts() throws {
        let scanner = try #require(Self.longURLScanner)
        let url = try #require(scanner.matcher.patterns.max { $0.count < $1.count })
        #expect(String(decoding: url, as: UTF8.self).hasSuffix("long-slug"))
        let longer = Array("\"".utf8) + url + Array("-2\"".utf8)
        let ended = Array("\"".utf8) + url + Array("\"".utf8)
        let otherHost = Array("\"https://other.example".utf8) + Array(repeating: UInt8(ascii: "a"), count: 600) + url + Array("\"".utf8)
        let similarHost = Array("\"https://myexample.org".utf8) + url + Array("\"".utf8)
        let ourHost = Array("\"https://example.org".utf8) + url + Array("\"".utf8)
        for (bytes, leaks) in [(longer, false), (ended, true), (otherHost, false), (similarHost, false), (ourHost, true)] {
            let whole = scanner.findings(in: "search.json", bytes: Data(bytes))
            #expect(whole.isEmpty != leaks, "\(String(decoding: bytes, as: UTF8.self))")
            for cut in 1 ..< bytes.count {
                #expect(Self.inParts(scanner, bytes, lengths: [cut]).isEmpty != leaks, "\(String(decoding: bytes, as: UTF8.self)) cut at \(cut)")
            }
        }
    }

    /// Only files whose links the scan does not read are searched in parts.
    @Test func onlyFilesWithoutLinksAreSearchedInParts() throws {
        let scanner = try #require(Self.scanner)
        #expect(scanner.searchesInParts("search.json"))
        #expect(scanner.searchesInParts("releases/2026/x/release.txt"))
        for path in ["sitemap.xml", "sitemap-2.xml", "index.html", "a.htm", "media/logo.svg"] {
            #expect(!scanner.searchesInParts(path), "\(path)")
        }
    }
}
