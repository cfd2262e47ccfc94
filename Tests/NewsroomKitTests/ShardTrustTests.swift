import Foundation
@testable import NewsroomKit
import Testing

/// A shard file that is still the one a build wrote or checked has only its payload checked
/// when it is read again; its texts are checked one by one as they are read back. Any other
/// file, or one changed since, passes through both checksums.
@Suite struct ShardTrustTests {
    /// Why `file` is refused (trusted by `trusted`), or nil when it loads or is not there.
    static func refusal(_ file: CacheFile, trusted: ContentCache.Signature? = nil) -> String? {
        guard case .failure(let error)? = file.load(trusted: trusted) else { return nil }
        return error.reason
    }

    /// A file with its texts damaged: refused unless trusted by its very signature, and then the
    /// damaged text is refused as it is read back, against its own digest.
    @Test func aTrustedFileSkipsOnlyTheTextsChecksum() throws {
        let work = Fixtures.temporaryDirectory("shard-trust")
        var writer = BinaryWriter()
        writer.trailing = TrailingTexts()
        writer.write(longText: Array("a release body, stored after the payload".utf8))
        let file = CacheFile(kind: "releases", path: work + "/releases-00.cache")
        try file.save(writer.bytes, trailing: writer.trailing ?? TrailingTexts())
        guard case .success(let loaded)? = file.load() else {
            Issue.record("the saved file does not load")
            return
        }
        #expect(loaded.signature == ContentCache.Signature(path: file.path))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        bytes[bytes.count - 5] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: file.path))
        let damaged = try #require(ContentCache.Signature(path: file.path))
        #expect(damaged != loaded.signature)
        for trusted in [nil, loaded.signature] {
            #expect(Self.refusal(file, trusted: trusted) == "it is damaged (its checksum does not match)", "trusted by \(String(describing: trusted))")
        }
        guard case .success(let trusted)? = file.load(keepingTrailing: true, trusted: damaged), let trailing = trusted.trailing else {
            Issue.record("a trusted file is checked in full")
            return
        }
        var reader = trusted.reader
        reader.trailing = (BodyStore(reading: trailing, damage: BodyStore.Damage()), trailing.count)
        guard case .stored(let record) = try reader.readLongText() else {
            Issue.record("the text was not left in the file")
            return
        }
        #expect(throws: CacheFormatError.self) { try record.readString() }

        // Its payload is still checked: its last byte is just before the texts.
        bytes[bytes.count - trailing.count - 1] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file.path))
        #expect(Self.refusal(file, trusted: ContentCache.Signature(path: file.path)) == "it is damaged (its checksum does not match)")
    }

    /// A build records the signature of each shard it writes; the next process trusts those
    /// files, and a shard changed since (damaged in place) is checked in full, refused with a
    /// note and rebuilt. A damaged record of signatures costs no note: everything is checked.
    @Test func theNextBuildTrustsTheShardsTheLastOneWrote() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("shard-trust-build")
        let options = CachedTextsTests.options(site, work, output: "public")
        _ = try Builder.build(options)
        let cache = work + "/cache"
        let shards = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("releases-") }.sorted()
        let checked = ContentCache.checkedRecord(in: cache).shards
        #expect(!shards.isEmpty && checked.count == shards.count)
        for (shard, signature) in checked {
            #expect(signature == ContentCache.Signature(path: ContentCache.shardFile(shard, in: cache).path))
        }

        let damaged = try #require(checked.keys.sorted().first)
        let path = ContentCache.shardFile(damaged, in: cache).path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 3] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: path))
        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let report = try Builder.build(options)
        #expect(report.notes == ["ignoring the build cache \(path): it is damaged (its checksum does not match); it is rebuilt by this build"])
        #expect(ContentCache.checkedRecord(in: cache).shards[damaged] == ContentCache.Signature(path: path))

        try "not a cache".write(toFile: ContentCache.checkedFile(in: cache).path, atomically: false, encoding: .utf8)
        try "\nAnother paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let again = try Builder.build(options)
        #expect(again.notes == [])
        #expect(ContentCache.checkedRecord(in: cache).shards.count == shards.count)
    }

    /// A pipe where the record of signatures goes is passed over, not waited on; a link there
    /// to someone else's file is replaced, not written through; both are replaced by the record.
    @Test func aPipeOrALinkWhereTheRecordGoesIsReplaced() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("shard-trust-record")
        let cache = work + "/cache"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let record = ContentCache.checkedFile(in: cache).path
        #expect(mkfifo(record, 0o644) == 0)
        let options = CachedTextsTests.options(site, work, output: "public")
        _ = try Builder.build(options)
        #expect(try FileManager.default.attributesOfItem(atPath: record)[.type] as? FileAttributeType == .typeRegular)
        #expect(!ContentCache.checkedRecord(in: cache).shards.isEmpty)

        let victim = work + "/victim.txt"
        try "not the cache's".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: record)
        try FileManager.default.createSymbolicLink(atPath: record, withDestinationPath: victim)
        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let report = try Builder.build(options)
        #expect(report.notes == [])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "not the cache's")
        #expect(try FileManager.default.attributesOfItem(atPath: record)[.type] as? FileAttributeType == .typeRegular)
        #expect(!ContentCache.checkedRecord(in: cache).shards.isEmpty)
    }

    /// A folder where the record goes cannot be replaced: the note says what the next build
    /// loses (the shards' trust, so each is checked in full), not that it starts afresh.
    @Test func aFolderWhereTheRecordGoesCostsOnlyTheTrust() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("shard-trust-folder")
        let cache = work + "/cache"
        let record = ContentCache.checkedFile(in: cache).path
        try FileManager.default.createDirectory(atPath: record + "/inside", withIntermediateDirectories: true)
        let options = CachedTextsTests.options(site, work, output: "public")
        let first = try Builder.build(options)
        #expect(first.notes.count == 1)
        #expect(first.notes.allSatisfy { $0.hasPrefix("cannot save the build cache \(record): ") && $0.hasSuffix("; the next build checks every cache shard in full") },
                "\(first.notes)")
        #expect(ContentCache.checkedRecord(in: cache).shards.isEmpty)

        try "\nAn added paragraph.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        let second = try Builder.build(options)
        #expect(second.pagesRendered < second.pages, "the cache was used: only the pages the edit changed are rendered")
    }
}
