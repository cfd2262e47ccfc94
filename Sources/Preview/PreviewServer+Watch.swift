import Foundation
public import NewsroomKit

/// The watcher: hears of saves under `Content/` and `Templates/` and rebuilds once a burst of
/// them has settled.
extension PreviewServer {
    /// A watch begun (`startWatching`) and not yet run: from then on, no change is missed.
    public struct Watch: @unchecked Sendable {  // run by one task at a time
        #if canImport(Glibc)
        fileprivate var events: FolderEvents?
        #endif
        /// The first look at the files, when the watcher looks.
        fileprivate var seen: String?
        /// Why the watcher looks at the files rather than hearing from the kernel, if it must.
        public var note: String?
    }

    /// Places the kernel's watches (`FolderEvents`) or, where the kernel cannot tell of every
    /// change, takes the first look at the files. Begun before the first build, so that a save
    /// made while it runs is built next.
    public func startWatching() -> Watch {
        #if canImport(Glibc)
        do throws(FolderEvents.Unavailable) {
            return Watch(events: try FolderEvents(siteRoot: options.site), seen: nil, note: nil)
        } catch {
            return Watch(events: nil, seen: InputSnapshot.watchFingerprint(siteRoot: options.site), note: Self.lookingNote(error))
        }
        #else
        return Watch(seen: InputSnapshot.watchFingerprint(siteRoot: options.site), note: nil)
        #endif
    }

    /// Watches until the task is cancelled, rebuilding after each burst of changes. `onBuild`
    /// hears of each build (for the terminal); `onNote`, why the watcher turns to looking at the
    /// files, if it must (a symbolic link appeared).
    public func watch(_ watch: Watch, onNote: @escaping @Sendable (String) -> Void = { _ in },
                      onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async {
        #if canImport(Glibc)
        if let events = watch.events {
            guard let unavailable = await listen(to: events, onBuild: onBuild) else { return }
            onNote(Self.lookingNote(unavailable))
            // No look gives "": the first look differs from it, and builds the change that showed it.
            await look(since: "", onBuild: onBuild)
            return
        }
        #endif
        await look(since: watch.seen, onBuild: onBuild)
    }

    #if canImport(Glibc)
    static func lookingNote(_ reason: FolderEvents.Unavailable) -> String {
        "watching by looking at every file now and then, since \(reason.explanation)"
    }

    /// Rebuilds after each burst of events, until cancelled (nil) or until the kernel can no
    /// longer tell of every change (a link or a folder too many appeared): then says why.
    /// Waits for events on a thread of its own, so that a save is heard of the moment it is
    /// made, without holding one of the few threads async work runs on.
    private func listen(to events: FolderEvents, onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async -> FolderEvents.Unavailable? {
        let stop = StopFlag()
        let listening = Listening(events: events)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<FolderEvents.Unavailable?, Never>) in
                let thread = Thread { finished.resume(returning: self.listen(to: listening.events, until: stop, onBuild: onBuild)) }
                thread.name = "newsroom watcher"
                thread.start()
            }
        } onCancel: {
            stop.set()
        }
    }

    /// The blocking loop of `listen(to:onBuild:)`; it looks at `stop` at least every 100 ms.
    private func listen(to events: FolderEvents, until stop: StopFlag,
                        onBuild: @Sendable (Result<BuildReport, BuildFailure>) -> Void) -> FolderEvents.Unavailable? {
        let settle = Int32(clamping: options.settleInterval.components.seconds * 1000 + options.settleInterval.components.attoseconds / 1_000_000_000_000_000)
        while !stop.isSet {
            guard events.wait(milliseconds: 100), events.changed() else { continue }
            // An editor saves in bursts (a temporary file, a rename): wait until it is quiet.
            while events.wait(milliseconds: max(settle, 1)), !stop.isSet { _ = events.changed() }
            // Folders made by the burst are watched before the build lists them.
            do throws(FolderEvents.Unavailable) { try events.place() } catch { return error }
            onBuild(rebuild())
        }
        return nil
    }

    /// The events, handed to the thread that waits for them, which alone uses them from then on.
    private struct Listening: @unchecked Sendable {
        let events: FolderEvents
    }

    #endif

    /// Looks at the files every `pollInterval` and rebuilds once they differ from `seen` and
    /// have settled, until the task is cancelled. On a large site, where one look takes long,
    /// it looks less often: never more than a fifth of one core.
    private func look(since seen: String?, onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async {
        var seen = seen
        var interval = options.pollInterval
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let started = ContinuousClock.now
            var now = InputSnapshot.watchFingerprint(siteRoot: options.site)
            interval = max(options.pollInterval, started.duration(to: .now) * 4)
            guard now != seen else { continue }
            // An editor saves in bursts (a temporary file, a rename): wait until it is quiet.
            while !Task.isCancelled {
                try? await Task.sleep(for: options.settleInterval)
                let later = InputSnapshot.watchFingerprint(siteRoot: options.site)
                if later == now { break }
                now = later
            }
            seen = now
            onBuild(rebuild())
        }
    }
}

/// Set once, from any thread, to stop a loop on another.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
}
