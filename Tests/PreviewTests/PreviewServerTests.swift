import Foundation
import TestFolders
import NewsroomKit
@testable import Preview
import Testing

/// The serve loop without a socket: builds, the reload channel, the watcher.
struct PreviewServerTests {
    private func copyFixture() throws -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let site = TestFolders.make("serve-test") + "/site"
        try FileManager.default.copyItem(atPath: repository.appendingPathComponent("seeds/fixtures/feeds/site").path, toPath: site)
        return site
    }

    private func server(_ site: String) throws -> PreviewServer {
        try PreviewServer(options: PreviewServer.Options(
            site: site, now: ISO8601DateFormatter().date(from: "2026-03-15T00:00:00Z"),
            pollInterval: .milliseconds(20), settleInterval: .milliseconds(20)))
    }

    /// Runs the watcher begun as `watch`, and a watchdog (`closing`); the tasks to cancel when done.
    private func running(_ watch: PreviewServer.Watch, of server: PreviewServer, notes: Notes? = nil) -> [Task<Void, Never>] {
        [Task { await server.watch(watch, onNote: { notes?.add($0) }) { _ in } }, closing(server)]
    }

    /// Closes `server` after `seconds`, ending its reload channels: a test waiting for an event
    /// that never comes fails then rather than waiting for ever. (Generous: the whole suite
    /// running on two cores can hold a task back for a long time.)
    private func closing(_ server: PreviewServer, after seconds: Int = 150) -> Task<Void, Never> {
        Task {
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            server.close()
        }
    }

    /// A server on a copy of the fixture, built once; the caller closes it.
    private func served() throws -> (site: String, server: PreviewServer) {
        let site = try copyFixture()
        let server = try server(site)
        server.rebuild()
        return (site, server)
    }

    /// A server on a copy of the fixture with a watch begun before its first build.
    private func watched() throws -> (site: String, server: PreviewServer, watch: PreviewServer.Watch) {
        let site = try copyFixture()
        let server = try server(site)
        let watch = server.startWatching()
        server.rebuild()
        return (site, server, watch)
    }

    /// Takes events until one whose first line is `event: name`, or gives up after `seconds`.
    private func next(_ name: String, from iterator: inout AsyncStream<String>.Iterator, seconds: Double = 150) async -> String? {
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

    /// A build asked for once the server has closed (a watcher's last change) builds nothing:
    /// no folder comes back in the scratch space to hold memory until the next server starts.
    @Test func nothingIsBuiltOnceTheServerHasClosed() throws {
        let server = try server(try copyFixture())
        guard case .success = server.rebuild() else { Issue.record("the fixture must build"); return }
        server.close()
        let folder = URL(fileURLWithPath: server.output).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: folder))
        guard case .failure(let failure) = server.rebuild() else { Issue.record("a closed server built"); return }
        #expect(failure.description.contains("the preview has stopped"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    /// The preview shares the releases' cache with `newsroom build`, but not its private
    /// output's manifest: no run leaves one behind, and rebuilds still render only what changed.
    @Test func thePrivateOutputsManifestStaysInMemory() throws {
        let (site, server) = try served()
        defer { server.close() }
        let file = site + "/Content/releases/2026/2026-02-01-safety-week.md"
        try (String(contentsOfFile: file, encoding: .utf8) + "\nOne more line.\n").write(toFile: file, atomically: true, encoding: .utf8)
        guard case .success(let report) = server.rebuild() else { Issue.record("the edit builds"); return }
        #expect(report.pagesRendered > 0 && report.pagesRendered < report.pages / 2, "\(report.pagesRendered) of \(report.pages)")
        let cache = try FileManager.default.contentsOfDirectory(atPath: BuildOptions.defaultCacheDirectory(site: site))
        #expect(cache.contains { $0.hasPrefix("releases-") })
        #expect(!cache.contains { $0.hasPrefix("output-") }, "\(cache.sorted())")
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
        let (site, server) = try served()
        defer { server.close() }
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
        let (site, server, watch) = try watched()
        defer { server.close() }
        var events = server.events(since: server.site.generation).makeAsyncIterator()
        let tasks = running(watch, of: server)
        defer { for task in tasks { task.cancel() } }
        let file = site + "/Content/releases/2026/2026-02-01-safety-week.md"
        try (String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "Coastal Safety Week", with: "Harbor Safety Week"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await next("reload", from: &events) != nil)
        #expect(page("/news/releases/2026/safety-week/", of: server).contains("Harbor Safety Week"))
    }
}

extension PreviewServerTests {
    /// The text of a served page, or "" when there is none.
    private func page(_ target: String, of server: PreviewServer) -> String {
        guard case .data(let data) = server.site.respond(to: PreviewRequest(method: "GET", target: target)).body else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A release folder moved in while serving (as an editor saves: one rename) is built, and
    /// a save in that folder, which no watch covered when the watcher started, is built too.
    /// Nothing is built while idle.
    @Test func aSaveInAFolderMadeWhileWatchingIsRebuilt() async throws {
        let (site, server) = try served()
        defer { server.close() }
        let idle = server.site.generation
        var events = server.events(since: idle).makeAsyncIterator()
        let notes = Notes()
        let watch = server.startWatching()
        #expect(watch.note == nil, "the kernel tells of every change here")
        let tasks = running(watch, of: server, notes: notes)
        defer { for task in tasks { task.cancel() } }
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.site.generation == idle, "nothing built while nothing changed")
        let folder = site + "/Content/releases/2026/harbor-day"
        let release = "---\ntitle: Harbor Day opens the piers\ndate: 2026-03-01\n---\nThe piers open to visitors.\n"
        try FileManager.default.createDirectory(atPath: site + "/draft", withIntermediateDirectories: false)
        try release.write(toFile: site + "/draft/index.md", atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: site + "/draft", toPath: folder)
        #expect(await next("reload", from: &events) != nil)
        #expect(server.site.generation == idle + 1, "one build for the burst, none while idle")
        #expect(page("/news/releases/2026/harbor-day/", of: server).contains("Harbor Day opens the piers"))
        try release.replacingOccurrences(of: "opens the piers", with: "fills the piers").write(toFile: folder + "/index.md", atomically: false, encoding: .utf8)
        #expect(await next("reload", from: &events) != nil)
        #expect(page("/news/releases/2026/harbor-day/", of: server).contains("Harbor Day fills the piers"))
        #expect(notes.all.isEmpty, "the kernel tells of every change here: \(notes.all)")
    }

    /// A release bundle linked from elsewhere in the site: the kernel does not tell of changes
    /// to what a link leads to, so the watcher says so and looks at the files, and a save
    /// through the link's target is still built.
    @Test func aLinkedBundleIsWatchedByLookingAndSaysWhy() async throws {
        let site = try copyFixture()
        let bundle = site + "/Content/releases/2026/restoration"
        try FileManager.default.createDirectory(atPath: site + "/bundles", withIntermediateDirectories: false)
        try FileManager.default.moveItem(atPath: bundle, toPath: site + "/bundles/restoration")
        try FileManager.default.createSymbolicLink(atPath: bundle, withDestinationPath: site + "/bundles/restoration")
        let server = try server(site)
        defer { server.close() }
        guard case .success = server.rebuild() else { Issue.record("a link inside the site builds"); return }
        var events = server.events(since: server.site.generation).makeAsyncIterator()
        let watch = server.startWatching()
        let tasks = running(watch, of: server)
        defer { for task in tasks { task.cancel() } }
        #expect(watch.note == "watching by looking at every file now and then, since Content/releases/2026/restoration is a symbolic link, and the kernel does not report changes to what it leads to")
        let file = site + "/bundles/restoration/index.md"
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "relit the Point Aster lighthouse", with: "lit the Point Aster lamp")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await next("reload", from: &events) != nil)
        #expect(page("/news/releases/2026/restoration/", of: server).contains("lit the Point Aster lamp"))
    }

    /// A link made while serving: the build it starts is made, and the watcher goes on by looking.
    @Test func aLinkMadeWhileServingTurnsTheWatcherToLooking() async throws {
        let (site, server, watch) = try watched()
        defer { server.close() }
        var events = server.events(since: server.site.generation).makeAsyncIterator()
        let notes = Notes()
        let tasks = running(watch, of: server, notes: notes)
        defer { for task in tasks { task.cancel() } }
        try FileManager.default.createDirectory(atPath: site + "/shared", withIntermediateDirectories: false)
        try "A fact sheet.\n".write(toFile: site + "/shared/facts.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site + "/Content/media/facts.txt", withDestinationPath: site + "/shared/facts.txt")
        #expect(await next("reload", from: &events) != nil)
        #expect(page("/news/media/facts.txt", of: server) == "A fact sheet.\n")
        #expect(notes.all.count == 1 && notes.all.first?.contains("Content/media/facts.txt is a symbolic link") == true, "\(notes.all)")
        try "A newer fact sheet.\n".write(toFile: site + "/shared/facts.txt", atomically: false, encoding: .utf8)
        #expect(await next("reload", from: &events) != nil)
        #expect(page("/news/media/facts.txt", of: server) == "A newer fact sheet.\n")
    }
}

/// What a watcher said, gathered from its thread.
private final class Notes: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []
    func add(_ note: String) { lock.withLock { notes.append(note) } }
    var all: [String] { lock.withLock { notes } }
}

extension PreviewServerTests {
    /// A server killed before it could clean up leaves its folder; the next one removes it, and
    /// leaves alone the folders of servers still running.
    @Test func foldersOfKilledServersAreRemoved() throws {
        let scratch = TestFolders.make("scratch")
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
