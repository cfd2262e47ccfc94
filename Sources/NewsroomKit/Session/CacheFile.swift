import Foundation

/// One file of the build cache: a header that says what wrote it, then a payload and the texts
/// that trail it, with a checksum over each, taken in pieces of `checksumPiece` bytes from its
/// start (so that neither has to be whole in memory to be written or checked). A file
/// from another version of newsroom, of another kind, cut short or damaged is refused with a
/// reason, and the build starts that cache afresh; it is never trusted.
///
/// The trailing texts (a shard's release bodies) are checked as the file is read but not kept:
/// the payload says where each one is, and it is read back from the file when a page needs it.
/// A file that is still the one a build wrote or checked (`trusted`: the same inode, size,
/// modification and change times) has only its payload checked: its texts are 94% of its bytes,
/// and each is checked against its own digest when it is read back (`BodyStore`).
struct CacheFile {
    /// Raised whenever the payload of any cache file changes meaning.
    static let formatVersion: UInt64 = 14
    static let magic = Array("newsroom build cache\n".utf8)
    /// The payload and the trailing texts are checksummed in pieces of this size, as they are written and read.
    static let checksumPiece = 1 << 20

    /// `releases`, `manifest`…: a file of one kind is never read as another.
    var kind: String
    var path: String
    /// The program version a file must come from (tests write files of another).
    var identity = ExecutableIdentity.current

    /// A checked file: a reader at the start of its payload and, when asked for, the open file
    /// and where its trailing texts are in it.
    struct Loaded {
        var reader: BinaryReader
        var trailing: Trailing?
        /// The file as it was read: trusted as checked while it stays so.
        var signature: ContentCache.Signature
    }

    /// Where the trailing texts are: the caller owns the descriptor.
    struct Trailing {
        var descriptor: Int32
        var offset: Int
        var count: Int
    }

    /// The checked payload, or why the file is not used; nil when there is no file. With
    /// `keepingTrailing`, the file stays open for its trailing texts to be read back from.
    func load(keepingTrailing: Bool = false, trusted: ContentCache.Signature? = nil) -> Result<Loaded, CacheFormatError>? {
        // Not blocking: a pipe put where a cache file goes must not stop the build waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var kept = false
        defer { if !kept { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        let signature = ContentCache.Signature(status)
        do throws(CacheFormatError) {
            // The header and payload are read whole; the trailing texts only pass through the checksum.
            var bytes = try Self.read(descriptor, at: 0, count: min(size, 64 * 1024))
            let (reader, checksum, textsChecksum, payloadSize, trailingSize) = try header(of: bytes)
            let start = reader.offset
            guard payloadSize <= UInt64(size), trailingSize <= UInt64(size) else { throw CacheFormatError(reason: "it ends too early") }
            let (payloadCount, trailingCount) = (Int(payloadSize), Int(trailingSize))
            guard payloadCount + trailingCount <= size - start else { throw CacheFormatError(reason: "it ends too early") }
            guard payloadCount + trailingCount == size - start else { throw CacheFormatError(reason: "it has bytes after its end") }
            if bytes.count < start + payloadCount {
                bytes += try Self.read(descriptor, at: bytes.count, count: start + payloadCount - bytes.count)
            } else {
                bytes.removeSubrange((start + payloadCount)...)
            }
            var hasher = FingerprintHasher()
            bytes.withUnsafeBytes { all in
                for piece in stride(from: start, to: all.count, by: Self.checksumPiece) {
                    hasher.combine(raw: UnsafeRawBufferPointer(rebasing: all[piece ..< min(piece + Self.checksumPiece, all.count)]))
                }
            }
            guard hasher.finalize() == checksum else { throw CacheFormatError(reason: "it is damaged (its checksum does not match)") }
            if signature != trusted {
                var texts = FingerprintHasher()
                try Self.forEachPiece(of: descriptor, from: start + payloadCount, count: trailingCount) { texts.combine(raw: $0) }
                guard texts.finalize() == textsChecksum else { throw CacheFormatError(reason: "it is damaged (its checksum does not match)") }
            }
            kept = keepingTrailing
            return .success(Loaded(reader: BinaryReader(bytes, offset: start),
                                   trailing: keepingTrailing ? Trailing(descriptor: descriptor, offset: start + payloadCount, count: trailingCount) : nil,
                                   signature: signature))
        } catch {
            return .failure(error)
        }
    }

    /// A reader over no more than the first `count` bytes of the payload, unchecked: enough to
    /// see what a file refers to without reading it whole. Nil when there is no file; a failure
    /// when it is not one this build would read.
    func payloadStart(upTo count: Int) -> Result<BinaryReader, CacheFormatError>? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return errno == ENOENT ? nil : .failure(CacheFormatError(reason: "it cannot be opened")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .failure(CacheFormatError(reason: "it is not a plain file")) }
        do throws(CacheFormatError) {
            return .success(try header(of: Self.read(descriptor, at: 0, count: min(Int(status.st_size), 1024 + count))).reader)
        } catch {
            return .failure(error)
        }
    }

    /// The header at the start of `bytes`, checked to be this version's, of this kind and from
    /// this build: a reader at the start of the payload, the checksums, and the sizes (of fixed
    /// width, so that the header can be written before the payload is made).
    private func header(of bytes: [UInt8]) throws(CacheFormatError)
        -> (reader: BinaryReader, checksum: Fingerprint, textsChecksum: Fingerprint, payloadSize: UInt64, trailingSize: UInt64) {
        var (reader, version) = try Self.opening(bytes)
        guard version == Self.formatVersion else { throw CacheFormatError(reason: "it was written in another format") }
        guard try reader.readString() == kind else { throw CacheFormatError(reason: "it holds another kind of data") }
        guard try reader.readString() == identity else { throw CacheFormatError(reason: "another build of newsroom wrote it") }
        let checksum = try reader.readFingerprint()
        let textsChecksum = try reader.readFingerprint()
        let sizes = (try reader.readUInt64(), try reader.readUInt64())
        return (reader, checksum, textsChecksum, sizes.0, sizes.1)
    }

    /// The start of a file's header, which every format has kept: the magic, then the format
    /// version; the reader stands after it (at the kind).
    static func opening(_ bytes: [UInt8]) throws(CacheFormatError) -> (reader: BinaryReader, version: UInt64) {
        guard bytes.count >= magic.count, bytes[0 ..< magic.count].elementsEqual(magic) else {
            throw CacheFormatError(reason: "it is not a newsroom cache file")
        }
        var reader = BinaryReader(bytes, offset: magic.count)
        let version = try reader.readUInt64()
        return (reader, version)
    }

    /// `count` bytes of the file from `offset`; a file that ends first is cut short.
    private static func read(_ descriptor: Int32, at offset: Int, count: Int) throws(CacheFormatError) -> [UInt8] {
        var done = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            done = FileBytes.read(descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = done
        }
        guard done == count else { throw CacheFormatError(reason: "it ends too early") }
        return bytes
    }

    /// Calls `body` with the file's bytes from `offset`, `checksumPiece` at a time, through one buffer.
    private static func forEachPiece(of descriptor: Int32, from offset: Int, count: Int,
                                     _ body: (UnsafeRawBufferPointer) -> Void) throws(CacheFormatError) {
        guard count > 0 else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(count, checksumPiece), alignment: 16)
        defer { buffer.deallocate() }
        var position = 0
        while position < count {
            let piece = min(checksumPiece, count - position)
            let window = UnsafeMutableRawBufferPointer(rebasing: buffer[..<piece])
            guard FileBytes.read(descriptor, into: window, at: offset + position) == piece else {
                throw CacheFormatError(reason: "it ends too early")
            }
            body(UnsafeRawBufferPointer(window))
            position += piece
        }
    }

    /// Writes the file whole, under a temporary name renamed into place: a build killed while
    /// saving leaves the old file or the new one.
    func save(_ payload: [UInt8], trailing: TrailingTexts = TrailingTexts()) throws {
        try save(payload: { emit in try payload.withUnsafeBytes { try emit($0) } }, trailing: trailing)
    }

    /// As `save(_:trailing:)`, with the payload made a part at a time by `payload`, which hands
    /// each part to `emit` (a manifest of 235,000 files is 33 MB, never whole in memory), and the
    /// trailing texts copied from where each one is, checked against its digest on the way (a
    /// text changed where it waits fails the save, as `CacheFormatError`). The header, written
    /// first with room for the sizes and the checksum, is written again once they are known.
    func save(payload: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void, trailing: TrailingTexts = TrailingTexts()) throws {
        let folder = Route.parentFolder(of: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CacheFormatError(reason: "\(folder) is a file, not a folder")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        // Whatever a killed build left at the temporary name goes first.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.writeError(temporary) }
        var isOpen = true
        do {
            // The header's size does not depend on the checksum: it is written first with none,
            // for its room, and again once the texts are through.
            let placeholder = header(checksums: (.zero, .zero), payload: 0, trailing: 0)
            guard placeholder.withUnsafeBytes({ FileBytes.writeAll($0, to: descriptor) }) else { throw Self.writeError(temporary) }
            var pieces = Pieces(descriptor: descriptor, path: temporary)
            try payload { try pieces.add($0) }
            let payload = try pieces.finish()
            for part in trailing.parts {
                switch part {
                case .bytes(let raw): try raw.withUnsafeBytes { try pieces.add($0) }
                case .stored(let record): try record.readBytes().withUnsafeBytes { try pieces.add($0) }
                }
            }
            let texts = try pieces.finish()
            let final = header(checksums: (payload.checksum, texts.checksum), payload: payload.count, trailing: texts.count)
            guard final.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, $0.count, 0) }) == final.count else {
                throw Self.writeError(temporary)
            }
            isOpen = false
            guard close(descriptor) == 0 else { throw Self.writeError(temporary) }
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = Self.writeError(path)
            unlink(temporary)
            throw failure
        }
    }

    /// The header: what wrote the file, the checksums of the payload and of the trailing texts, and their sizes.
    private func header(checksums: (payload: Fingerprint, texts: Fingerprint), payload: Int, trailing: Int) -> [UInt8] {
        var writer = BinaryWriter(reservingCapacity: 256)
        writer.write(Self.formatVersion)
        writer.write(kind)
        writer.write(identity)
        writer.write(checksums.payload)
        writer.write(checksums.texts)
        writer.write(UInt64(payload))
        writer.write(UInt64(trailing))
        return Self.magic + writer.bytes
    }

    /// Writes bytes through one buffer of `checksumPiece` bytes, hashing each piece as `load`
    /// reads it back: the payload's pieces, then, after `finish`, the trailing texts' apart.
    private struct Pieces: ~Copyable {
        let descriptor: Int32
        let path: String
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: CacheFile.checksumPiece, alignment: 16)
        var filled = 0
        var total = 0
        var hasher = FingerprintHasher()

        init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        deinit { buffer.deallocate() }

        mutating func add(_ bytes: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < bytes.count {
                let count = min(buffer.count - filled, bytes.count - offset)
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled ..< filled + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count]))
                filled += count
                offset += count
                if filled == buffer.count { try flush() }
            }
        }

        /// Writes what is left as the last piece; returns how many bytes came since the last
        /// `finish`, and their checksum.
        mutating func finish() throws -> (count: Int, checksum: Fingerprint) {
            if filled > 0 { try flush() }
            defer { (total, hasher) = (0, FingerprintHasher()) }
            return (total, hasher.finalize())
        }

        private mutating func flush() throws {
            let piece = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
            hasher.combine(raw: piece)
            guard FileBytes.writeAll(piece, to: descriptor) else { throw CacheFile.writeError(path) }
            total += filled
            filled = 0
        }
    }

    fileprivate static func writeError(_ path: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
}
