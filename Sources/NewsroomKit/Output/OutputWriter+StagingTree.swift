import Foundation

/// The staging tree made ahead of what goes in it: its folders before a build without a
/// manifest renders pages into their places (`prepareStaging`), or the whole tree staged again
/// while pages render (`StagingAhead`).
///
/// The whole tree is staged again while pages render, when a page at the top of the output is
/// rendered anew (a title, a date, a recent release's text: the index, the feeds or the
/// search index change). Such a change is exchanged as the whole output, and staging it
/// (a folder for each of 13,000 and a link for each of 23,000 files at 10,000 releases) took
/// as long as rendering the search index, which keeps one core busy while the other waits.
///
/// The previous output is linked into the staging tree as it is, on a thread of its own; the
/// writer helps with the links left when it needs the tree, then makes it the new one
/// (`adopt`): it removes the links of files that changed or are gone and the folders that
/// hold nothing now, and makes the folders that are new. When the change turns out to lie in one folder after all (the page at the top came
/// out the same), the tree is removed and that folder staged as usual.
final class StagingAhead: @unchecked Sendable {  // its state is behind `lock`
    private let writer: OutputWriter
    private let previous: OutputManifest
    private let lock = NSLock()
    private var started = false
    private var adopted = false
    private var abandoned = false
    /// Whether the tree will not be used: links not made yet are left out.
    fileprivate var isAbandoned: Bool { lock.withLock { abandoned } }
    /// The staging tree with the previous output's folders made, and the links still to make,
    /// in runs that the writer helps with once it needs the tree (`finish`).
    private var made: (folders: Set<String>, paths: [String], links: SharedRuns<[Bool]>, descriptors: [Int32])?
    private var finished: OutputWriter.StagedAhead??
    private let foldersMade = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter previous: the previous output's manifest, checked against the folder.
    init(writer: OutputWriter, previous: OutputManifest) {
        self.writer = writer
        self.previous = previous
    }

    deinit { for descriptor in made?.descriptors ?? [] { close(descriptor) } }

    /// Starts staging on a thread of its own, the first time it is called.
    func start() {
        guard lock.withLock({ () -> Bool in
            defer { started = true }
            return !started
        }) else { return }
        let thread = Thread { [self] in
            let tree = writer.stageFoldersAhead(previous) { [weak self] in self?.isAbandoned ?? true }
            lock.withLock { made = tree }
            foldersMade.signal()
            tree?.links.help()
            done.signal()
        }
        thread.name = "newsroom staging"
        thread.start()
    }

    var wasStarted: Bool { lock.withLock { started } }

    /// Whether the writer made the tree staged ahead the new output (else it was removed).
    var wasAdopted: Bool {
        get { lock.withLock { adopted } }
        set { lock.withLock { adopted = newValue } }
    }

    /// Helps make the links that are left, and returns the tree staged; nil when it was never
    /// started or failed. Not `needed`, the links left are not made.
    func finish(needed: Bool = true) -> OutputWriter.StagedAhead? {
        guard wasStarted else { return nil }
        if let finished = lock.withLock({ finished }) { return finished }
        if !needed { lock.withLock { abandoned = true } }
        foldersMade.wait()
        let tree = lock.withLock { made }
        tree?.links.help()
        done.wait()
        let staged = tree.map { tree in
            OutputWriter.StagedAhead(folders: tree.folders, linked: Set(zip(tree.paths, tree.links.results.joined()).lazy.filter(\.1).map(\.0)))
        }
        lock.withLock { finished = .some(staged) }
        return staged
    }
}

extension OutputWriter {
    /// The staging tree's folders, made before anything is put in them.
    struct PreparedStaging: Sendable {
        /// Every folder below the staging folder's top, by path relative to it.
        var folders: Set<String>
    }

    /// Makes the staging folder, empty, and every folder that `paths` (relative to it) lie in.
    func prepareStaging(holding paths: [String], threads: Int) throws(Diagnostic) -> PreparedStaging {
        try prepareStaging(folders: Route.folders(holding: paths, threads: threads), threads: threads)
    }

    /// Makes the staging folder, empty, and `folders` (relative to it) in it: a level at a time,
    /// each level on every core. Removes what a killed build left beside the output.
    func prepareStaging(folders: Set<String>, threads: Int) throws(Diagnostic) -> PreparedStaging {
        // Left over from a build that was killed: never part of any output.
        FolderTree.remove(stagingPath, threads: threads)
        FolderTree.remove(retiredPath, threads: threads)
        do {
            try FileManager.default.createDirectory(atPath: stagingPath, withIntermediateDirectories: false)
            try makeFolders(folders, in: stagingPath, threads: threads)
        } catch {
            FolderTree.remove(stagingPath, threads: threads)
            throw .error("cannot write the output: \(SiteFiles.reason(error))", at: SourceLocation(path: output))
        }
        return PreparedStaging(folders: folders)
    }

    /// Makes `folders` (relative to `top`, which exists) a level at a time, each level on every core.
    func makeFolders(_ folders: Set<String>, in top: String, threads: Int) throws {
        // Level by level, parents first; in no order within a level (sorting 13,000 folders
        // first kept the other core idle), each failure retried in order of its path.
        var levels: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            while levels.count <= depth { levels.append([]) }
            levels[depth].append(folder)
        }
        let descriptor = open(top, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        for level in levels {
            let failed = ParallelMap.map(level, threads: threads) { folder in
                (descriptor >= 0 ? mkdirat(descriptor, folder, 0o755) : mkdir(top + "/" + folder, 0o755)) == 0 ? nil : folder
            }
            for folder in failed.compactMap({ $0 }).sorted() {
                try FileManager.default.createDirectory(atPath: top + "/" + folder, withIntermediateDirectories: true)
            }
        }
    }

    /// The previous output linked into the staging tree.
    struct StagedAhead: Sendable {
        /// Every folder below the staging folder's top, by path relative to it.
        var folders: Set<String>
        /// The files linked into it from the previous output.
        var linked: Set<String>
    }

    /// Makes the staging tree with the previous output's folders (on this thread), and the runs
    /// that link its files into them; nil (and no staging tree) when that fails.
    /// - Parameter abandoned: tells whether the tree will be used; once it will not, runs link nothing.
    func stageFoldersAhead(_ previous: OutputManifest, abandoned: @escaping @Sendable () -> Bool)
        -> (folders: Set<String>, paths: [String], links: SharedRuns<[Bool]>, descriptors: [Int32])? {
        let folders = Set(previous.folders.keys.lazy.filter { !$0.isEmpty })
        guard (try? prepareStaging(folders: folders, threads: 1)) != nil else { return nil }
        let staging = open(stagingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        let old = open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        guard staging >= 0, old >= 0 else {
            for descriptor in [staging, old] where descriptor >= 0 { close(descriptor) }
            removeStaging()
            return nil
        }
        let paths = previous.files.keys
        let links = SharedRuns(count: paths.count, run: FileStatuses.run) { range in
            abandoned() ? Array(repeating: false, count: range.count) : paths[range].map { linkat(old, $0, staging, $0, 0) == 0 }
        }
        return (folders, paths, links, [staging, old])
    }

    /// Makes the tree staged ahead the new output's: `paths` are all its files, `kept` those
    /// whose link stays (carried over unchanged). Removes every other link and the folders
    /// that hold no file now, and makes the folders that are new. Returns the staged folders.
    func adopt(_ ahead: StagedAhead, paths: [String], kept: Set<String>, threads: Int) throws -> Set<String> {
        let folders = Route.folders(holding: paths, threads: threads)
        let staging = open(stagingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        guard staging >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(staging) }
        let stale = Array(ahead.linked.subtracting(kept))
        let failures = ParallelMap.map(stale, threads: threads, run: FileStatuses.run) { unlinkat(staging, $0, 0) == 0 ? 0 : errno }
        if let code = failures.first(where: { $0 != 0 }) { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
        // Folders that hold nothing now, each removed with what is below it.
        let empty = ahead.folders.subtracting(folders)
        for folder in empty where !empty.contains(Route.parentFolder(of: folder)) {
            FolderTree.remove(stagingPath + "/" + folder, threads: 1)
        }
        try makeFolders(folders.subtracting(ahead.folders), in: stagingPath, threads: threads)
        return folders
    }
}

extension OutputWriter {
    /// Linking a file into a tree staged ahead, and unlinking it when that tree is let go, gives
    /// the file a new change time, and nothing else: the entries of `paths` take the time they
    /// have now, so that the next build does not take every file linked for changed (and check
    /// the whole output again). An entry whose file shows any other change is dropped.
    func noteChangeTimes(of paths: Set<String>, in manifest: inout OutputManifest, threads: Int) {
        guard !paths.isEmpty else { return }
        let list = Array(paths)
        for (path, status) in zip(list, OutputManifest.statuses(of: list, folders: [], in: output, threads: threads).files) {
            guard let entry = manifest.files[path] else { continue }
            if let status, status.isFile, status.size == entry.size, status.inode == entry.inode, status.modified == entry.modified {
                manifest.files[path]?.changed = status.changed
            } else {
                manifest.files[path] = nil
                manifest.isComplete = false
            }
        }
    }
}
