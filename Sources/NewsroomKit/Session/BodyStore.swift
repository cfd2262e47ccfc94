import CExchange
import Foundation
import Markdown

/// Where the long texts of a build's releases (each body's HTML, plain text and wire copy, and
/// its search words) wait between load and render, so that the build holds them only while a
/// page uses them and its memory does not grow with the site's text: a file with no name in
/// the cache folder, that nothing else can open, and that goes when the last release written
/// to it goes unless the cache, when it is saved, names it and keeps it as a texts file
/// (`TextsFiles`).
///
/// A store can also be a shard of the build cache, opened to read back the texts that trail it
/// (`CacheFile.Trailing`), or a texts file of the cache: releases kept from an earlier build
/// read their texts from there, and an incremental build never holds the site's texts.
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

    let damage: Damage
    /// Where the texts start in the file: 0 for a store of its own, past the payload for a shard.
    private let base: Int
    /// A shard's texts and a texts file of the cache are only read.
    private let writable: Bool
    /// How many bytes of texts the build keeps in memory before it stores them: a site of a few
    /// thousand releases pays nothing for the store, a larger one holds no more than this.
    let budget: Int
    /// The folder a store for writing makes its file in on its first write: the cache folder,
    /// or nil for the temporary folder.
    private let folder: String?
    /// Whether a store for writing may make a file with no name in `folder` (tests say no, to
    /// take the way of systems that cannot).
    private let mayBeNamed: Bool
    private let lock = NSLock()
    /// The open file; -1 until a store for writing first writes.
    private var file: Int32 = -1
    private var opened = false
    /// Made with no name in `folder`, so it can be given one there (`name(in:)`).
    private var unnamed = false
    /// Its name in the cache folder, once it has one (`TextsFiles`).
    private var fileName: String?
    private var end = 0
    private var kept = 0
    private var recent: [(offset: Int, digest: Fingerprint, generation: Int, text: String)] = []

    /// A store for writing: its file is made on the first write, as a file with no name in
    /// `cacheDirectory` (made if need be), named there when the cache is saved (`name(in:)`)
    /// so the cache refers to the texts where they are instead of copying them. Where a file
    /// with no name cannot be made, it is made in the cache folder (or the temporary folder)
    /// and unlinked at once: nothing else can open it, it goes with the last release written
    /// to it, and the cache copies its texts. A store whose file cannot be made takes nothing:
    /// the build keeps its texts in memory.
    init(cacheDirectory: String?, damage: Damage, budget: Int, mayBeNamed: Bool = true) {
        self.damage = damage
        self.budget = budget
        folder = cacheDirectory
        self.mayBeNamed = mayBeNamed
        base = 0
        writable = true
    }

    /// The trailing texts of a cache file, read only; the store closes the file when it goes.
    init(reading trailing: CacheFile.Trailing, damage: Damage) {
        file = trailing.descriptor
        opened = true
        base = trailing.offset
        end = trailing.count
        writable = false
        budget = 0
        folder = nil
        mayBeNamed = false
        self.damage = damage
    }

    /// A texts file of the cache (`TextsFiles`) of `count` bytes, read only; the store closes it when it goes.
    init(readingTextsFile descriptor: Int32, name: String, count: Int, damage: Damage) {
        file = descriptor
        opened = true
        fileName = name
        base = 0
        end = count
        writable = false
        budget = 0
        folder = nil
        mayBeNamed = false
        self.damage = damage
    }

    deinit { if file >= 0 { close(file) } }

    /// The open file; -1 before a store for writing first writes.
    var descriptor: Int32 { lock.withLock { file } }

    /// How many bytes the store's texts take (a shard's trailing texts, a texts file, or what
    /// was written).
    var byteCount: Int { lock.withLock { end } }

    /// Its name in the cache folder, if it has one.
    var name: String? { lock.withLock { fileName } }

    /// The record of `count` bytes at `start` in the store's texts, vouched for by `digest`.
    func record(at start: Int, count: Int, digest: Fingerprint) -> Record {
        Record(store: self, offset: base + start, count: count, digest: digest)
    }

    /// Whether texts of `count` bytes fit in what the build keeps in memory; counted if so.
    func keepsInMemory(_ count: Int) -> Bool {
        lock.withLock {
            guard kept + count <= budget else { return false }
            kept += count
            return true
        }
    }

    /// Gives the store's file a new name in `directory`, the folder it was made in, unless it
    /// has one: the name, or nil when it cannot have one there (made elsewhere, or the
    /// way of an unlinked file, or the link refused).
    func name(in directory: String) -> String? {
        lock.withLock {
            if let fileName { return fileName }
            guard unnamed, folder == directory, file >= 0 else { return nil }
            for _ in 0 ..< 4 {
                let name = TextsFiles.newName()
                if newsroom_name_file(file, directory + "/" + name) == 0 {
                    fileName = name
                    return name
                }
                guard errno == EEXIST else { break }
            }
            return nil
        }
    }

    /// Whether the file at `name` in `directory` is still this store's file (no other process
    /// removed or replaced it).
    func isAtItsName(in directory: String) -> Bool {
        guard let name else { return false }
        var atName = stat(), own = stat()
        let descriptor = descriptor
        return descriptor >= 0 && fstat(descriptor, &own) == 0 && lstat(directory + "/" + name, &atName) == 0
            && atName.st_dev == own.st_dev && atName.st_ino == own.st_ino
    }

    /// The file's signature now, as `ContentCache.Signature` takes it from `stat`.
    var signature: ContentCache.Signature? {
        var status = stat()
        let descriptor = descriptor
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else { return nil }
        return ContentCache.Signature(status)
    }

    /// Under the lock: the file, made on the first call of a store for writing; -1 when none can be made.
    private func openedFile() -> Int32 {
        guard !opened else { return file }
        opened = true
        if let folder, mayBeNamed, (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil {
            let descriptor = newsroom_open_unnamed(folder)
            if descriptor >= 0 {
                (file, unnamed) = (descriptor, true)
                return file
            }
        }
        var temporary = NSTemporaryDirectory()
        if temporary.hasSuffix("/") { temporary.removeLast() }
        // The cache folder first, if it takes the file (a path that is a file does not), else the temporary folder.
        for directory in [folder, temporary].compactMap({ $0 }) {
            var template = Array((directory + "/.newsroom-texts-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { continue }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            file = descriptor
            return file
        }
        return -1
    }

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
        let (descriptor, offset) = lock.withLock { () -> (Int32, Int) in
            let descriptor = openedFile()
            guard descriptor >= 0 else { return (-1, 0) }
            defer { end += total }
            return (descriptor, end)
        }
        guard descriptor >= 0 else { return nil }
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
        let text = String(repairingUTF8Capacity: record.count) { buffer in
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
