import Foundation

/// Parsed releases by the fingerprint of everything their parse reads, and the fingerprints of
/// source files by their file-system signature. A release is read and put through YAML and
/// cmark again only when its bytes, its bundle's file list or the settings change.
///
/// Shared by the parallel parse: every method takes the lock.
final class ContentCache: @unchecked Sendable {
    /// Device, inode, size and change times: what `stat` says without reading the file.
    struct Signature: Hashable, Sendable {
        var device: Int, inode: Int, size: Int, modified: Int, changed: Int

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            self.init(status)
        }

        init(_ status: stat) {
            device = Int(status.st_dev)
            inode = Int(status.st_ino)
            size = Int(status.st_size)
            modified = FileBytes.nanoseconds(status.st_mtim)
            changed = FileBytes.nanoseconds(status.st_ctim)
        }

        init(device: Int, inode: Int, size: Int, modified: Int, changed: Int) {
            (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
        }
    }

    struct Parsed: Sendable {
        var release: Release
        /// Warnings of the parse, reported again whenever the cached release is used.
        var warnings: [Diagnostic]
    }

    let lock = NSLock()
    /// By absolute path. Only signatures older than the build that saw them by a margin are kept:
    /// a file rewritten within one tick of the file-system clock after it was read would
    /// otherwise look unchanged (git calls this "racy").
    var digests: [String: (signature: Signature, digest: Fingerprint)] = [:]
    var releases: [Fingerprint: Parsed] = [:]
    private var usedDigests: [String: (signature: Signature, digest: Fingerprint)] = [:]
    private var usedReleases: [Fingerprint: Parsed] = [:]
    /// What the build changed, noted as it goes, so that ending it need not compare the tables
    /// (30 ms at 10,000 releases, with the other core idle): the shards of entries it added or
    /// changed, and how many of the last build's entries it used again. Fewer than there were
    /// means some went, and only then are the tables compared.
    private var changes = Changes()
    private struct Changes {
        var shards: Set<Int> = []
        var releasesKept = 0
        var digestsKept = 0
        /// False once something other than a lookup or a store changed the tables (`forget`).
        var counted = true
    }
    private var settledBefore = Int.min
    /// How many releases the build said it would parse (`expect(releases:)`).
    private(set) var expectedReleases = 0
    /// Each shard file's signature as this cache last wrote it or checked it in full: while a
    /// file keeps it, its texts need not pass through the checksum again (`CacheFile.load`).
    var checkedShards: [Int: Signature] = [:]
    /// The same for the texts files the shards refer to (`TextsFiles`), by name.
    var checkedTexts: [String: Signature] = [:]

    init() {}


    /// Starts a build: what it uses is what the next build keeps.
    /// - Parameter settledBefore: files changed at or after this instant (nanoseconds) are read again next time.
    func beginBuild(settledBefore nanoseconds: Int) {
        lock.withLock {
            // Sized for a build like the last one: a table growing under the lock holds up the other threads.
            usedDigests = Dictionary(minimumCapacity: digests.count)
            usedReleases = Dictionary(minimumCapacity: releases.count)
            changes = Changes()
            settledBefore = nanoseconds
        }
    }

    /// Makes room for the releases of `count` source files, once the build has listed them: in
    /// a first build (no last build to size the tables by, `beginBuild`) the tables grew under
    /// the lock, and the thread that grew one, touching new pages for it, held up the other.
    func expect(releases count: Int) {
        lock.withLock {
            expectedReleases = count
            usedReleases.reserveCapacity(count)
            usedDigests.reserveCapacity(count)
        }
    }

    /// Ends a build: drops whatever it did not use, so the cache does not grow without bound.
    /// Returns the shards whose contents changed.
    func endBuild() -> Set<Int> {
        lock.withLock {
            var changed = changes.shards
            if !changes.counted {
                for (key, _) in usedReleases where releases[key] == nil { changed.insert(Self.shard(of: key)) }
                for (path, entry) in usedDigests {
                    if let old = digests[path], old.signature == entry.signature, old.digest == entry.digest { continue }
                    changed.insert(Self.shard(ofPath: path))
                }
            }
            if !changes.counted || changes.releasesKept < releases.count {
                for key in releases.keys where usedReleases[key] == nil { changed.insert(Self.shard(of: key)) }
            }
            if !changes.counted || changes.digestsKept < digests.count {
                for path in digests.keys where usedDigests[path] == nil { changed.insert(Self.shard(ofPath: path)) }
            }
            digests = usedDigests
            releases = usedReleases
            return changed
        }
    }

    /// Ends a failed build: keeps everything, old and new.
    func abandonBuild() {
        lock.withLock {
            digests.merge(usedDigests) { _, new in new }
            releases.merge(usedReleases) { _, new in new }
        }
    }

    /// The digest of the file, by its signature when that is settled, else by reading it.
    /// `read` is only called when needed; its errors are the caller's.
    /// - Parameter listed: the file's signature as the build listed it, when it did; else it is looked up.
    func digest(ofFile path: String, listed: Signature? = nil, read: () throws(Diagnostic) -> Data) throws(Diagnostic) -> (digest: Fingerprint, data: Data?) {
        let signature = listed ?? Signature(path: path)
        if let signature, let known = lock.withLock({ () -> Fingerprint? in
            // Looked up and marked used under one taking of the lock, which every parsing thread shares.
            guard let known = digests[path], known.signature == signature else { return nil }
            use(known, forPath: path, old: known)
            return known.digest
        }) {
            return (known, nil)
        }
        let data = try read()
        let digest = Fingerprint.of(data)
        if let signature {
            lock.withLock {
                if signature.changed < settledBefore && signature.modified < settledBefore {
                    use((signature, digest), forPath: path, old: digests[path])
                }
            }
        }
        return (digest, data)
    }

    func release(forKey key: Fingerprint) -> Parsed? {
        lock.withLock {
            let old = releases[key]
            guard let parsed = old ?? usedReleases[key] else { return nil }
            use(parsed, forKey: key, isOld: old != nil)
            return parsed
        }
    }

    /// Drops the releases of these source files, whose stored texts cannot be read back.
    func forget(paths: Set<String>) {
        guard !paths.isEmpty else { return }
        lock.withLock {
            // Their shards are saved without them.
            for (key, parsed) in releases where paths.contains(parsed.release.sourcePath) { changes.shards.insert(Self.shard(of: key)) }
            for (key, parsed) in usedReleases where paths.contains(parsed.release.sourcePath) { changes.shards.insert(Self.shard(of: key)) }
            releases = releases.filter { !paths.contains($0.value.release.sourcePath) }
            usedReleases = usedReleases.filter { !paths.contains($0.value.release.sourcePath) }
            changes.counted = false
        }
    }

    func store(_ parsed: Parsed, forKey key: Fingerprint) {
        lock.withLock { use(parsed, forKey: key, isOld: releases[key] != nil) }
    }

    /// Under the lock: marks a release used, and notes the change.
    /// - Parameter isOld: whether the last build's table holds it (looked up once, by the caller).
    private func use(_ parsed: Parsed, forKey key: Fingerprint, isOld: Bool) {
        if usedReleases.updateValue(parsed, forKey: key) == nil, isOld { changes.releasesKept += 1 }
        if !isOld { changes.shards.insert(Self.shard(of: key)) }
    }

    /// Under the lock: marks a file's digest used, and notes the change.
    /// - Parameter old: the last build's entry for the file (looked up once, by the caller).
    private func use(_ entry: (signature: Signature, digest: Fingerprint), forPath path: String,
                     old: (signature: Signature, digest: Fingerprint)?) {
        if usedDigests.updateValue(entry, forKey: path) == nil, old != nil { changes.digestsKept += 1 }
        if old?.signature != entry.signature || old?.digest != entry.digest { changes.shards.insert(Self.shard(ofPath: path)) }
    }

}
