import Foundation
import Testing
@testable import NewsroomKit

/// The cache notes what a build changes as it goes (`ContentCache.endBuild`): the shards it
/// names must be the ones a comparison of the tables before and after names.
@Suite struct ContentCacheChangeTests {
    /// The shards whose entries differ between two states of the cache, compared in full.
    static func shardsCompared(
        releases old: [Fingerprint: ContentCache.Parsed], digests oldDigests: PathTable<ContentCache.DigestEntry>,
        with cache: ContentCache
    ) -> Set<Int> {
        var shards = Set<Int>()
        for key in Set(old.keys).symmetricDifference(cache.releases.keys) { shards.insert(ContentCache.shard(of: key)) }
        for path in Set(oldDigests.keys).union(cache.digests.keys) {
            let (before, after) = (oldDigests[path], cache.digests[path])
            if before?.signature != after?.signature || before?.digest != after?.digest { shards.insert(ContentCache.shard(ofPath: path)) }
        }
        return shards
    }

    static func release(_ title: String, _ body: String) -> String {
        "---\ntitle: \(title)\ndate: 2025-05-01\n---\n\(body)\n"
    }

    /// A site of `count` releases, `Content/releases/2025/release-<n>.md`.
    static func site(releases count: Int) throws -> String {
        let names = (0 ..< count).map { "Content/releases/2025/release-\($0).md" }
        return try SiteInputTests.site(Dictionary(uniqueKeysWithValues: names.map { ($0, release("Release \($0)", "Body \($0).")) })).0
    }

    /// Begins a build of the cache and loads the site through it; returns the site's releases.
    @discardableResult
    static func load(_ site: String, into cache: ContentCache) throws -> [Release] {
        cache.beginBuild(settledBefore: Int.max)
        return try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil, cache: cache).site).releases
    }

    @Test func theShardsABuildNamesAreTheOnesThatChanged() throws {
        let names = (0 ..< 12).map { "Content/releases/2025/release-\($0).md" }
        var files = Dictionary(uniqueKeysWithValues: names.map { ($0, Self.release("Release \($0)", "The body of \($0).")) })
        let (site, _) = try SiteInputTests.site(files)
        let cache = ContentCache()
        func build(forgetting forgotten: Set<String> = []) throws -> (named: Set<Int>, compared: Set<Int>) {
            let (releases, digests) = (cache.releases, cache.digests)
            #expect(try Self.load(site, into: cache).count == files.count + 1)  // and the launch every fixture site has
            cache.forget(paths: forgotten)
            let named = cache.endBuild()
            return (named, Self.shardsCompared(releases: releases, digests: digests, with: cache))
        }

        let first = try build()
        #expect(!first.named.isEmpty)
        #expect(first.named == first.compared)
        // Nothing changed: no shard is saved again.
        let second = try build()
        #expect(second.named.isEmpty)
        #expect(second.compared.isEmpty)

        // One body edited, one release gone, one added.
        files[names[3]] = Self.release("Release 3", "A new body.")
        try files[names[3]]!.write(toFile: site + "/" + names[3], atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: site + "/" + names[7])
        files[names[7]] = nil
        let added = "Content/releases/2025/added.md"
        files[added] = Self.release("Added", "Late news.")
        try files[added]!.write(toFile: site + "/" + added, atomically: false, encoding: .utf8)
        let third = try build()
        #expect(!third.named.isEmpty)
        #expect(third.named == third.compared)

        // A release forgotten during the build (its stored text was damaged) is counted too.
        let forgotten = try #require(cache.releases.values.first { $0.release.sourcePath.hasSuffix("release-5.md") }?.release.sourcePath)
        let fourth = try build(forgetting: [forgotten])
        #expect(!fourth.named.isEmpty)
        #expect(fourth.named == fourth.compared)
    }

    /// A build that fails keeps what it parsed, in memory only: the next build, which finds
    /// those releases in the cache, still names their shards, or they would never be saved.
    @Test func theShardsAFailedBuildChangedAreSavedByTheNext() throws {
        let site = try Self.site(releases: 8)
        let cache = ContentCache()
        try Self.load(site, into: cache)
        cache.abandonBuild()
        let parsed = Self.shardsCompared(releases: [:], digests: [:], with: cache)
        #expect(!parsed.isEmpty)

        try Self.load(site, into: cache)
        #expect(cache.endBuild() == parsed)
        // Once saved, they are not named again.
        try Self.load(site, into: cache)
        #expect(cache.endBuild().isEmpty)
    }

    /// Saving a few shards groups the entries of those shards only, each entry in its own
    /// shard, and leaves none of theirs out.
    @Test func theEntriesOfTheShardsSavedAreAllThereAndNoOthers() throws {
        let cache = ContentCache()
        try Self.load(try Self.site(releases: 40), into: cache)
        _ = cache.endBuild()
        let wanted: Set<Int> = Set(cache.releases.keys.prefix(3).map(ContentCache.shard(of:)))
        let grouped = cache.entries(inShards: wanted)
        #expect(Set(grouped.keys).isSubset(of: wanted))
        let releases = grouped.values.flatMap { $0.releases.map(\.0) }
        let paths = grouped.values.flatMap { $0.digests.map(\.0) }
        #expect(Set(releases) == Set(cache.releases.keys.filter { wanted.contains(ContentCache.shard(of: $0)) }))
        #expect(Set(paths) == Set(cache.digests.keys.filter { wanted.contains(ContentCache.shard(ofPath: $0)) }))
        #expect(releases.count + paths.count > 0)
        for (shard, entries) in grouped {
            #expect(entries.releases.allSatisfy { ContentCache.shard(of: $0.0) == shard })
            #expect(entries.digests.allSatisfy { ContentCache.shard(ofPath: $0.0) == shard })
        }
        #expect(cache.entries(inShards: []).isEmpty)
    }

    /// A first build has no last build to size the cache's tables by: the loader sizes them
    /// for the release files it listed before the threads parse them (a table growing under
    /// the lock held up the other thread).
    @Test func aFirstBuildSizesTheTablesForTheReleasesItListed() throws {
        let site = try Self.site(releases: 30)
        let cache = ContentCache()
        cache.beginBuild(settledBefore: Int.max)
        #expect(cache.expectedReleases == 0)
        let loaded = try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil, cache: cache).site)
        #expect(cache.expectedReleases == loaded.releases.count && loaded.releases.count == 30 + 1)
    }
}
