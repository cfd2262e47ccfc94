import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The leak scan resolves only the links whose text could lead to a held URL
/// (`LinkTextFilter`). Every link it skips must be one that, resolved in full, leads to
/// no held URL: random links made of the held URLs' parts, dots, slashes, percent escapes,
/// backslashes, tabs and line breaks, hosts, queries and look-alike characters, from pages in
/// ordinary folders and in the held releases' own.
@Suite struct LeakLinkFilterTests {
    static let scanner: LeakScanner? = LeakPartSearchTests.scanner

    /// Whether the full resolution finds a held URL for `link` on a page in `folder`.
    static func leadsToHeld(_ scanner: LeakScanner, _ link: String, folder: String) -> Bool {
        guard let target = scanner.siteTarget(of: link, inFolder: folder) else { return false }
        return scanner.heldOwner(ofKey: LeakScanner.key(of: target)) != nil
    }

    @Test func skipsOnlyLinksThatLeadToNoHeldURL() throws {
        let scanner = try #require(Self.scanner)
        let keys = Array(scanner.heldURLs.keys).sorted()
        #expect(keys.count >= 3, "the fixture holds releases back")
        let parts = Set(keys.flatMap { $0.split(separator: "/").map(String.init) })
        var pieces = Array(parts).sorted() + [
            "/", "/", "/", ".", "..", "./", "../", "index.html", ".html", ".htm", "release.txt", "#top", "?q=1",
            "https://example.org", "//example.org", "https://other.example", "http://EXAMPLE.org:8080", "mailto:",
            "%2F", "%2f", "%68", "%", "\\", "\t", "\n", "\r", " ", "\u{212A}", "K", "é", "e\u{301}", "x", "-", "2026",
        ]
        // Whole held URLs, often, so that many links lead to one, in many spellings.
        // (The fixture's site lives under a path, `/news/`; a page's folder is written with it.)
        let base = scanner.basePath
        for key in keys { pieces += [base + key, base + key + "/", key, key + ".html", base + key + "/index.html"] }
        // And spelled so that only resolving shows them: a letter of the last part escaped, a tab
        // or a line break inside it, backslashes for slashes.
        for key in keys {
            let cut = key.index(after: key.lastIndex(of: "/") ?? key.startIndex)
            guard cut < key.endIndex, let first = key[cut...].utf8.first else { continue }
            let rest = key[key.index(after: cut)...]
            pieces += [base + key[..<cut] + String(format: "%%%02X", first) + rest,
                       base + key[..<cut] + String(key[cut]) + "\t" + rest, base + key[..<cut] + String(key[cut]) + "\n" + rest,
                       (base + key).replacingOccurrences(of: "/", with: "\\")]
        }
        let folders = (["", "releases/2026/", "releases/2026/published/", "tags/x/"]
            + keys.map { $0 + "/" } + keys.map { String($0.split(separator: "/").dropLast().joined(separator: "/")) + "/" })
            .map { String(base.dropFirst()) + $0 }
        var random = SeededRandom(seed: 31)
        var (skipped, resolved, leading, owned) = (0, 0, 0, 0)
        for _ in 0 ..< 6000 {
            var link = ""
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) { link += pieces[Int.random(in: 0 ..< pieces.count, using: &random)] }
            let folder = folders[Int.random(in: 0 ..< folders.count, using: &random)]
            let mayLead = scanner.linkFilter.mayResolve(folder) || scanner.linkFilter.mayResolve(link)
            let leads = Self.leadsToHeld(scanner, link, folder: folder)
            if leads { leading += 1 }
            if mayLead { resolved += 1 } else { skipped += 1 }
            #expect(mayLead || !leads, "'\(link)' from '\(folder)' leads to a held URL but was skipped")
            // An output file's own name is judged the same way (`searchName`).
            let path = String(link.drop { $0 == "/" })
            if scanner.heldOwner(ofKey: LeakScanner.key(of: path)) != nil {
                owned += 1
                #expect(scanner.linkFilter.mayResolve(path), "the output path '\(path)' is a held URL but was skipped")
            }
        }
        // All three kinds are common: the links skipped, the links resolved, the leaks among them.
        #expect(skipped > 500 && resolved > 500 && leading > 200 && owned > 50,
                "\(skipped) skipped, \(resolved) resolved, \(leading) leading to held URLs, \(owned) paths that are held URLs")
    }

    /// Reading a page's links with the filter (values skipped by their bytes, never made strings)
    /// keeps every link that the filter lets through when all are read.
    @Test func readingLinksWithTheFilterKeepsEveryLinkThatMayLead() throws {
        let scanner = try #require(Self.scanner)
        let filter = scanner.linkFilter
        let held = scanner.heldURLs.keys.sorted()
        let base = scanner.basePath
        var values: [String] = held.map { base + $0 + "/" }
        values += held.map { "https://example.org" + base + $0 }
        let first = held.first ?? "", last = held.last ?? ""
        values += [base + "releases/2026/published/", "&#x2F;news&#x2F;" + first, "a.png 1x, " + base + last + " 2x",
                   "0; url=" + base + first, "x%2Fy", "a\tb", "caf\u{E9}", "#top", "mailto:press@example.org", ""]
        for key in held {
            // The last part's first letter as a character reference: only decoding shows the name.
            let cut = key.index(after: key.lastIndex(of: "/") ?? key.startIndex)
            guard cut < key.endIndex, let letter = key[cut...].unicodeScalars.first else { continue }
            let before = String(key[..<cut]), after = String(key[key.index(after: cut)...])
            values.append(base + before + "&#" + String(letter.value) + ";" + after)
        }
        let attributes = ["href", "HREF", "src", "srcset", "content", "ping", "data-x", "title", "xlink:href", "Src", "bac\u{212A}ground"]
        var random = SeededRandom(seed: 5)
        var kept = 0
        for _ in 0 ..< 400 {
            var html = ""
            for _ in 0 ..< Int.random(in: 1 ... 8, using: &random) {
                let attribute = attributes[Int.random(in: 0 ..< attributes.count, using: &random)]
                let value = values[Int.random(in: 0 ..< values.count, using: &random)]
                let quote = ["\"", "'", ""][Int.random(in: 0 ..< 3, using: &random)]
                html += "<a \(attribute)=\(quote)\(value)\(quote) >text</a>\n"
            }
            let bytes = Data(html.utf8)
            let all = bytes.withUnsafeBytes { HTMLLinks.destinations(in: $0) }
            let read = bytes.withUnsafeBytes { HTMLLinks.destinations(in: $0, mayLead: { filter.mayResolve($0) }) }
            #expect(read.filter(filter.mayResolve) == all.filter(filter.mayResolve), "\(html)")
            kept += all.filter(filter.mayResolve).count
        }
        #expect(kept > 200)
    }

    /// Ordinary links are not resolved; a held URL in any spelling the filter cannot read is.
    @Test func resolvesOnlyWhatMayLead() throws {
        let scanner = try #require(Self.scanner)
        let held = try #require(scanner.heldURLs.keys.sorted().first)
        let filter = scanner.linkFilter
        for link in ["/releases/2026/published/", "https://example.org/tags/", "../other/", "/media/logo.png", "#top"] {
            #expect(!filter.mayResolve(link), "\(link)")
        }
        for link in [scanner.basePath + held + "/", "https://example.org" + scanner.basePath + held, "%2F", "a\\b", "a\tb", "a\nb", "\u{212A}"] {
            #expect(filter.mayResolve(link), "\(link)")
        }
        // A held key whose last part is not ASCII matches by canonical equivalence: every link is resolved.
        let kelvin = LinkTextFilter(lastPartsOf: ["releases/2026/\u{212A}elvin"])
        #expect(kelvin.mayResolve("/releases/2026/other/"))
        #expect(LinkTextFilter(lastPartsOf: ["releases/2026/"]).mayResolve("/x/"))
        #expect(!LinkTextFilter(lastPartsOf: ["releases/2026/kelvin"]).mayResolve("/releases/2026/other/"))
    }
}
