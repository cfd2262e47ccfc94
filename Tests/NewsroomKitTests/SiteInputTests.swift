import Foundation
@testable import NewsroomKit
import Testing

/// What the build reads and the paths it writes, tried with the hostile and broken versions
/// that cannot live in a fixture folder (links out of the site, sockets, huge files) or that
/// once crashed the planner.
@Suite struct SiteInputTests {
    static let settings = """
        title: Example Newsroom
        base_url: https://newsroom.example.org/
        timezone: UTC
        organization:
          name: Example Organization
          about: Example Organization makes examples.
        contacts:
          press-office: {name: Press Office, email: press@example.org}
        default_contacts: [press-office]

        """
    static let release = "---\ntitle: Launch day\ndate: 2025-06-01\n---\nWe launch.\n"
    static let clock = "2026-01-01T00:00:00Z"

    /// A small valid site in a fresh folder, plus `files`.
    static func site(_ files: [String: String] = [:]) throws -> (site: String, output: String) {
        let root = Fixtures.temporaryDirectory("input")
        let site = root + "/site"
        try BadInputTests.write(["Content/newsroom.yml": settings, "Content/releases/2025-06-01-launch.md": release]
            .merging(files) { $1 }, into: URL(fileURLWithPath: site))
        return (site, root + "/public")
    }

    enum StartFolder: String, CaseIterable, Sendable {
        case content = "Content", releases = "Content/releases", pages = "Content/pages", media = "Content/media"
        case templates = "Templates", assets = "Templates/assets"
    }

    /// Every folder the build starts reading from must be inside the site, as every folder below it is.
    @Test(arguments: StartFolder.allCases)
    func aStartingFolderLinkedOutOfTheSiteIsRefused(_ folder: StartFolder) throws {
        let (site, output) = try Self.site()
        let outside = Fixtures.temporaryDirectory("outside")
        try BadInputTests.write(["creds.env": "SECRET=1\n"], into: URL(fileURLWithPath: outside))
        if folder == .content {
            try BadInputTests.copyTree(from: URL(fileURLWithPath: site + "/Content"), to: URL(fileURLWithPath: outside))
            try FileManager.default.removeItem(atPath: site + "/Content")
        } else if folder == .releases {
            try BadInputTests.write(["2025-06-01-launch.md": Self.release], into: URL(fileURLWithPath: outside))
            try FileManager.default.removeItem(atPath: site + "/Content/releases")
        }
        if folder == .assets { try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true) }
        try FileManager.default.createSymbolicLink(atPath: site + "/" + folder.rawValue, withDestinationPath: outside)
        let resolved = URL(fileURLWithPath: outside).resolvingSymlinksInPath().path
        do {
            _ = try Fixtures.build(site, output: output, now: Self.clock)
            Issue.record("a folder linked out of the site was read")
        } catch {
            #expect(error.errors == [.error("symbolic link points outside the site (to \(resolved)); copy the folder in instead",
                                            at: SourceLocation(path: folder.rawValue))])
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func theSettingsFileLinkedOutOfTheSiteIsRefused() throws {
        let (site, output) = try Self.site()
        let outside = Fixtures.temporaryDirectory("outside") + "/newsroom.yml"
        try FileManager.default.moveItem(atPath: site + "/Content/newsroom.yml", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: site + "/Content/newsroom.yml", withDestinationPath: outside)
        #expect(throws: BuildFailure([.error("symbolic link points outside the site (to \(URL(fileURLWithPath: outside).resolvingSymlinksInPath().path)); copy the file in instead",
                                             at: SourceLocation(path: "Content/newsroom.yml"))])) {
            _ = try Fixtures.build(site, output: output, now: Self.clock)
        }
    }

    /// A file or folder whose name is not UTF-8 (Latin-1 from an old archive) is refused by name,
    /// its bad byte shown as U+FFFD, and as what it is, rather than as a file that cannot be
    /// found; nothing in such a folder is read. A file whose name starts with "." is ignored like
    /// any hidden file.
    @Test(arguments: [false, true])
    func aNameThatIsNotUTF8IsRefusedByName(folder: Bool) throws {
        let (site, output) = try Self.site()
        let named = folder ? Array("caf".utf8) + [0xE9] : Array("2025-06-02-caf".utf8) + [0xE9] + Array(".md".utf8)
        for name in [named, Array(".caf".utf8) + [0xE9]] {
            let path = Array((site + "/Content/releases/").utf8) + name + [0]
            try path.withUnsafeBufferPointer { bytes in
                try bytes.withMemoryRebound(to: CChar.self) { path in
                    if folder && name == named {
                        try #require(mkdir(path.baseAddress!, 0o755) == 0)
                        return
                    }
                    let made = open(path.baseAddress!, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
                    try #require(made >= 0)
                    _ = Self.release.withCString { write(made, $0, strlen($0)) }
                    close(made)
                }
            }
        }
        let shown = folder ? "Content/releases/caf\u{FFFD}" : "Content/releases/2025-06-02-caf\u{FFFD}.md"
        #expect(throws: BuildFailure([.error("this \(folder ? "folder" : "file")'s name is not UTF-8; rename it",
                                             at: SourceLocation(path: shown))])) {
            _ = try Fixtures.build(site, output: output, now: Self.clock)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A hidden file is ignored whatever its name: one whose name is not UTF-8 fails no build,
    /// the first or the next.
    @Test func aHiddenFileWhoseNameIsNotUTF8IsIgnored() throws {
        let (site, output) = try Self.site()
        let path = Array((site + "/Content/releases/.caf").utf8) + [0xE9, 0]
        let made = path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644) }
        }
        try #require(made >= 0)
        close(made)
        for _ in 0 ..< 2 {
            let report = try Fixtures.build(site, output: output, now: Self.clock)
            #expect(report.publishedReleases == 1)
        }
    }

    @Test func aSocketOrPipeInMediaIsAnError() throws {
        let (site, output) = try Self.site(["Content/media/logo.svg": "<svg/>\n"])
        #expect(mkfifo(site + "/Content/media/pipe", 0o644) == 0)
        let socketPath = site + "/Content/media/sock"
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(throws: BuildFailure([
            .error("this is a named pipe (FIFO), not a regular file; only regular files can be published", at: SourceLocation(path: "Content/media/pipe")),
            .error("this is a socket, not a regular file; only regular files can be published", at: SourceLocation(path: "Content/media/sock")),
        ])) {
            _ = try Fixtures.build(site, output: output, now: Self.clock)
        }
    }

    /// A folder of more entries than one thread reads alone (its names are read on several): the
    /// same files and the same errors, wherever the odd entries fall, on one thread or four.
    @Test func aLargeFolderIsReadTheSameOnAnyNumberOfThreads() throws {
        let (site, _) = try Self.site()
        let folder = site + "/Content/releases"
        var files: [String: String] = [:]
        for index in 0 ..< 1_500 { files[String(format: "2024-01-01-r%04d.md", index)] = Self.release }
        try BadInputTests.write(files, into: URL(fileURLWithPath: folder))
        let outside = Fixtures.temporaryDirectory("outside")
        try BadInputTests.write(["secret.md": Self.release], into: URL(fileURLWithPath: outside))
        #expect(mkfifo(folder + "/2024-01-01-r0700-pipe.md", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/2024-01-01-r1100-out.md", withDestinationPath: outside + "/secret.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/2024-01-01-r1400-gone.md", withDestinationPath: folder + "/nothing.md")
        let reader = SiteFiles(root: site)
        var one = Diagnostics(), four = Diagnostics()
        let onOne = reader.files(under: "Content/releases", threads: 1, diagnostics: &one)
        let onFour = reader.files(under: "Content/releases", threads: 4, diagnostics: &four)
        #expect(onOne.count == 1_501)
        #expect(onOne == onFour)
        #expect(one.sorted == four.sorted)
        #expect(one.sorted.map(\.location.path) == [
            "Content/releases/2024-01-01-r0700-pipe.md", "Content/releases/2024-01-01-r1100-out.md", "Content/releases/2024-01-01-r1400-gone.md",
        ])
    }

    /// The snapshot that lets a build stop at once reads a large folder's entries on several
    /// threads: it must be the same on any number, and see a change of any one file.
    @Test func theInputSnapshotOfALargeFolderIsTheSameOnAnyNumberOfThreads() throws {
        let (site, _) = try Self.site()
        var files: [String: String] = [:]
        for index in 0 ..< 1_500 { files[String(format: "Content/releases/2024-01-01-r%04d.md", index)] = Self.release }
        try BadInputTests.write(files, into: URL(fileURLWithPath: site))
        let one = InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 1)
        #expect(one != nil)
        #expect(one == InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 4))
        try Data("---\ntitle: Launch day!\ndate: 2025-06-01\n---\nWe launch.\n".utf8)
            .write(to: URL(fileURLWithPath: site + "/Content/releases/2024-01-01-r1234.md"))
        let changed = InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 4)
        #expect(changed != nil && changed != one)
        #expect(changed == InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 1))
    }

    /// A folder's subfolders are walked on every core: the snapshot is the same on any number of
    /// threads, and sees a change of a file deep down.
    @Test func theInputSnapshotOfNestedFoldersIsTheSameOnAnyNumberOfThreads() throws {
        let (site, _) = try Self.site()
        var files: [String: String] = [:]
        for year in 2015 ... 2024 {
            for index in 0 ..< 20 { files["Content/releases/\(year)/\(year)-01-01-r\(index).md"] = Self.release }
        }
        for index in 0 ..< 6 {
            files["Content/releases/2020/bundle-\(index)/index.md"] = Self.release
            files["Content/releases/2020/bundle-\(index)/photo.svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
        }
        try BadInputTests.write(files, into: URL(fileURLWithPath: site))
        let one = InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 1)
        #expect(one != nil)
        #expect(one == InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 4))
        try Data("<svg/>\n".utf8).write(to: URL(fileURLWithPath: site + "/Content/releases/2020/bundle-3/photo.svg"))
        let changed = InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 4)
        #expect(changed != nil && changed != one)
        #expect(changed == InputSnapshot.take(siteRoot: site, settledBefore: .max, threads: 1))
    }

    /// A watcher follows links; one that leads back up fails its walk at the first folder 32
    /// deep, instead of following every subfolder of every folder on the way down (4^16 folders here).
    @Test func aWatcherStopsAtALinkThatLeadsBackUp() throws {
        let (site, _) = try Self.site()
        for name in ["a", "b", "c", "d"] {
            try FileManager.default.createDirectory(atPath: site + "/Content/" + name, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: site + "/Content/\(name)/up", withDestinationPath: "..")
        }
        #expect(InputSnapshot.watchFingerprint(siteRoot: site) == nil)
    }

    /// A huge body is blamed on its file, not on the template that would have printed it.
    @Test func aHugeReleaseFileIsAnErrorAtTheFile() throws {
        let body = String(repeating: String(repeating: "word ", count: 20) + "\n", count: 50_000)
        let (site, output) = try Self.site(["Content/releases/2025-06-02-huge.md": "---\ntitle: Huge\ndate: 2025-06-02\n---\n" + body])
        #expect(throws: BuildFailure([.error("this file is 4.8 MiB; a text file of the site may be at most 4 MiB (offer large material as an attachment)",
                                             at: SourceLocation(path: "Content/releases/2025-06-02-huge.md"))])) {
            _ = try Fixtures.build(site, output: output, now: Self.clock)
        }
    }

    /// Output paths whose first part is one character once crashed the URL-conflict check.
    @Test func oneCharacterPathsArePlanned() throws {
        let (site, output) = try Self.site([
            "Content/pages/q.md": "---\ntitle: Q\n---\nA page.\n",
            "Content/releases/2025-06-01-launch.md": "---\ntitle: Launch day\ndate: 2025-06-01\naliases: [/x/, /p/123/, /é/, /y.html]\n---\nWe launch.\n",
        ])
        _ = try Fixtures.build(site, output: output, now: Self.clock)
        let tree = OutputTree(output)
        for path in ["q/index.html", "x/index.html", "p/123/index.html", "é/index.html", "y.html"] {
            #expect(tree.files[path] != nil, "missing \(path)")
        }
    }

    /// File names that mean something in a URL are percent-encoded in links; the files keep their names.
    @Test func attachmentURLsArePercentEncoded() throws {
        let (site, output) = try Self.site([
            "Content/releases/offer/index.md": """
                ---
                title: Offer
                date: 2025-07-01
                attachments:
                  - {title: Report, file: "report #1?.txt"}
                  - {title: Discount, file: "50%off.txt"}
                  - {title: Café menu, file: "menu café.txt"}
                ---
                Files.

                """,
            "Content/releases/offer/report #1?.txt": "one\n",
            "Content/releases/offer/50%off.txt": "half\n",
            "Content/releases/offer/menu café.txt": "menu\n",
        ])
        _ = try Fixtures.build(site, output: output, now: Self.clock)
        let tree = OutputTree(output)
        let page = try #require(tree.text("releases/2025/offer/index.html"))
        for href in ["/releases/2025/offer/report%20%231%3F.txt", "/releases/2025/offer/50%25off.txt",
                     "/releases/2025/offer/menu%20caf%C3%A9.txt"] {
            #expect(page.contains("href=\"\(href)\""), "no link to \(href)")
        }
        #expect(tree.text("releases/2025/offer/report #1?.txt") == "one\n")
        #expect(tree.text("releases/2025/offer/50%off.txt") == "half\n")
    }
}
