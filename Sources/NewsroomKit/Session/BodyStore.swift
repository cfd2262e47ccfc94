import Foundation

/// Where the long texts of a build's releases (each body's HTML, plain text and wire copy, and
/// its search words) wait between load and render, so that the build holds them only while a
/// page uses them and its memory does not grow with the site's text: a file with no name, made
/// in the cache folder (or the temporary folder) and unlinked at once, that nothing else can
/// open and that goes when the last release written to it goes.
///
/// A store can also be a shard of the build cache, opened to read back the texts that trail it
/// (`CacheFile.Trailing`): releases kept from an earlier build read their texts from there, and
/// an incremental build never holds the site's texts.
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

        func readString() throws(CacheFormatError) -> String { try store.readString(self) }
        func readBytes() throws(CacheFormatError) -> [UInt8] { try store.readBytes(self) }
    }

    /// Where reads that fail are noted, for a session's builds: a release kept from an earlier
    /// build of a long-lived session reads from that build's store.
    final class Damage: @unchecked Sendable {
        private let lock = NSLock()
        private var found: Set<Diagnostic> = []
        private var taken = 0

        /// How many times `take` was called: the texts a store remembers (`readString`) are only
        /// reused while it is the same, within one stage of one build.
        var generation: Int { lock.withLock { taken } }

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
                taken += 1
                return found.sorted()
            }
        }
    }

    let descriptor: Int32
    let damage: Damage
    /// Where the texts start in the file: 0 for a store of its own, past the payload for a shard.
    private let base: Int
    /// A shard's texts are only read.
    private let writable: Bool
    /// How many bytes of texts the build keeps in memory before it stores them: a site of a few
    /// thousand releases pays nothing for the store, a larger one holds no more than this.
    let budget: Int
    private let lock = NSLock()
    private var end = 0
    private var kept = 0
    private var recent: [(offset: Int, digest: Fingerprint, generation: Int, text: String)] = []

    /// A store in `directory`; nil when no file can be made there (the build then keeps its texts in memory).
    init?(directory: String, damage: Damage, budget: Int) {
        self.damage = damage
        self.budget = budget
        var template = Array((directory + "/.newsroom-texts-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
        base = 0
        writable = true
    }

    /// The trailing texts of a cache file, read only; the store closes the file when it goes.
    init(reading trailing: CacheFile.Trailing, damage: Damage) {
        descriptor = trailing.descriptor
        base = trailing.offset
        writable = false
        budget = 0
        self.damage = damage
    }

    /// The record of `count` bytes at `start` in the store's texts, vouched for by `digest`.
    func record(at start: Int, count: Int, digest: Fingerprint) -> Record {
        Record(store: self, offset: base + start, count: count, digest: digest)
    }

    /// A store in the cache folder when there is one already, else in the temporary folder (a
    /// build makes no cache folder before it has something to save there).
    convenience init?(cacheDirectory: String?, damage: Damage, budget: Int) {
        if let cacheDirectory {
            if access(cacheDirectory, W_OK) == 0 {
                self.init(directory: cacheDirectory, damage: damage, budget: budget)
                return
            }
        }
        let temporary = NSTemporaryDirectory()
        self.init(directory: temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary, damage: damage, budget: budget)
    }

    /// Whether texts of `count` bytes fit in what the build keeps in memory; counted if so.
    func keepsInMemory(_ count: Int) -> Bool {
        lock.withLock {
            guard kept + count <= budget else { return false }
            kept += count
            return true
        }
    }

    deinit { close(descriptor) }

    /// Appends the UTF-8 of each string, from where it is, in one write; nil when the file takes
    /// no more (the caller keeps the texts in memory).
    func write(_ strings: [String]) -> [Record]? {
        func collect(_ index: Int, _ buffers: [UnsafeRawBufferPointer]) -> [Record]? {
            guard index < strings.count else { return write(buffers) }
            var string = strings[index]
            return string.withUTF8 { collect(index + 1, buffers + [UnsafeRawBufferPointer($0)]) }
        }
        return collect(0, [])
    }

    private func write(_ buffers: [UnsafeRawBufferPointer]) -> [Record]? {
        guard writable else { return nil }
        let total = buffers.reduce(0) { $0 + $1.count }
        let offset = lock.withLock {
            defer { end += total }
            return end
        }
        var vectors = buffers.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
        var done = 0
        while true {
            let count = pwritev(descriptor, &vectors, Int32(vectors.count), off_t(offset))
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            done = count
            break
        }
        // A short write: the rest, one buffer at a time.
        var start = 0
        for buffer in buffers {
            defer { start += buffer.count }
            var written = max(0, min(buffer.count, done - start))
            while written < buffer.count, let base = buffer.baseAddress {
                let count = pwrite(descriptor, base + written, buffer.count - written, off_t(offset + start + written))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return nil }
                written += count
            }
        }
        var records: [Record] = []
        var position = offset
        for buffer in buffers {
            records.append(Record(store: self, offset: position, count: buffer.count, digest: Fingerprint.of(raw: buffer)))
            position += buffer.count
        }
        return records
    }

    /// The bytes of a record, checked against its digest, not made into a string.
    func readBytes(_ record: Record) throws(CacheFormatError) -> [UInt8] {
        var read = (count: 0, digest: Fingerprint.zero)
        let bytes = [UInt8](unsafeUninitializedCapacity: record.count) { buffer, count in
            read = fill(buffer, from: record)
            count = read.count
        }
        try check(read, against: record)
        return bytes
    }

    /// The text of a record, checked against its digest. The last few texts read are kept, as a
    /// page often reads the same one twice (a release's body and the tail of its first paragraph).
    func readString(_ record: Record) throws(CacheFormatError) -> String {
        let generation = damage.generation
        // By place and digest: an empty text shares its offset with the text after it.
        if let text = lock.withLock({
            recent.first { $0.offset == record.offset && $0.digest == record.digest && $0.generation == generation }?.text
        }) { return text }
        var read = (count: 0, digest: Fingerprint.zero)
        let text = String(unsafeUninitializedCapacity: record.count) { buffer in
            read = fill(buffer, from: record)
            return read.count
        }
        try check(read, against: record)
        guard text.utf8.count == record.count else { throw CacheFormatError(reason: "it was changed (its checksum does not match)") }
        lock.withLock {
            recent.insert((record.offset, record.digest, generation, text), at: 0)
            if recent.count > 8 { recent.removeLast() }
        }
        return text
    }

    /// Reads a record's bytes into `buffer` (room for all of them): how many came, and their digest.
    private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from record: Record) -> (count: Int, digest: Fingerprint) {
        let done = FileBytes.read(descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: record.offset)
        return (done, Fingerprint.of(raw: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<done]))))
    }

    private func check(_ read: (count: Int, digest: Fingerprint), against record: Record) throws(CacheFormatError) {
        guard read.count == record.count else { throw CacheFormatError(reason: "it ends too early") }
        guard read.digest == record.digest else { throw CacheFormatError(reason: "it was changed (its checksum does not match)") }
    }
}
