import Foundation

/// Where the long texts of a build's releases (each body's HTML, plain text and wire copy, and
/// its search words) wait between load and render, so that the build holds them only while a
/// page uses them and its memory does not grow with the site's text: a file with no name, made
/// in the cache folder (or the temporary folder) and unlinked at once, that nothing else can
/// open and that goes when the last release written to it goes.
///
/// Each record keeps the digest of its bytes, checked when it is read back: a record cut short
/// or changed is refused (`CacheFormatError`), reported against the release as a located error
/// (`damage`) that stops the build before it writes anything, never shown.
final class BodyStore: @unchecked Sendable {
    /// Where one text waits, and the digest that vouches for it (and stands for it in fingerprints).
    struct Record: Sendable {
        let store: BodyStore
        let offset: Int
        let count: Int
        let digest: Fingerprint

        func read() throws(CacheFormatError) -> [UInt8] { try store.read(self) }
    }

    /// Where reads that fail are noted, for a session's builds: a release kept from an earlier
    /// build of a long-lived session reads from that build's store.
    final class Damage: @unchecked Sendable {
        private let lock = NSLock()
        private var found: Set<Diagnostic> = []

        /// Notes that a release's texts could not be read back; the build stops with it before writing.
        func report(_ error: CacheFormatError, path: String) {
            let diagnostic = Diagnostic.error(
                "the build's copy of this release's text cannot be read back (\(error.reason)); build again",
                at: SourceLocation(path: path))
            _ = lock.withLock { found.insert(diagnostic) }
        }

        /// What was noted since the last call, sorted; forgets it.
        func take() -> [Diagnostic] {
            lock.withLock {
                defer { found = [] }
                return found.sorted()
            }
        }
    }

    let descriptor: Int32
    let damage: Damage
    private let lock = NSLock()
    private var end = 0

    /// A store in `directory`; nil when no file can be made there (the build then keeps its texts in memory).
    init?(directory: String, damage: Damage) {
        self.damage = damage
        var template = Array((directory + "/.newsroom-texts-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
    }

    /// A store in the cache folder when there is one, else in the temporary folder.
    convenience init?(cacheDirectory: String?, damage: Damage) {
        if let cacheDirectory {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            if access(cacheDirectory, W_OK) == 0 {
                self.init(directory: cacheDirectory, damage: damage)
                return
            }
        }
        let temporary = NSTemporaryDirectory()
        self.init(directory: temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary, damage: damage)
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; nil when the file takes no more (the caller keeps the text in memory).
    func write(_ bytes: [UInt8]) -> Record? {
        let offset = lock.withLock {
            defer { end += bytes.count }
            return end
        }
        let written = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let count = pwrite(descriptor, base + done, raw.count - done, off_t(offset + done))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        return written ? Record(store: self, offset: offset, count: bytes.count, digest: Fingerprint.of(bytes)) : nil
    }

    func read(_ record: Record) throws(CacheFormatError) -> [UInt8] {
        var short = false
        let bytes = [UInt8](unsafeUninitializedCapacity: record.count) { buffer, count in
            var done = 0
            while done < record.count, let base = buffer.baseAddress {
                let got = pread(descriptor, base + done, record.count - done, off_t(record.offset + done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            count = done
            short = done != record.count
        }
        guard !short else { throw CacheFormatError(reason: "it ends too early") }
        guard Fingerprint.of(bytes) == record.digest else { throw CacheFormatError(reason: "it was changed (its checksum does not match)") }
        return bytes
    }
}
