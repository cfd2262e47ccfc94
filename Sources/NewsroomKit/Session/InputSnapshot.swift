import Foundation

/// The fingerprint of every name and file-system signature under `Content/` and `Templates/`,
/// taken without reading a file. Two equal snapshots, both taken when every file was older than
/// the build that recorded the first by a margin, mean no input changed.
public struct InputSnapshot: Equatable, Sendable {
    var fingerprint: Fingerprint
    /// Whether every file's change time lies before the margin: a file changed within one tick
    /// of the file-system clock of being recorded could otherwise go unnoticed.
    var settled: Bool

    /// A fingerprint of `Content/` and `Templates/` for a file watcher: any change of a name, a
    /// size or a time changes it. Symbolic links are followed (a watcher must see their targets
    /// change), to a depth of 32 folders; nil when the folders cannot be read.
    public static func watchFingerprint(siteRoot: String) -> String? {
        take(siteRoot: siteRoot, settledBefore: Int.max, followingLinks: true).map { String($0.fingerprint.high, radix: 16) + String($0.fingerprint.low, radix: 16) }
    }

    /// Nil when the folders hold something a snapshot cannot vouch for (a symbolic link, whose
    /// target may change without the link changing, unless `followingLinks`) or cannot be read.
    /// - Parameter threads: a folder of many entries has them looked up on this many threads (0: every core).
    static func take(siteRoot: String, settledBefore: Int, followingLinks: Bool = false, threads: Int = 1) -> InputSnapshot? {
        take(siteRoot: siteRoot, settledBefore: settledBefore, followingLinks: followingLinks, threads: threads, recording: false)?.snapshot
    }

    /// The snapshot, and what it saw of each folder, for the loader to list from rather than look
    /// every file up again (`SiteFiles.Seen`).
    static func takeSeeing(siteRoot: String, settledBefore: Int, threads: Int = 1) -> (snapshot: InputSnapshot, seen: SiteFiles.Seen)? {
        take(siteRoot: siteRoot, settledBefore: settledBefore, followingLinks: false, threads: threads, recording: true)
    }

    private static func take(siteRoot: String, settledBefore: Int, followingLinks: Bool, threads: Int, recording: Bool)
        -> (snapshot: InputSnapshot, seen: SiteFiles.Seen)? {
        let walk = Walk(siteRoot: siteRoot, settledBefore: settledBefore, followingLinks: followingLinks, threads: threads,
                        recording: recording, failed: Failed())
        var hasher = FingerprintHasher()
        var settled = true
        var seen: [String: SiteFiles.Seen.Folder] = [:]
        for top in ["Content", "Templates"] {
            var status = stat()
            if lstat(siteRoot + "/" + top, &status) != 0 {
                hasher.combine("no " + top)
                continue
            }
            guard status.st_mode & S_IFMT == S_IFDIR, let walked = walk.folder(top, depth: 0) else { return nil }
            hasher.combine(walked.digest)
            settled = settled && walked.settled
            for (relative, folder) in walked.seen { seen[relative] = folder }
        }
        return (InputSnapshot(fingerprint: hasher.finalize(), settled: settled), SiteFiles.Seen(seen))
    }

    /// What a walk of one folder and everything below it found: the digest of its names and
    /// signatures, with each subfolder's own digest in its place.
    private struct Walked: Sendable {
        var digest: Fingerprint
        var settled: Bool
        var seen: [(String, SiteFiles.Seen.Folder)]
    }

    private struct Walk: Sendable {
        let siteRoot: String
        let settledBefore: Int
        let followingLinks: Bool
        let threads: Int
        let recording: Bool
        /// Set by the first folder that fails, which fails the whole walk: the others stop. A
        /// watcher follows links, and a link to a folder above it leads round and round until
        /// 32 folders deep, down every subfolder of every folder on the way.
        let failed: Failed

        /// Nil when the folder holds something a snapshot cannot vouch for. A folder's subfolders
        /// are walked on every core: one core walking 10,000 releases' files kept the other idle
        /// for 60 ms.
        func folder(_ relative: String, depth: Int) -> Walked? {
            guard !failed.isSet else { return nil }
            guard let walked = walkedFolder(relative, depth: depth) else {
                failed.set()
                return nil
            }
            return walked
        }

        private func walkedFolder(_ relative: String, depth: Int) -> Walked? {
            guard depth < 32 else { return nil }
            let path = siteRoot + "/" + relative
            guard let directory = opendir(path) else { return nil }
            defer { closedir(directory) }
            // A name that is not UTF-8 fails the build (`SiteFiles`): no snapshot vouches for it.
            var readable = true
            let names = FolderNames.sorted(FolderNames.of(directory) { _, _ in readable = false })
            guard readable else { return nil }
            // By name in the open folder: a full path costs a lookup of each of its folders again.
            let statuses = FileStatuses.of(names, in: dirfd(directory), flags: followingLinks ? 0 : AT_SYMLINK_NOFOLLOW, threads: threads)
            let subfolders = names.indices.filter { statuses[$0].status.map { $0.st_mode & S_IFMT == S_IFDIR } ?? false }
            let walked = ParallelMap.map(subfolders, threads: subfolders.count > 1 ? threads : 1) { index in
                folder(relative + "/" + names[index], depth: depth + 1)
            }
            var hasher = FingerprintHasher()
            hasher.combine(relative)
            hasher.combine(names.count)
            var settled = true
            var seen = recording ? [(relative, SiteFiles.Seen.Folder(names: names, statuses: statuses))] : []
            var next = 0
            for (index, found) in zip(names.indices, statuses.map(\.status)) {
                hasher.combine(names[index])
                guard let status = found else {
                    // A link to nothing: seen as such by a watcher, refused by a build's snapshot.
                    if followingLinks { hasher.combine("dangling"); continue }
                    return nil
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    guard let below = walked[next] else { return nil }
                    next += 1
                    hasher.combine(below.digest)
                    settled = settled && below.settled
                    seen += below.seen
                case S_IFREG:
                    let changed = FileBytes.nanoseconds(status.st_ctim)
                    let modified = FileBytes.nanoseconds(status.st_mtim)
                    if changed >= settledBefore || modified >= settledBefore { settled = false }
                    for number in [Int(status.st_dev), Int(status.st_ino), Int(status.st_size), modified, changed] {
                        hasher.combine(number)
                    }
                default:
                    return nil
                }
            }
            return Walked(digest: hasher.finalize(), settled: settled, seen: seen)
        }
    }

    /// A flag any thread may set, once.
    private final class Failed: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
