import Foundation
public import NewsroomKit

/// The watcher: hears of saves under `Content/` and `Templates/` and rebuilds once a burst of
/// them has settled.
extension PreviewServer {
    /// A watch begun (`startWatching`) and not yet run: from then on, no change is missed.
    public struct Watch: @unchecked Sendable {  // run by one thread at a time
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
    ///
    /// The watcher waits and builds on a thread of its own: a build takes seconds on a large
    /// site, and would hold one of the few threads that async work (the server's) runs on.
    public func watch(_ watch: Watch, onNote: @escaping @Sendable (String) -> Void = { _ in },
                      onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async {
        let stop = StopFlag()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                let thread = Thread {
                    self.run(watch, until: stop, onNote: onNote, onBuild: onBuild)
                    finished.resume()
                }
                thread.name = "newsroom watcher"
                thread.start()
            }
        } onCancel: {
            stop.set()
        }
    }

    /// The watcher's loop, on its thread, until `stop` is set.
    private func run(_ watch: Watch, until stop: StopFlag, onNote: (String) -> Void,
                     onBuild: (Result<BuildReport, BuildFailure>) -> Void) {
        #if canImport(Glibc)
        if let events = watch.events {
            guard let unavailable = listen(to: events, until: stop, onBuild: onBuild) else { return }
            onNote(Self.lookingNote(unavailable))
            // No look gives "": the first look differs from it, and builds the change that showed it.
            look(since: "", until: stop, onBuild: onBuild)
            return
        }
        #endif
        look(since: watch.seen, until: stop, onBuild: onBuild)
    }

    #if canImport(Glibc)
    static func lookingNote(_ reason: FolderEvents.Unavailable) -> String {
        "watching by looking at every file now and then, since \(reason.explanation)"
    }

    /// Rebuilds after each burst of events, until `stop` is set (nil) or until the kernel can
    /// no longer tell of every change (a link or a folder too many appeared): then says why.
    /// A save is heard of the moment it is made; `stop` is looked at every 100 ms.
    private func listen(to events: FolderEvents, until stop: StopFlag,
                        onBuild: (Result<BuildReport, BuildFailure>) -> Void) -> FolderEvents.Unavailable? {
        let settle = Int32(clamping: Self.milliseconds(options.settleInterval))
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
    #endif

    /// Looks at the files every `pollInterval` and rebuilds once they differ from `seen` and
    /// have settled, until `stop` is set. On a large site, where one look takes long, it looks
    /// less often: never more than a fifth of one core.
    private func look(since seen: String?, until stop: StopFlag, onBuild: (Result<BuildReport, BuildFailure>) -> Void) {
        var seen = seen
        var interval = options.pollInterval
        while !stop.isSet {
            stop.sleep(interval)
            let started = ContinuousClock.now
            var now = InputSnapshot.watchFingerprint(siteRoot: options.site)
            interval = max(options.pollInterval, started.duration(to: .now) * 4)
            guard now != seen, !stop.isSet else { continue }
            // An editor saves in bursts (a temporary file, a rename): wait until it is quiet.
            while !stop.isSet {
                stop.sleep(options.settleInterval)
                let later = InputSnapshot.watchFingerprint(siteRoot: options.site)
                if later == now { break }
                now = later
            }
            seen = now
            onBuild(rebuild())
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Set once, from any thread, to stop the watcher's loop on its own.
private final class StopFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    var isSet: Bool { condition.withLock { stopped } }

    func set() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// Waits for `duration`, or less once the flag is set.
    func sleep(_ duration: Duration) {
        let until = Date().addingTimeInterval(Double(PreviewServer.milliseconds(duration)) / 1000)
        condition.withLock {
            while !stopped, condition.wait(until: until) {}
        }
    }
}
