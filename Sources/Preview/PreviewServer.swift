public import Foundation
public import NewsroomKit

/// `newsroom serve`: builds the site into a private folder (never the deployed output), serves
/// it, watches `Content/` and `Templates/`, rebuilds through one long-lived `BuildSession` after
/// a burst of saves settles, and tells open pages to reload, or shows them what failed.
///
/// The state (what is served, which build it is, the last failure) is read by every request
/// and replaced by each build, under one lock; pages waiting on the reload channel are told
/// of each change.
public final class PreviewServer: @unchecked Sendable {
    public struct Options: Sendable {
        public var site: String
        public var includeDrafts: Bool
        public var includeFuture: Bool
        /// A fixed clock for tests; nil reads the time at each build, so an embargo lifts while serving.
        public var now: Date?
        public var threads: Int
        /// How often the watcher looks at the files where the kernel cannot tell of changes, and
        /// how long the folders must stay unchanged before a build.
        public var pollInterval: Duration
        public var settleInterval: Duration

        public init(site: String, includeDrafts: Bool = false, includeFuture: Bool = false, now: Date? = nil, threads: Int = 0,
                    pollInterval: Duration = .milliseconds(50), settleInterval: Duration = .milliseconds(30)) {
            self.site = site
            self.includeDrafts = includeDrafts
            self.includeFuture = includeFuture
            self.now = now
            self.threads = threads
            self.pollInterval = pollInterval
            self.settleInterval = settleInterval
        }
    }

    public let options: Options
    /// Where the preview is built: a fresh private folder, removed by `close()`.
    public let output: String
    private let session: BuildSession
    private let lock = NSLock()
    private var state: PreviewSite
    private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
    /// Held by a build from start to end, and by `close()`: a build under way when the server
    /// closes finishes before the folder is removed, and none starts after (a watcher's last
    /// build wrote a new folder once the old one was gone, which held memory in `/dev/shm`).
    private let building = NSLock()
    private var isClosed = false

    public init(options: Options) throws {
        self.options = options
        let scratch = Self.scratchFolder()
        Self.removeAbandonedFolders(in: scratch)
        let folder = scratch + "/newsroom-serve-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        output = folder + "/site"
        // The releases' cache is shared with `newsroom build`; the private output's manifest is not.
        session = BuildSession(cacheDirectory: BuildOptions.defaultCacheDirectory(site: options.site), privateOutputs: true)
        // Generations start at the clock, so a page from an earlier run of the server reloads too.
        let start = Int(Date().timeIntervalSince1970 * 1000)
        state = PreviewSite(root: nil, basePath: "/", generation: start, failure: nil)
    }

    /// Where previews are built: in memory (`/dev/shm`) when it has room, since every rebuild
    /// links the unchanged files into a new tree and a disk makes files slowly; else the
    /// system's temporary folder.
    static func scratchFolder() -> String {
        var status = statvfs()
        if access("/dev/shm", W_OK) == 0, statvfs("/dev/shm", &status) == 0,
           UInt64(status.f_bavail) * UInt64(status.f_frsize) >= 1 << 30 {
            return "/dev/shm"
        }
        return FileManager.default.temporaryDirectory.path
    }

    /// Removes the build folders of earlier servers that were killed before they could (their
    /// process is gone): in `/dev/shm` they would hold memory until the machine restarts.
    static func removeAbandonedFolders(in scratch: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: scratch) else { return }
        for name in names where name.hasPrefix("newsroom-serve-") {
            let fields = name.dropFirst("newsroom-serve-".count).split(separator: "-", maxSplits: 1)
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: scratch + "/" + name)
            }
        }
    }

    /// What requests see now.
    public var site: PreviewSite { lock.withLock { state } }

    /// Builds once and publishes the result to the pages that are open.
    @discardableResult
    public func rebuild() -> Result<BuildReport, BuildFailure> {
        building.lock()
        defer { building.unlock() }
        guard !isClosed else {
            return .failure(BuildFailure([Diagnostic(.error, at: SourceLocation(path: options.site), "the preview has stopped; nothing was built")]))
        }
        let buildOptions = BuildOptions(
            siteDirectory: options.site, outputDirectory: output, includeDrafts: options.includeDrafts,
            includeFuture: options.includeFuture, clock: Clock(now: options.now ?? Date()), threads: options.threads)
        let result: Result<BuildReport, BuildFailure>
        do {
            result = .success(try session.build(buildOptions))
        } catch {
            result = .failure(error)
        }
        let basePath = Builder.basePath(siteDirectory: options.site, baseURLOverride: nil)
        let event: String
        let waiting: [AsyncStream<String>.Continuation]
        (event, waiting) = lock.withLock {
            switch result {
            case .success:
                state.root = output
                state.basePath = basePath ?? state.basePath
                state.generation += 1
                state.failure = nil
                return (ReloadScript.event("reload", data: String(state.generation)), Array(listeners.values))
            case .failure(let failure):
                state.failure = failure.diagnostics
                return (ReloadScript.event("failed", data: ReloadScript.problems(failure.diagnostics)), Array(listeners.values))
            }
        }
        for listener in waiting { listener.yield(event) }
        return result
    }

    /// The events for a page rendered from build `since`: at once what it missed (a newer build,
    /// or the failure of the last one), then every change.
    public func events(since: Int) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let id = UUID()
        let current: PreviewSite = lock.withLock {
            listeners[id] = continuation
            return state
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.listeners.removeValue(forKey: id) }
        }
        if current.root != nil, current.generation != since {
            continuation.yield(ReloadScript.event("reload", data: String(current.generation)))
        } else if let failure = current.failure {
            continuation.yield(ReloadScript.event("failed", data: ReloadScript.problems(failure)))
        }
        // A comment now and then keeps proxies and browsers from closing a quiet channel.
        continuation.yield(": open\n\n")
        return stream
    }

    /// Ends every open channel (their pages reconnect to the next server) and removes the build folder.
    public func close() {
        building.withLock { isClosed = true }
        let waiting = lock.withLock {
            let all = Array(listeners.values)
            listeners = [:]
            return all
        }
        for listener in waiting { listener.finish() }
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: output).deletingLastPathComponent().path)
    }
}
