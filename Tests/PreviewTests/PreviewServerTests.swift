import Foundation
import NewsroomKit
@testable import Preview
import Testing

/// The serve loop without a socket: builds, the reload channel, the watcher.
struct PreviewServerTests {
    private func copyFixture() throws -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("newsroom-serve-test-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: repository.appendingPathComponent("seeds/fixtures/feeds/site").path, toPath: site)
        return site
    }

    private func server(_ site: String) throws -> PreviewServer {
        try PreviewServer(options: PreviewServer.Options(
            site: site, now: ISO8601DateFormatter().date(from: "2026-03-15T00:00:00Z"),
            pollInterval: .milliseconds(20), settleInterval: .milliseconds(20)))
    }

    /// Takes events until one whose first line is `event: name`, or gives up after `seconds`.
    private func next(_ name: String, from iterator: inout AsyncStream<String>.Iterator, seconds: Double = 20) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, let event = await iterator.next() {
            if event.hasPrefix("event: \(name)\n") { return event }
        }
        return nil
    }

    @Test func itBuildsIntoAPrivateFolderAndTheOutputHasNoScript() throws {
        let site = try copyFixture()
        let server = try server(site)
        defer { server.close() }
        guard case .success = server.rebuild() else { Issue.record("the fixture must build"); return }
        #expect(!server.output.hasPrefix(site))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
        #expect(server.site.basePath == "/news/")
        #expect(server.site.root == server.output)
        let files = FileManager.default.enumerator(atPath: server.output)?.allObjects as? [String] ?? []
        #expect(files.count > 20)
        for file in files where file.hasSuffix(".html") || file.hasSuffix(".xml") || file.hasSuffix(".json") {
            let text = try String(contentsOfFile: server.output + "/" + file, encoding: .utf8)
            #expect(!text.contains("EventSource") && !text.contains("__newsroom"), "\(file)")
        }
        let served = server.site.respond(to: PreviewRequest(method: "GET", target: "/news/releases/2026/safety-week/"))
        #expect(served.status == 200)
        server.close()
        #expect(!FileManager.default.fileExists(atPath: server.output))
    }

    @Test func aPageFromAnOlderBuildReloadsAtOnce() async throws {
        let server = try server(try copyFixture())
        defer { server.close() }
        server.rebuild()
        let generation = server.site.generation
        var stale = server.events(since: generation - 1).makeAsyncIterator()
        #expect(await next("reload", from: &stale, seconds: 2) == "event: reload\ndata: \(generation)\n\n")
    }

    /// A save that breaks a release: open pages are told what failed and keep the last good
    /// site; the next good save reloads them.
    @Test func aFailedBuildIsShownThenClearedByTheNextGoodOne() async throws {
        let site = try copyFixture()
        let server = try server(site)
        defer { server.close() }
        server.rebuild()
        let generation = server.site.generation
        var events = server.events(since: generation).makeAsyncIterator()
        let file = site + "/Content/releases/2026/2026-02-01-safety-week.md"
        try "---\ntitle: [broken\ndate: 2026-02-01\n---\nText.\n".write(toFile: file, atomically: true, encoding: .utf8)
        guard case .failure = server.rebuild() else { Issue.record("the broken file must fail"); return }
        let failed = await next("failed", from: &events, seconds: 2)
        #expect(failed?.contains("\"path\":\"Content\\/releases\\/2026\\/2026-02-01-safety-week.md\"") == true)
        #expect(server.site.generation == generation, "the last good site is still served")
        #expect(server.site.root != nil)
        // A page opened now learns of the failure too.
        var late = server.events(since: generation).makeAsyncIterator()
        #expect(await next("failed", from: &late, seconds: 2) != nil)
        try "---\ntitle: Fixed\ndate: 2026-02-01\n---\nText.\n".write(toFile: file, atomically: true, encoding: .utf8)
        guard case .success = server.rebuild() else { Issue.record("the fixed file must build"); return }
        #expect(await next("reload", from: &events, seconds: 2) == "event: reload\ndata: \(generation + 1)\n\n")
        #expect(server.site.failure == nil)
    }

    @Test func aSaveIsSeenAndRebuiltByTheWatcher() async throws {
        let site = try copyFixture()
        let server = try server(site)
        defer { server.close() }
        server.rebuild()
        var events = server.events(since: server.site.generation).makeAsyncIterator()
        let watcher = Task { await server.watch { _ in } }
        defer { watcher.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        let file = site + "/Content/releases/2026/2026-02-01-safety-week.md"
        try (String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "Coastal Safety Week", with: "Harbor Safety Week"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await next("reload", from: &events) != nil)
        let page = server.site.respond(to: PreviewRequest(method: "GET", target: "/news/releases/2026/safety-week/"))
        guard case .data(let data) = page.body else { Issue.record("a page"); return }
        #expect(String(decoding: data, as: UTF8.self).contains("Harbor Safety Week"))
    }
}

extension PreviewServerTests {
    /// A server killed before it could clean up leaves its folder; the next one removes it, and
    /// leaves alone the folders of servers still running.
    @Test func foldersOfKilledServersAreRemoved() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("newsroom-scratch-\(UUID().uuidString)").path
        let dead = scratch + "/newsroom-serve-2147483646-\(UUID().uuidString)"
        let alive = scratch + "/newsroom-serve-\(getpid())-\(UUID().uuidString)"
        let other = scratch + "/newsroom-serve-notapid"
        for folder in [dead, alive, other] {
            try FileManager.default.createDirectory(atPath: folder + "/site", withIntermediateDirectories: true)
        }
        PreviewServer.removeAbandonedFolders(in: scratch)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
        #expect(FileManager.default.fileExists(atPath: other))
    }
}
