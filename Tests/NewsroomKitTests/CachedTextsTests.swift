import Foundation
import Markdown
@testable import NewsroomKit
import Testing

/// The releases' long texts trail their shard of the content cache (`CacheFile.Trailing`): a
/// build that reads the cache checks them with the rest of the file and then leaves them there,
/// reading back only the texts of the pages it renders, so that an incremental build does not
/// hold the site's text.
@Suite struct CachedTextsTests {
    static func options(_ site: String, _ work: String, output: String) -> BuildOptions {
        BuildOptions(siteDirectory: site, outputDirectory: work + "/" + output,
                     clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
    }

    /// Every release of a freshly read cache, by source path.
    static func cachedReleases(_ work: String) -> [String: Release] {
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = session.prepareContent(settledBefore: Int.max, threads: 2)
        return Dictionary(session.content.releases.values.map { ($0.release.sourcePath, $0.release) }) { first, _ in first }
    }

    /// With texts kept in memory by the build that parsed them, and with texts it stored
    /// (whose digests the cache takes from the store rather than working them out again).
    @Test(arguments: [128 << 20, 0])
    func aCachedReleaseReadsItsTextsFromTheCacheFile(keptInMemory: Int) throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cached-texts")
        let parsing = BuildSession(cacheDirectory: work + "/cache")
        parsing.textsKeptInMemory = keptInMemory
        _ = try parsing.build(Self.options(site, work, output: "public"))
        let (loaded, _) = SiteLoader.load(siteDirectory: site, baseURLOverride: nil)
        let parsed = try #require(loaded?.releases)
        let cached = Self.cachedReleases(work)
        #expect(cached.count == parsed.count)
        for release in parsed {
            let fromCache = try #require(cached[release.sourcePath])
            let stored = try #require(fromCache[dynamicMember: \.stored], "\(release.sourcePath) holds its texts in memory")
            #expect(stored.html.store.descriptor >= 0)
            #expect(fromCache.outline.html.isEmpty && fromCache.outline.plainText.isEmpty && fromCache.outline.text.isEmpty)
            #expect(fromCache.body == release.body, "\(release.sourcePath)")
            #expect(fromCache.searchWords == release.searchWords, "\(release.sourcePath)")
            #expect(fromCache.bodyOpensWithParagraph == release.bodyOpensWithParagraph)
            #expect(fromCache.htmlDigest == release.htmlDigest && fromCache.textDigest == release.textDigest
                && fromCache.wordsDigest == release.wordsDigest)
        }
    }

    /// A cache file is checked whole when it is read; one changed afterwards (by something other
    /// than newsroom, which only ever replaces it) is caught when a text is read back: the build
    /// stops at the release and writes nothing, and the next one parses the release again.
    @Test func aTextChangedInTheCacheFileAfterItWasReadStopsTheBuild() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cached-texts-changed")
        _ = try Builder.build(Self.options(site, work, output: "first"))
        let session = BuildSession(cacheDirectory: work + "/cache")
        _ = session.prepareContent(settledBefore: Int.max, threads: 2)
        let victim = try #require(session.content.releases.values.map(\.release).min { $0.sourcePath < $1.sourcePath })
        let record = try #require(victim[dynamicMember: \.stored]?.html)
        // The same file, opened for writing through the descriptor the store reads from.
        let writer = open("/proc/self/fd/\(record.store.descriptor)", O_WRONLY)
        try #require(writer >= 0)
        var byte: UInt8 = 0
        #expect(pread(record.store.descriptor, &byte, 1, off_t(record.offset + 3)) == 1)
        byte ^= 0x20
        #expect(pwrite(writer, &byte, 1, off_t(record.offset + 3)) == 1)
        close(writer)

        // A new output folder: every page is rendered, so every text is read back.
        let failure = #expect(throws: BuildFailure.self) { try session.build(Self.options(site, work, output: "second")) }
        let errors = (failure?.diagnostics ?? []).filter { $0.severity == .error }
        #expect(errors.map(\.location.path) == [victim.sourcePath])
        #expect(errors.allSatisfy { $0.message.contains("cannot be read back") }, "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: work + "/second"))

        _ = try session.build(Self.options(site, work, output: "second"))
        #expect(OutputTree(work + "/second") == OutputTree(work + "/first"))
    }

    /// An empty text takes no room, so the text after it starts where it does: reading the empty
    /// one first must not make the next read give it again.
    @Test func anEmptyTextAndTheTextAfterItAreToldApart() throws {
        let store = try #require(BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0))
        let records = try #require(store.write(["", "the text after it"]))
        #expect(records[0].offset == records[1].offset)
        #expect(try records[0].readString() == "")
        #expect(try records[1].readString() == "the text after it")
        #expect(try records[0].readString() == "")
    }

    /// The checksum covers the trailing texts: a file cut inside them or with one of their bytes
    /// changed is refused when it is read, as any damaged cache file is (`CacheTests`).
    @Test func theTrailingTextsAreChecksummedWithThePayload() throws {
        let work = Fixtures.temporaryDirectory("cached-texts-checksum")
        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        let trailing = [UInt8]((0 ..< CacheFile.checksumPiece + 100).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try file.save([7, 7, 7], trailing: trailing)
        guard case .success(let loaded)? = file.load(keepingTrailing: true), let kept = loaded.trailing else {
            Issue.record("the saved file does not load")
            return
        }
        #expect(kept.count == trailing.count)
        var back = [UInt8](repeating: 0, count: trailing.count)
        #expect(pread(kept.descriptor, &back, back.count, off_t(kept.offset)) == back.count)
        #expect(back == trailing)
        close(kept.descriptor)

        var bytes = try #require(FileManager.default.contents(atPath: file.path))
        bytes[bytes.count - CacheFile.checksumPiece / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: file.path))
        #expect(ShardTrustTests.refusal(file) == "it is damaged (its checksum does not match)", "a changed trailing byte")
        try bytes.dropLast(1).write(to: URL(fileURLWithPath: file.path))
        #expect(ShardTrustTests.refusal(file) == "it ends too early", "a file cut short")
    }

    /// A pipe where a shard goes is not a cache file: the build neither waits on it nor reads
    /// it, and saves a real file in its place.
    @Test func aPipeWhereAShardGoesIsPassedOver() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cached-texts-pipe")
        try FileManager.default.createDirectory(atPath: work + "/cache", withIntermediateDirectories: true)
        for shard in 0 ..< ContentCache.shardCount {
            #expect(mkfifo(ContentCache.shardFile(shard, in: work + "/cache").path, 0o644) == 0)
        }
        _ = try Builder.build(Self.options(site, work, output: "public"))
        #expect(Self.cachedReleases(work).count > 0)
    }

    /// A text whose place lies past the trailing texts (a file written wrong, under a good
    /// checksum) is refused as it is read, never read from beyond the file's texts.
    @Test func aTextPlacedPastTheEndIsRefused() throws {
        let work = Fixtures.temporaryDirectory("cached-texts-past-end")
        var writer = BinaryWriter()
        writer.trailing = TrailingTexts()
        writer.write(longText: Array("a body of some length".utf8))
        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        try file.save(writer.bytes, trailing: Array("short".utf8))
        guard case .success(let loaded)? = file.load(keepingTrailing: true), let trailing = loaded.trailing else {
            Issue.record("the saved file does not load")
            return
        }
        var reader = loaded.reader
        reader.trailing = (BodyStore(reading: trailing, damage: BodyStore.Damage()), trailing.count)
        do {
            _ = try reader.readLongText()
            Issue.record("a text past the end was read")
        } catch {
            #expect(error.reason == "a text lies past the end of the file")
        }
    }

    /// A symbolic link where a shard goes, to a file of someone else's: read as any file that is
    /// not a cache file (ignored with a note), and replaced by the new shard, never written through.
    @Test func aLinkWhereAShardGoesIsReplacedNotWrittenThrough() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("cached-texts-link")
        _ = try Builder.build(Self.options(site, work, output: "public"))
        let shard = try #require(try FileManager.default.contentsOfDirectory(atPath: work + "/cache")
            .filter { $0.hasPrefix("releases-") }.sorted().first)
        let path = work + "/cache/" + shard
        let victim = work + "/victim.txt"
        try "not the cache's".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
        // Something to parse, so the build reads the cache and saves it.
        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")

        let report = try Builder.build(Self.options(site, work, output: "public"))
        #expect(report.notes == ["ignoring the build cache \(path): it is not a newsroom cache file; it is rebuilt by this build"])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "not the cache's")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeRegular)
        #expect(Self.cachedReleases(work).count > 0)
    }
}

extension CachedTextsTests {
    /// A shard's texts are copied into the file from where they wait, a piece at a time, never
    /// gathered in memory: texts from memory and from a store, across the pieces the checksum is
    /// taken in, read back as they were. A text changed where it waits fails the save and leaves
    /// the file that was there.
    @Test func theTrailingTextsAreCopiedFromWhereTheyWait() throws {
        let work = Fixtures.temporaryDirectory("cached-texts-copied")
        let store = try #require(BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0))
        let long = String(repeating: "A long body of text. ", count: CacheFile.checksumPiece / 15)
        let texts = ["a first text", long, "", "a text after an empty one"]
        let records = try #require(store.write(texts))
        var trailing = TrailingTexts()
        trailing.append(.bytes(Array("from memory".utf8)))
        for record in records { trailing.append(.stored(record)) }
        trailing.append(.bytes(Array("from memory again".utf8)))
        let expected = Array(("from memory" + texts.joined() + "from memory again").utf8)
        #expect(trailing.count == expected.count && expected.count > CacheFile.checksumPiece)

        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        try file.save([1, 2, 3], trailing: trailing)
        guard case .success(let loaded)? = file.load(keepingTrailing: true), let kept = loaded.trailing else {
            Issue.record("the saved file does not load")
            return
        }
        var back = [UInt8](repeating: 0, count: kept.count)
        #expect(pread(kept.descriptor, &back, back.count, off_t(kept.offset)) == back.count)
        close(kept.descriptor)
        #expect(back == expected)
        let saved = try Data(contentsOf: URL(fileURLWithPath: file.path))

        // One byte of the long text changed in the store: the save fails, the old file stays, no temporary is left.
        var byte: UInt8 = 0
        #expect(pread(store.descriptor, &byte, 1, off_t(records[1].offset + 100)) == 1)
        byte ^= 0x20
        #expect(pwrite(store.descriptor, &byte, 1, off_t(records[1].offset + 100)) == 1)
        #expect(throws: CacheFormatError.self) { try file.save([4, 5, 6], trailing: trailing) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == saved)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["releases-00.cache"])
    }
}

extension CachedTextsTests {
    /// The header's sizes are fixed-width numbers just before the payload: sizes larger than the
    /// file, however large, are refused as a file cut short, never read past or added up wrong.
    @Test(arguments: [UInt64.max, UInt64(Int.max), 1 << 40])
    func aHeaderClaimingMoreThanTheFileHoldsIsRefused(claimed: UInt64) throws {
        let work = Fixtures.temporaryDirectory("cached-texts-sizes")
        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        let payload: [UInt8] = [1, 2, 3, 4], trailing = Array("trailing texts".utf8)
        try file.save(payload, trailing: trailing)
        let good = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let sizes = good.count - payload.count - trailing.count - 16
        for field in [sizes, sizes + 8] {
            var bytes = good
            withUnsafeBytes(of: claimed.littleEndian) { bytes.replaceSubrange(field ..< field + 8, with: $0) }
            try bytes.write(to: URL(fileURLWithPath: file.path))
            guard case .failure(let error)? = file.load(keepingTrailing: true) else {
                Issue.record("a size of \(claimed) was taken")
                continue
            }
            #expect(error.reason == "it ends too early")
        }
    }
}

extension OutputManifest {
    /// The manifest's bytes, whole, as a build saves them a part at a time (`encode(_:)`).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        encode { bytes.append(contentsOf: $0) }
        return bytes
    }
}

extension CacheFile {
    /// Saves a payload and trailing texts given as bytes.
    func save(_ payload: [UInt8], trailing: [UInt8]) throws {
        var texts = TrailingTexts()
        if !trailing.isEmpty { texts.append(.bytes(trailing)) }
        try save(payload, trailing: texts)
    }
}
