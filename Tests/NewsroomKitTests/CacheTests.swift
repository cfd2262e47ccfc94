import Foundation
@testable import NewsroomKit
import Testing

/// The cache folder is never trusted blindly: a file that is damaged, cut short, of another
/// kind, format or program version is ignored with a note, the build's output is exactly a
/// clean build's, and the next build finds a good cache again.
@Suite struct CacheTests {
    enum Damage: String, CaseIterable {
        case garbage, empty, truncated, flippedByte, anotherProgram, anotherKind, anotherFormat
    }

    static let reasons: [Damage: String] = [
        .garbage: "it is not a newsroom cache file",
        .empty: "it is not a newsroom cache file",
        .truncated: "it ends too early",
        .flippedByte: "it is damaged (its checksum does not match)",
        .anotherProgram: "another build of newsroom wrote it",
        .anotherKind: "it holds another kind of data",
        .anotherFormat: "it was written in another format",
    ]

    static func damage(_ file: CacheFile, _ damage: Damage) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        var damaged: Data
        switch damage {
        case .garbage: damaged = Data("not a cache at all\n".utf8)
        case .empty: damaged = Data()
        case .truncated: damaged = bytes.prefix(bytes.count / 2)
        case .flippedByte:
            damaged = bytes
            damaged[bytes.count - 10] ^= 0x20
        case .anotherProgram:
            var other = file
            other.identity = "build-id:0000"
            try other.save(Array("payload".utf8))
            return
        case .anotherKind:
            try CacheFile(kind: "something else", path: file.path).save(Array("payload".utf8))
            return
        case .anotherFormat:
            damaged = bytes
            damaged[CacheFile.magic.count] &+= 1
        }
        try damaged.write(to: URL(fileURLWithPath: file.path))
    }

    @Test(arguments: Damage.allCases, ["releases", "manifest"])
    func aDamagedCacheIsIgnoredWithANote(damage: Damage, which: String) throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let output = work + "/public", cache = work + "/cache"
        let options = BuildOptions(siteDirectory: site, outputDirectory: output, clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")),
                                   cacheDirectory: cache)
        _ = try Builder.build(options)
        let session = BuildSession(cacheDirectory: cache)
        let shard = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("releases-") }.sorted().first
        let file = which == "releases" ? CacheFile(kind: "releases", path: cache + "/" + shard!) : session.manifestFile(for: output)!
        try Self.damage(file, damage)
        // Something to do, so the build reads every cache file it has.
        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let before = FileState.read(output)

        let report = try Builder.build(options)
        #expect(report.notes == ["ignoring the build cache \(file.path): \(Self.reasons[damage]!); it is rebuilt by this build"])
        var clean = options
        clean.outputDirectory = work + "/clean"
        clean.cacheDirectory = nil
        _ = try Builder.build(clean)
        #expect(OutputTree(output) == OutputTree(work + "/clean"))
        // Files the edit did not change are carried over even without a manifest to vouch for them.
        let after = FileState.read(output)
        for (path, state) in before where after[path]?.bytes == state.bytes && path != "releases/2024/alpha-launch/index.html" {
            #expect(after[path]?.inode == state.inode, "\(path)")
        }
        let next = try Builder.build(options)
        #expect(next.notes == [])
        #expect(next.pagesRendered == 0)
    }

    /// A link left at a cache file's temporary name (another program, an earlier build) is
    /// replaced, never written through: the file it points to stays as it was.
    @Test func aLinkAtACacheFilesTemporaryNameIsNotWrittenThrough() throws {
        let work = Fixtures.temporaryDirectory("cache-link")
        let victim = work + "/victim.txt"
        try "not the cache's".write(toFile: victim, atomically: true, encoding: .utf8)
        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        try FileManager.default.createSymbolicLink(atPath: file.path + ".tmp-\(getpid())", withDestinationPath: victim)
        try file.save([1])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "not the cache's")
        guard case .success(var loaded)? = file.load() else {
            Issue.record("the saved file does not load")
            return
        }
        #expect(try loaded.reader.readBool())
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp-\(getpid())"))
    }

    @Test func aCacheFolderThatCannotBeWrittenCostsANoteNotTheBuild() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        try "a file where the cache folder should be".write(toFile: work + "/cache", atomically: true, encoding: .utf8)
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let report = try Builder.build(options)
        #expect(report.notes.count == 1, "\(report.notes)")
        #expect(report.notes.allSatisfy { $0.hasPrefix("cannot save the build cache \(work)/cache/") && $0.hasSuffix("more files): \(work)/cache is a file, not a folder; the next build starts afresh") }, "\(report.notes)")
        #expect(FileManager.default.fileExists(atPath: work + "/public/index.html"))
    }

    @Test func theOutputAndTheCacheFolderStayApart() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))
        for (output, cache) in [(work + "/public", work + "/public/cache"), (work + "/cache/public", work + "/cache"),
                                (work + "/public", site + "/Content/media/cache"), (work + "/public", site + "/Templates"),
                                (work + "/public", site), (work + "/public", work + "/linked-media")] {
            // The last: a symbolic link that leads into Content/.
            if cache.hasSuffix("linked-media") { try? FileManager.default.createSymbolicLink(atPath: cache, withDestinationPath: site + "/Content/media") }
            let options = BuildOptions(siteDirectory: site, outputDirectory: output, clock: clock, cacheDirectory: cache)
            #expect(throws: BuildFailure.self) { try Builder.build(options) }
            do { _ = try Builder.build(options) } catch {
                #expect(error.errors.map(\.message).contains { $0.hasPrefix("refusing to") }, "\(cache): \(error)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/media/releases-00.cache"))
    }

    /// A release rewritten with the same size and its old modification time put back (as `cp -p`
    /// or a checkout can do) is still read again: its change time, which nothing can set, differs.
    @Test func aFileRewrittenWithItsOldTimeIsReadAgain() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let path = site + "/Content/releases/2024/2024-01-15-alpha-launch.md"
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = try session.build(options)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "Alpha launch announced", with: "Alpha launch postponed")
        var times = stat()
        stat(path, &times)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        // Same size; put the modification time back as it was.
        var restore = [times.st_atim, times.st_mtim]
        utimensat(AT_FDCWD, path, &restore, 0)
        _ = try session.build(options)
        #expect(OutputTree(work + "/public").text("releases/2024/alpha-launch/index.html")?.contains("Alpha launch postponed") == true)
    }
}

extension CacheTests {
    /// An entry stored under a release's key but describing another file (a forged or colliding
    /// entry) is parsed afresh, never used.
    @Test func anEntryForAnotherFileIsNotUsed() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        _ = try Builder.build(options)
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = session.prepareContent(settledBefore: 0, threads: 1)
        let path = "Content/releases/2024/2024-01-15-alpha-launch.md"
        let forged = try #require(session.content.releases.first { $0.value.release.sourcePath == path })
        var release = forged.value.release
        release.sourcePath = "Content/releases/2024/elsewhere.md"
        release.title = "A forged title"
        session.content.releases[forged.key] = ContentCache.Parsed(release: release, warnings: [])
        #expect(session.content.save(shards: Set(0 ..< ContentCache.shardCount), to: work + "/cache", threads: 1).isEmpty)
        try "\nA new paragraph.\n".appendLine(to: site + "/Content/releases/2025/2025-03-03-delta.md")

        _ = try Builder.build(options)
        let page = OutputTree(work + "/public").text("releases/2024/alpha-launch/index.html") ?? ""
        #expect(page.contains("Alpha launch announced"))
        #expect(!page.contains("A forged title"))
    }
}

extension CacheTests {
    /// A page kept from the previous output (its inputs did not change) is searched again when
    /// what the build holds back changes: here a new embargoed release takes as its title a
    /// phrase that a published, unchanged page already shows.
    @Test func aKeptPageIsSearchedAgainWhenWhatIsHeldChanges() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let gamma = site + "/Content/releases/2025/2025-03-03-gamma.md"
        try "\nPartners already call it the Quantum Widget Initiative for Schools.\n".appendLine(to: gamma)
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = try session.build(options)
        let before = OutputTree(work + "/public")
        try """
        ---
        title: Quantum Widget Initiative for Schools
        date: 2026-03-01
        embargo: 2026-04-01T09:00:00-04:00
        ---
        Under embargo.
        """.write(toFile: site + "/Content/releases/2026/2026-03-01-widgets.md", atomically: true, encoding: .utf8)

        #expect(throws: BuildFailure.self) { try session.build(options) }
        do {
            _ = try session.build(options)
        } catch {
            #expect(error.errors.contains { $0.message.contains("its title") && $0.message.contains("releases/2025/gamma/index.html") })
        }
        #expect(OutputTree(work + "/public") == before)
    }
}

extension CacheTests {
    /// An edit that changes one release's page exchanges that page's folder only: the other
    /// folders of the output, and the output folder itself, keep their inodes.
    @Test func anEditReplacesOnlyTheFolderThatChanged() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let output = work + "/public"
        let options = BuildOptions(siteDirectory: site, outputDirectory: output,
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = try session.build(options)
        func inode(_ path: String) -> Int? { OutputManifest.status(output + (path.isEmpty ? "" : "/" + path))?.inode }
        let folders = ["", "tags", "archive", "releases/2024", "releases/2025", "releases/2025/gamma", "releases/2024/alpha-launch"]
        let before = folders.map(inode)
        // The dateline shows on the release's own page and in its wire copy only (lists show the
        // summary; feeds the body, which the dateline is not part of).
        let file = site + "/Content/releases/2024/2024-01-15-alpha-launch.md"
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "dateline: Boston", with: "dateline: Boston, Mass.")
            .write(toFile: file, atomically: false, encoding: .utf8)

        let report = try session.build(options)
        #expect(report.filesWritten == 2)
        let after = folders.map(inode)
        #expect(Array(after.dropLast()) == Array(before.dropLast()))
        #expect(after.last != before.last, "the edited page's folder is the one exchanged")
        #expect(OutputTree(output).text("releases/2024/alpha-launch/index.html")?.contains("BOSTON, MASS.") == true)
    }
}

extension CacheTests {
    /// An output file rewritten in place with its size and modification time put back (as a
    /// script or `touch -r` can do) is no longer vouched for by the manifest: its change time,
    /// which nothing can set, differs. The next build puts the right bytes back, whether it finds
    /// its inputs unchanged or has an edit elsewhere to write.
    @Test(arguments: [false, true])
    func anOutputFileRewrittenWithItsOldTimeIsReplaced(editElsewhere: Bool) throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cache")
        let output = work + "/public"
        let options = BuildOptions(siteDirectory: site, outputDirectory: output,
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        func session() -> BuildSession {
            let session = BuildSession(cacheDirectory: work + "/cache")
            session.settleMargin = 20_000_000
            return session
        }
        Thread.sleep(forTimeInterval: 0.05)
        _ = try session().build(options)
        let path = output + "/releases/2024/alpha-launch/index.html"
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var before = stat()
        lstat(path, &before)
        Thread.sleep(forTimeInterval: 0.05)
        var tampered = good
        tampered[tampered.count / 2] ^= 0x01
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: tampered)
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        utimensat(AT_FDCWD, path, &times, 0)
        var after = stat()
        lstat(path, &after)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size)
        #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        if editElsewhere {
            try "\nA closing paragraph added later.\n".appendLine(to: site + "/Content/releases/2025/2025-03-03-gamma.md")
            Thread.sleep(forTimeInterval: 0.05)
        }

        let report = try session().build(options)
        #expect(!report.upToDate)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
    }
}

extension CacheTests {
    /// A session reuses its parsed templates while their texts, the time zone and the base URL
    /// (what the site's filters depend on) are the same.
    @Test func parsedTemplatesAreReusedUntilOneChanges() throws {
        let site = try Fixtures.copy("overrides")
        let files = SiteFiles(root: site)
        var diagnostics = Diagnostics()
        func config(_ zone: String, _ baseURL: String = "https://example.org/") throws -> NewsroomConfig {
            let text = "title: T\nbase_url: \(baseURL)\ntimezone: \(zone)\n"
            return try #require(ConfigLoader.parse(text, baseURLOverride: nil).config)
        }
        let paris = try config("Europe/Paris")
        let theme = ThemeLoader.load(files: files, diagnostics: &diagnostics)
        let kept = SiteRenderer.ParsedTheme(filterKey: SiteFilters.Key(paris), environment: try SiteRenderer.environment(theme: theme, config: paris))
        #expect(kept.reusable(for: ThemeLoader.load(files: files, diagnostics: &diagnostics), config: paris) != nil)
        #expect(kept.reusable(for: theme, config: try config("UTC")) == nil)
        #expect(kept.reusable(for: theme, config: try config("Europe/Paris", "https://example.org/news/")) == nil)
        try "{# edited #}".appendLine(to: site + "/Templates/release.html")
        #expect(kept.reusable(for: ThemeLoader.load(files: files, diagnostics: &diagnostics), config: paris) == nil)
        try FileManager.default.removeItem(atPath: site + "/Templates/release.html")
        #expect(kept.reusable(for: ThemeLoader.load(files: files, diagnostics: &diagnostics), config: paris) == nil)
    }
}

extension String {
    func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
        try handle.close()
    }
}

extension CacheTests {
    /// The loader takes each release file's signature from the folder listing rather than looking
    /// the file up again. A release that is a symbolic link must be signed by the file it leads
    /// to: the link itself does not change when its target is edited, and a build that went by
    /// it would publish the old text from the cache.
    @Test func aReleaseLinkedToAnEditedFileIsReadAgain() throws {
        let (site, output) = try SiteInputTests.site(["sources/launch.md": SiteInputTests.release])
        let link = site + "/Content/releases/2025-06-01-launch.md"
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../../sources/launch.md")
        let options = BuildOptions(siteDirectory: site, outputDirectory: output,
                                   clock: Clock(now: Fixtures.date(SiteInputTests.clock)), cacheDirectory: output + "-cache")
        let session = BuildSession(cacheDirectory: output + "-cache")
        session.settleMargin = 20_000_000
        Thread.sleep(forTimeInterval: 0.05)
        _ = try session.build(options)
        let page = "releases/2025/launch/index.html"
        #expect(OutputTree(output).text(page)?.contains("We launch.") == true)

        try SiteInputTests.release.replacingOccurrences(of: "We launch.", with: "We launch today, a day late.")
            .write(toFile: site + "/sources/launch.md", atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: 0.05)
        _ = try session.build(options)
        #expect(OutputTree(output).text(page)?.contains("We launch today, a day late.") == true)
        // A fresh process, which reads the signatures from the cache folder, sees it too.
        let next = BuildSession(cacheDirectory: output + "-cache")
        next.settleMargin = 20_000_000
        try SiteInputTests.release.replacingOccurrences(of: "We launch.", with: "We launched on time.")
            .write(toFile: site + "/sources/launch.md", atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: 0.05)
        _ = try next.build(options)
        #expect(OutputTree(output).text(page)?.contains("We launched on time.") == true)
    }

    /// A release taken from the cache is the cache's own value while what the build reads of its
    /// files is the same (one copy of every release in memory, not two), and gets its files' new
    /// details when they change.
    @Test func aCachedReleaseIsTheCachesOwnValueUntilItsFilesChange() throws {
        let bundle = "Content/releases/2025/report/"
        func svg(_ width: Int, _ height: Int) -> String {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\"></svg>\n"
        }
        let (site, _) = try SiteInputTests.site([
            bundle + "index.md": "---\ntitle: The report\ndate: 2025-05-01\nimage: photo.svg\nimage_alt: A chart\n"
                + "attachments:\n  - {title: Facts, file: facts.txt}\n---\nRead it.\n",
            bundle + "photo.svg": svg(40, 30), bundle + "facts.txt": "facts\n"])
        let cache = ContentCache()
        func load() throws -> [Release] {
            cache.beginBuild(settledBefore: Int.max)
            let loaded = try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil, cache: cache).site)
            _ = cache.endBuild()
            return loaded.releases
        }
        func isCachesOwn(_ release: Release) -> Bool {
            cache.releases.values.contains { $0.release.sourcePath == release.sourcePath && $0.release.sharesFields(with: release) }
        }
        _ = try load()
        let second = try load()
        #expect(second.count == 2)
        for release in second { #expect(isCachesOwn(release), "\(release.sourcePath)") }
        let report = try #require(second.first { $0.bundleDirectory != nil })
        #expect(report.imageInfo?.size.width == 40)
        #expect(report.attachments.first?.size == 6)

        try svg(80, 60).write(toFile: site + "/" + bundle + "photo.svg", atomically: false, encoding: .utf8)
        let third = try #require(try load().first { $0.bundleDirectory != nil })
        #expect(third.imageInfo?.size.width == 80)
        #expect(!isCachesOwn(third))
    }
}
