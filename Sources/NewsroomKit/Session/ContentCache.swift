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
            device = Int(status.st_dev)
            inode = Int(status.st_ino)
            size = Int(status.st_size)
            modified = Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
            changed = Int(status.st_ctim.tv_sec) * 1_000_000_000 + Int(status.st_ctim.tv_nsec)
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

    private let lock = NSLock()
    /// By absolute path. Only signatures older than the build that saw them by a margin are kept:
    /// a file rewritten within one tick of the file-system clock after it was read would
    /// otherwise look unchanged (git calls this "racy").
    private var digests: [String: (signature: Signature, digest: Fingerprint)] = [:]
    private var releases: [Fingerprint: Parsed] = [:]
    private var usedDigests: [String: (signature: Signature, digest: Fingerprint)] = [:]
    private var usedReleases: [Fingerprint: Parsed] = [:]
    private var settledBefore = Int.min

    init() {}


    /// Starts a build: what it uses is what the next build keeps.
    /// - Parameter settledBefore: files changed at or after this instant (nanoseconds) are read again next time.
    func beginBuild(settledBefore nanoseconds: Int) {
        lock.withLock {
            usedDigests = [:]
            usedReleases = [:]
            settledBefore = nanoseconds
        }
    }

    /// Ends a build: drops whatever it did not use, so the cache does not grow without bound.
    /// Returns whether the contents changed.
    func endBuild() -> Bool {
        lock.withLock {
            let changed = digests.count != usedDigests.count || releases.count != usedReleases.count
                || usedDigests.contains { digests[$0.key]?.signature != $0.value.signature || digests[$0.key]?.digest != $0.value.digest }
                || usedReleases.keys.contains { releases[$0] == nil }
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
    func digest(ofFile path: String, read: () throws(Diagnostic) -> Data) throws(Diagnostic) -> (digest: Fingerprint, data: Data?) {
        let signature = Signature(path: path)
        if let signature, let known = lock.withLock({ digests[path] }), known.signature == signature {
            lock.withLock { usedDigests[path] = known }
            return (known.digest, nil)
        }
        let data = try read()
        let digest = Fingerprint.of(data)
        if let signature {
            lock.withLock {
                if signature.changed < settledBefore && signature.modified < settledBefore {
                    usedDigests[path] = (signature, digest)
                }
            }
        }
        return (digest, data)
    }

    func release(forKey key: Fingerprint) -> Parsed? {
        lock.withLock {
            guard let parsed = releases[key] ?? usedReleases[key] else { return nil }
            usedReleases[key] = parsed
            return parsed
        }
    }

    func store(_ parsed: Parsed, forKey key: Fingerprint) {
        lock.withLock { usedReleases[key] = parsed }
    }

    var count: Int { lock.withLock { releases.count } }

    // MARK: Persisting

    func encoded() -> [UInt8] {
        lock.withLock {
            var writer = BinaryWriter(reservingCapacity: releases.count * 16_384)
            writer.write(digests.keys.sorted()) { writer, path in
                let (signature, digest) = digests[path]!
                writer.write(path)
                for number in [signature.device, signature.inode, signature.size, signature.modified, signature.changed] {
                    writer.write(number)
                }
                writer.write(digest)
            }
            writer.write(releases.keys.sorted { ($0.high, $0.low) < ($1.high, $1.low) }) { writer, key in
                let parsed = releases[key]!
                writer.write(key)
                writer.write(parsed.release)
                writer.write(parsed.warnings) { $0.write($1) }
            }
            return writer.bytes
        }
    }

    /// Replaces the contents with a decoded payload; on damage, leaves the cache empty and throws.
    func decode(_ payload: [UInt8]) throws(CacheFormatError) {
        var reader = BinaryReader(payload)
        let digestEntries = try reader.readArray { reader throws(CacheFormatError) in
            let path = try reader.readString()
            let signature = Signature(device: try reader.readInt(), inode: try reader.readInt(), size: try reader.readInt(),
                                      modified: try reader.readInt(), changed: try reader.readInt())
            return (path, (signature: signature, digest: try reader.readFingerprint()))
        }
        let releaseEntries = try reader.readArray { reader throws(CacheFormatError) in
            (try reader.readFingerprint(),
             Parsed(release: try reader.readRelease(),
                    warnings: try reader.readArray { reader throws(CacheFormatError) in try reader.readDiagnostic() }))
        }
        guard reader.isAtEnd else { throw CacheFormatError(reason: "it has bytes after its end") }
        lock.withLock {
            digests = Dictionary(digestEntries, uniquingKeysWith: { first, _ in first })
            releases = Dictionary(releaseEntries, uniquingKeysWith: { first, _ in first })
        }
    }
}
