import CExchange
import Foundation
@testable import NewsroomKit
import Testing

/// A build that stores its releases' texts in a file names that file in the cache folder when
/// it saves the cache, and the shards refer to the texts there instead of copying them
/// (`TextsFiles`). A texts file is never trusted: one damaged, missing or replaced has the
/// shards naming it ignored and rebuilt; a hostile name in a shard opens nothing; a file no
/// shard names goes, and one mostly dead is let go.
@Suite struct TextsFilesTests {
    static func session(_ work: String, keptInMemory: Int = 0, named: Bool = true) -> BuildSession {
        let session = BuildSession(cacheDirectory: work + "/cache")
        session.textsKeptInMemory = keptInMemory
        session.namesTextsFiles = named
        session.settleMargin = 0
        return session
    }

    static func textsFiles(_ work: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: work + "/cache")) ?? []).filter(TextsFiles.isName).sorted()
    }

    /// How many bytes of texts trail each shard file.
    static func trailingBytes(_ work: String) -> [Int] {
        (0 ..< ContentCache.shardCount).compactMap { shard in
            guard case .success(let loaded)? = ContentCache.shardFile(shard, in: work + "/cache").load(keepingTrailing: true) else { return nil }
            defer { if let trailing = loaded.trailing { close(trailing.descriptor) } }
            return loaded.trailing?.count ?? 0
        }
    }

    @Test func theShardsReferToTheTextsWhereTheBuildStoredThem() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts-files")
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "first"))
        let files = Self.textsFiles(work)
        #expect(files.count == 1)
        let shards = Self.trailingBytes(work)
        #expect(!shards.isEmpty && shards.allSatisfy { $0 == 0 }, "texts copied after the shards: \(shards)")
        // The cache vouches for the file as written; a new process reads it without checking it again.
        let path = work + "/cache/" + files[0]
        #expect(ContentCache.checkedRecord(in: work + "/cache").texts == [files[0]: try #require(ContentCache.Signature(path: path))])

        let (loaded, _) = SiteLoader.load(siteDirectory: site, baseURLOverride: nil)
        let cached = CachedTextsTests.cachedReleases(work)
        for release in try #require(loaded?.releases) {
            let fromCache = try #require(cached[release.sourcePath])
            // An empty text takes no room in any file.
            #expect(fromCache.storedRecords.allSatisfy { $0.count == 0 || $0.store.name == files[0] }, "\(release.sourcePath)")
            #expect(fromCache.body == release.body && fromCache.searchWords == release.searchWords, "\(release.sourcePath)")
        }
        let report = try Self.session(work, keptInMemory: 64 << 20).build(CachedTextsTests.options(site, work, output: "second"))
        #expect(report.notes == [])
        #expect(OutputTree(work + "/second") == OutputTree(work + "/first"))
    }

    /// Where a file with no name cannot be made, the texts are copied after the shards, as before.
    @Test func withoutANamedFileTheTextsTrailTheShards() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts-files-unnamed")
        _ = try Self.session(work, named: false).build(CachedTextsTests.options(site, work, output: "first"))
        #expect(Self.textsFiles(work).isEmpty)
        #expect(Self.trailingBytes(work).contains { $0 > 0 })
        let report = try Self.session(work).build(CachedTextsTests.options(site, work, output: "second"))
        #expect(report.notes == [])
        #expect(OutputTree(work + "/second") == OutputTree(work + "/first"))
    }

    enum Damage: String, CaseIterable { case changedByte, truncated, removed, symbolicLink, folder, pipe }

    @Test(arguments: Damage.allCases)
    func aShardWhoseTextsFileIsDamagedIsIgnoredAndRebuilt(damage: Damage) throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts-files-\(damage.rawValue)")
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "first"))
        let name = try #require(Self.textsFiles(work).first)
        let path = work + "/cache/" + name
        let reason: String
        switch damage {
        case .changedByte:
            let descriptor = open(path, O_RDWR)
            var byte: UInt8 = 0
            #expect(pread(descriptor, &byte, 1, 40) == 1)
            byte ^= 0x20
            #expect(pwrite(descriptor, &byte, 1, 40) == 1)
            close(descriptor)
            reason = "\(name) does not hold its texts: it was changed"
        case .truncated:
            #expect(truncate(path, 40) == 0)
            reason = "a text lies past the end of its texts file"
        case .removed:
            unlink(path)
            reason = "a texts file it names is missing"
        case .symbolicLink:
            try FileManager.default.moveItem(atPath: path, toPath: work + "/elsewhere")
            #expect(symlink(work + "/elsewhere", path) == 0)
            reason = "a texts file it names is not a plain file"
        case .folder, .pipe:
            unlink(path)
            #expect((damage == .folder ? mkdir(path, 0o755) : mkfifo(path, 0o644)) == 0)
            reason = "a texts file it names is not a plain file"
        }
        let report = try Self.session(work, keptInMemory: 64 << 20).build(CachedTextsTests.options(site, work, output: "second"))
        #expect(report.notes.count == 1 && report.notes.allSatisfy { $0.contains("ignoring") && $0.contains(reason) }, "\(report.notes)")
        #expect(OutputTree(work + "/second") == OutputTree(work + "/first"))
        // Rebuilt: a new process reads the whole cache without a note.
        let next = Self.session(work)
        #expect(next.prepareContent(settledBefore: Int.max, threads: 1) == [])
    }

    /// A name read from a shard is opened in the cache folder only if it is one a build makes.
    @Test func aShardNamingAnythingButATextsFileIsRefused() throws {
        #expect(TextsFiles.isName("texts-0123456789abcdef.cache"))
        #expect(TextsFiles.isName(TextsFiles.newName()))
        let hostile = ["../texts-0123456789abcdef.cache", "texts-0123456789ABCDEF.cache", "texts-0123456789abcde.cache",
                       "texts-0123456789abcdef0.cache", "texts-0123456789abcdef.cache/", "/etc/passwd", "texts-../../../../x.cache",
                       "texts-0123456789abcdef.cache\0", "texts-0123456789abcdeg.cache", "", "releases-00.cache", "texts-٠١٢٣٤٥٦٧٨٩abcdef.cache"]
        for name in hostile { #expect(!TextsFiles.isName(name), "\(name)") }

        let work = Fixtures.temporaryDirectory("texts-files-hostile")
        try Data("secret".utf8).write(to: URL(fileURLWithPath: work + "/outside.cache"))
        try FileManager.default.createDirectory(atPath: work + "/cache", withIntermediateDirectories: true)
        let opened = TextsFiles.Opened(directory: work + "/cache", trusted: [:], damage: BodyStore.Damage())
        let trailing = BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0)
        for name in ["../outside.cache", "texts-0123456789abcdef.cache"] {
            var writer = BinaryWriter()
            writer.write([name]) { $0.write($1) }
            writer.write(count: 0)
            writer.write(count: 0)
            let error = #expect(throws: CacheFormatError.self) {
                try ContentCache().decode(shard: BinaryReader(writer.bytes), texts: (trailing, 0), textsFiles: opened)
            }
            #expect(error?.reason == (name.hasPrefix("..") ? "it names a texts file that is not one" : "a texts file it names is missing"))
        }
    }

    /// A text must lie within a file the shard lists.
    @Test func aTextOutsideItsTextsFileIsRefused() throws {
        let work = Fixtures.temporaryDirectory("texts-files-bounds")
        try FileManager.default.createDirectory(atPath: work + "/cache", withIntermediateDirectories: true)
        let name = TextsFiles.newName()
        try Data(repeating: 0x61, count: 100).write(to: URL(fileURLWithPath: work + "/cache/" + name))
        let opened = TextsFiles.Opened(directory: work + "/cache", trusted: [:], damage: BodyStore.Damage())
        let trailing = BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0)
        for (file, offset, count, reason) in [(1, 90, 11, "a text lies past the end of its texts file"), (1, -1, 1, "a text lies past the end of its texts file"),
                                              (2, 0, 1, "a text lies in a texts file it does not list")] {
            var writer = BinaryWriter()
            writer.write(count: file)
            writer.write(offset)
            writer.write(count: count)
            writer.write(Fingerprint.zero)
            var reader = BinaryReader(writer.bytes)
            reader.trailing = (trailing, 0)
            reader.textsFiles = [try opened.store(named: name).store]
            let error = #expect(throws: CacheFormatError.self) { try reader.readLongText() }
            #expect(error?.reason == reason)
        }
    }

    /// A file no shard names goes when the cache is saved; one holding less than half live
    /// texts has those copied into their shards, and goes too.
    @Test func aTextsFileNoLongerNeededGoes() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts-files-go")
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "public"))
        let first = try #require(Self.textsFiles(work).first)
        // Every release parsed again (no shard left; another output, which a build with nothing
        // changed would not parse for), its texts stored in a new file: the old one goes.
        for shard in 0 ..< ContentCache.shardCount { unlink(ContentCache.shardFile(shard, in: work + "/cache").path) }
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "other"))
        let second = Self.textsFiles(work)
        #expect(second.count == 1 && second != [first])

        // All but one release edited, their texts kept in memory: the file is let go.
        let releases = try #require(FileManager.default.enumerator(atPath: site + "/Content/releases")?.allObjects as? [String])
            .filter { $0.hasSuffix(".md") }.sorted()
        for release in releases.dropFirst() {
            let path = site + "/Content/releases/" + release
            try (String(contentsOfFile: path, encoding: .utf8) + "\nOne more paragraph.\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let edited = try Self.session(work, keptInMemory: 64 << 20).build(CachedTextsTests.options(site, work, output: "public"))
        #expect(edited.notes == [])
        #expect(Self.textsFiles(work).isEmpty)
        #expect(Self.trailingBytes(work).contains { $0 > 0 })
        let report = try Self.session(work).build(CachedTextsTests.options(site, work, output: "again"))
        #expect(report.notes == [])
        #expect(OutputTree(work + "/again") == OutputTree(work + "/public"))
    }

    /// A session that outlives a texts file another process removed copies the texts it still
    /// holds from it into the shards it saves, instead of naming the file.
    @Test func aTextsFileAnotherProcessRemovedIsNotReferredTo() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts-files-removed")
        let kept = Self.session(work)
        _ = try kept.build(CachedTextsTests.options(site, work, output: "public"))
        let first = try #require(Self.textsFiles(work).first)
        for shard in 0 ..< ContentCache.shardCount { unlink(ContentCache.shardFile(shard, in: work + "/cache").path) }
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "other"))
        #expect(!Self.textsFiles(work).contains(first))

        // Every shard saved from the first session's releases, all of whose texts wait in the removed file.
        #expect(kept.content.save(shards: Set(0 ..< ContentCache.shardCount), to: work + "/cache", threads: 2).isEmpty)
        #expect(Self.session(work).prepareContent(settledBefore: Int.max, threads: 1) == [])
        let release = site + "/Content/releases/2024/2024-01-15-alpha-launch.md"
        try (String(contentsOfFile: release, encoding: .utf8) + "\nOne more paragraph.\n").write(toFile: release, atomically: true, encoding: .utf8)
        #expect(try kept.build(CachedTextsTests.options(site, work, output: "public")).notes == [])
        _ = try Self.session(work).build(CachedTextsTests.options(site, work, output: "again"))
        #expect(OutputTree(work + "/again") == OutputTree(work + "/public"))
    }

    /// A cache path that is a file takes no texts file (the build then notes that it cannot save
    /// the cache): the texts wait in the temporary folder, not in memory.
    @Test func aCachePathThatIsAFileLeavesTheTextsInTheTemporaryFolder() throws {
        let work = Fixtures.temporaryDirectory("texts-files-file")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: work + "/cache"))
        let store = BodyStore(cacheDirectory: work + "/cache", damage: BodyStore.Damage(), budget: 0)
        let records = try #require(store.write(["first text", "second"]))
        #expect(try records.map { try $0.readString() } == ["first text", "second"])
        #expect(store.name(in: work + "/cache") == nil)
    }
}
