@testable import NewsroomKit
import TestFolders
import Testing

/// Which output paths the writer refuses, counted in bytes as the file system counts them.
@Suite struct OutputPathTests {
    @Test func namesAreMeasuredInBytes() {
        let accented = String(repeating: "é", count: 128)       // 128 characters, 256 bytes
        #expect(OutputClaims.problem(with: "releases/\(accented)/index.html")?.contains("is 256 bytes long") == true)
        #expect(OutputClaims.problem(with: "releases/\(String(repeating: "é", count: 127))/index.html") == nil)
        // A combining mark after a slash does not join two names into one: read as characters,
        // `a/́bbb…` would be one name of 256 bytes; as bytes it is `a` and a name of 254.
        #expect(OutputClaims.problem(with: "a/\u{301}\(String(repeating: "b", count: 252))/index.html") == nil)
    }

    /// The last name counts like the others, and of several problems the long name is told
    /// first, then the reserved name, then an empty or dot name.
    @Test func theLastNameAndWhichProblemIsTold() {
        let long = String(repeating: "n", count: 256)
        #expect(OutputClaims.problem(with: "a/\(long)")?.contains("is 256 bytes long") == true)
        #expect(OutputClaims.problem(with: "a/")?.contains("an empty, '.' or '..' part") == true)
        #expect(OutputClaims.problem(with: "")?.contains("an empty, '.' or '..' part") == true)
        #expect(OutputClaims.problem(with: "../\(long)/x")?.contains("is 256 bytes long") == true)
        #expect(OutputClaims.problem(with: "\(OutputWriter.markerName)/\(long)")?.contains("is 256 bytes long") == true)
        #expect(OutputClaims.problem(with: "\(OutputWriter.markerName)/..")?.contains("is reserved") == true)
    }

    @Test func reservedEmptyAndDotNames() {
        #expect(OutputClaims.problem(with: "\(OutputWriter.markerName)")?.contains("is reserved") == true)
        #expect(OutputClaims.problem(with: "news/\(OutputWriter.markerName)") == nil)
        for path in ["a//b.html", "./a.html", "a/../b.html", "a/.", "/a.html"] {
            #expect(OutputClaims.problem(with: path)?.contains("an empty, '.' or '..' part") == true, "\(path)")
        }
        #expect(OutputClaims.problem(with: "a/.b/c..html") == nil)
        #expect(OutputClaims.problem(with: String(repeating: "a/", count: 1600) + "x")?.contains("at most 3072 fit") == true)
    }

    /// Clashes, files that others need as folders and paths no file system takes, each at the
    /// source that claimed it, and the same whatever the thread count.
    @Test(arguments: [1, 4])
    func claimsAreCheckedAtEverySource(threads: Int) {
        let (a, b, c, d, e) = (SourceLocation(path: "a.md"), SourceLocation(path: "b.md"), SourceLocation(path: "c.md"),
                               SourceLocation(path: "d.md"), SourceLocation(path: "e.md"))
        var claims = OutputClaims()
        claims.claim("news/index.html", by: a)
        claims.claim("news/index.html", by: b)
        claims.claim("old/page", by: c)
        claims.claim("old/page/index.html", by: d)
        // Claimed twice but no file system takes it: two errors, each at its source, and no clash.
        claims.claim("x//y.html", by: a)
        claims.claim("x//y.html", by: e)
        for index in 0 ..< 300 { claims.claim("releases/\(index)/index.html", by: SourceLocation(path: "r\(index).md")) }
        let messages = claims.settled(threads: threads).conflicts(threads: threads).sorted.map(\.description)
        #expect(messages == [
            "a.md:1:1: error: the output path /x//y.html has an empty, '.' or '..' part",
            "b.md:1:1: error: two pages have the URL /news/: this file and a.md",
            "d.md:1:1: error: /old/page is a file, so nothing can be published below it (/old/page/index.html); it comes from c.md",
            "e.md:1:1: error: the output path /x//y.html has an empty, '.' or '..' part",
        ])
    }

    /// Files that other paths need as folders, found with the folders already known clear
    /// skipped, are the ones a plain walk up from every path finds, at every depth.
    @Test(arguments: [1, 2, 3])
    func nestedClaimsMatchAPlainWalk(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let names = ["a", "b", "c"]
        var claims = OutputClaims()
        var claimed: [String: NewsroomKit.SourceLocation] = [:]
        for index in 0 ..< 200 {
            let depth = Int.random(in: 1 ... 4, using: &random)
            let path = (0 ..< depth).map { _ in names.randomElement(using: &random)! }.joined(separator: "/")
            let origin = SourceLocation(path: "s\(index).md")
            claims.claim(path, by: origin)
            if claimed[path] == nil { claimed[path] = origin }
        }
        var expected: [String] = []
        for (path, origin) in claimed {
            var prefix = Route.parentFolder(of: path)
            while !prefix.isEmpty {
                if let other = claimed[prefix] {
                    expected.append(Diagnostic.error("/\(prefix) is a file, so nothing can be published below it (/\(path)); it comes from \(other.path)",
                                                     at: origin).description)
                }
                prefix = Route.parentFolder(of: prefix)
            }
        }
        let found = claims.settled(threads: 2).conflicts(threads: 2).sorted.map(\.description).filter { $0.contains("is a file, so nothing") }
        #expect(!expected.isEmpty)
        #expect(found.sorted() == expected.sorted())
    }

    /// A path's folder and last part, found from its last `/` by scanning bytes: short paths
    /// (kept inside the string value), long ones, other letters before and after the slash.
    @Test func theFolderAndTheLastPartOfAPath() {
        let cases: [(path: String, folder: String, last: String)] = [
            ("", "", ""), ("q", "", "q"), ("/", "", ""), ("a/", "a", ""), ("a/b", "a", "b"),
            ("releases/2015/x/index.html", "releases/2015/x", "index.html"),
            ("communiqués/été/ü.md", "communiqués/été", "ü.md"), ("日本/語", "日本", "語"),
            (String(repeating: "long/", count: 40) + "end", String(repeating: "long/", count: 40).dropLast() + "", "end"),
        ]
        for (path, folder, last) in cases {
            #expect(Route.parentFolder(of: path) == folder, "\(path)")
            #expect(Route.lastPart(of: path) == last, "\(path)")
        }
    }
}
