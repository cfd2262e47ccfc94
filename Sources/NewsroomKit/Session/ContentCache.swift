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
        /// The build that last used the entry (`ContentCache.build`).
        var used = ContentCache.unused
    }

    /// What the cache knows of a file without reading it again.
    struct DigestEntry: Sendable {
        var signature: Signature
        var digest: Fingerprint
        /// The build that last used the entry (`ContentCache.build`).
        var used = ContentCache.unused
    }

    let lock = NSLock()
    /// By absolute path. Only signatures older than the build that saw them by a margin are kept:
    /// a file rewritten within one tick of the file-system clock after it was read would
    /// otherwise look unchanged (git calls this "racy").
    var digests = PathTable<DigestEntry>()
    var releases: [Fingerprint: Parsed] = [:]
    /// The build under way, counted from 1: an entry it uses is marked with it in place, and
    /// ending the build drops the entries not marked. (Two more tables of what was used, filled
    /// under the lock that every parsing thread shares, were about 3% of a one-release edit's
    /// CPU time in profiles; alternating edits found the difference within the noise.)
    private var build = 0
    /// The mark of an entry no build has used: one read from the cache's files.
    static let unused = 0
    /// What the build changed, noted as it goes, so that ending it need not compare the tables
    /// (30 ms at 10,000 releases, with the other core idle): the shards of entries it added or
    /// changed, and how many entries it marked. Fewer than the tables hold means some went, and
    /// only then are the tables walked.
    private var changes = Changes()
    private struct Changes {
        var shards: Set<Int> = []
        var releasesMarked = 0
        var digestsMarked = 0
    }
    /// The shards a failed build changed, which the next build saves (`abandonBuild`).
    private var changedByFailedBuilds: Set<Int> = []
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
            build += 1
            changes = Changes()
            changes.shards = changedByFailedBuilds
            changedByFailedBuilds = []
            settledBefore = nanoseconds
        }
    }

    /// Makes room for the releases of `count` source files, once the build has listed them: in
    /// a first build the tables grew under the lock, and the thread that grew one, touching new
    /// pages for it, held up the other.
    func expect(releases count: Int) {
        lock.withLock {
            expectedReleases = count
            releases.reserveCapacity(count)
            digests.reserveCapacity(count)
        }
    }

    /// Ends a build: drops whatever it did not use, so the cache does not grow without bound.
    /// Returns the shards whose contents changed.
    func endBuild() -> Set<Int> {
        lock.withLock {
            var changed = changes.shards
            if changes.releasesMarked < releases.count {
                for (key, parsed) in releases where parsed.used != build { changed.insert(Self.shard(of: key)) }
                releases = releases.filter { $0.value.used == build }
            }
            if changes.digestsMarked < digests.count {
                var kept = PathTable<DigestEntry>(capacity: digests.count)
                for place in digests.places {
                    let (path, entry) = digests.pair(at: place)
                    if entry.used == build { _ = kept.add(entry, for: path) } else { changed.insert(Self.shard(ofPath: path)) }
                }
                digests = kept
            }
            return changed
        }
    }

    /// Ends a failed build: keeps everything, old and new (the next build marks what it uses),
    /// and the shards it changed, for the next build to save.
    func abandonBuild() {
        lock.withLock { changedByFailedBuilds.formUnion(changes.shards) }
    }

    /// The digest of the file, by its signature when that is settled, else by reading it.
    /// `read` is only called when needed; its errors are the caller's.
    /// - Parameter listed: the file's signature as the build listed it, when it did; else it is looked up.
    func digest(ofFile path: String, listed: Signature? = nil, read: () throws(Diagnostic) -> Data) throws(Diagnostic) -> (digest: Fingerprint, data: Data?) {
        let signature = listed ?? Signature(path: path)
        if let signature, let known = lock.withLock({ () -> Fingerprint? in
            // Looked up and marked used under one taking of the lock, which every parsing thread shares.
            guard let place = digests.place(of: path), var entry = digests.value(at: place), entry.signature == signature else { return nil }
            if firstUse(&entry.used) {
                digests.setValue(entry, at: place)
                changes.digestsMarked += 1
            }
            return entry.digest
        }) {
            return (known, nil)
        }
        let data = try read()
        let digest = Fingerprint.of(data)
        if let signature {
            lock.withLock {
                guard signature.changed < settledBefore, signature.modified < settledBefore else { return }
                let old = digests[path]
                digests[path] = DigestEntry(signature: signature, digest: digest, used: build)
                if old?.used != build { changes.digestsMarked += 1 }
                if old?.signature != signature || old?.digest != digest { changes.shards.insert(Self.shard(ofPath: path)) }
            }
        }
        return (digest, data)
    }

    func release(forKey key: Fingerprint) -> Parsed? {
        lock.withLock {
            guard let index = releases.index(forKey: key) else { return nil }
            if firstUse(&releases.values[index].used) { changes.releasesMarked += 1 }
            return releases.values[index]
        }
    }

    /// Drops the releases of these source files, whose stored texts cannot be read back.
    func forget(paths: Set<String>) {
        guard !paths.isEmpty else { return }
        lock.withLock {
            // Their shards are saved without them.
            for (key, parsed) in releases where paths.contains(parsed.release.sourcePath) {
                changes.shards.insert(Self.shard(of: key))
                if parsed.used == build { changes.releasesMarked -= 1 }
            }
            releases = releases.filter { !paths.contains($0.value.release.sourcePath) }
        }
    }

    func store(_ parsed: Parsed, forKey key: Fingerprint) {
        lock.withLock {
            var parsed = parsed
            parsed.used = build
            let old = releases.updateValue(parsed, forKey: key)
            if old?.used != build { changes.releasesMarked += 1 }
            if old == nil { changes.shards.insert(Self.shard(of: key)) }
        }
    }

    /// Under the lock: marks an entry found in a table used by this build; true the first time,
    /// when the caller counts it (`Changes`).
    private func firstUse(_ used: inout Int) -> Bool {
        guard used != build else { return false }
        used = build
        return true
    }
}
