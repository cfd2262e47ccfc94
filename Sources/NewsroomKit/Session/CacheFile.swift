import Foundation

/// One file of the build cache: a header that says what wrote it, then a payload with its
/// checksum. A file from another version of newsroom, of another kind, cut short or damaged is
/// refused with a reason, and the build starts that cache afresh; it is never trusted.
struct CacheFile {
    /// Raised whenever the payload of any cache file changes meaning.
    static let formatVersion: UInt64 = 5
    static let magic = Array("newsroom build cache\n".utf8)

    /// `releases`, `manifest`…: a file of one kind is never read as another.
    var kind: String
    var path: String
    /// The program version a file must come from (tests write files of another).
    var identity = ExecutableIdentity.current

    /// A reader at the start of the payload, or why the file is not used; nil when there is no
    /// file. The file is read once, into one buffer, and the payload is not copied out of it.
    func load() -> Result<BinaryReader, CacheFormatError>? {
        guard let bytes = FileBytes.readAll(path) else { return nil }
        do throws(CacheFormatError) {
            guard bytes.count >= Self.magic.count, bytes[0 ..< Self.magic.count].elementsEqual(Self.magic) else {
                throw CacheFormatError(reason: "it is not a newsroom cache file")
            }
            var reader = BinaryReader(bytes, offset: Self.magic.count)
            guard try reader.readUInt64() == Self.formatVersion else {
                throw CacheFormatError(reason: "it was written in another format")
            }
            guard try reader.readString() == kind else { throw CacheFormatError(reason: "it holds another kind of data") }
            guard try reader.readString() == identity else {
                throw CacheFormatError(reason: "another build of newsroom wrote it")
            }
            let checksum = try reader.readFingerprint()
            let count = try reader.readCount()
            let start = reader.offset
            guard count <= bytes.count - start else { throw CacheFormatError(reason: "it ends too early") }
            guard count == bytes.count - start else { throw CacheFormatError(reason: "it has bytes after its end") }
            let digest = bytes.withUnsafeBytes { raw in
                var hasher = FingerprintHasher()
                hasher.combine(raw: UnsafeRawBufferPointer(rebasing: raw[start...]))
                return hasher.finalize()
            }
            guard digest == checksum else { throw CacheFormatError(reason: "it is damaged (its checksum does not match)") }
            return .success(reader)
        } catch {
            return .failure(error)
        }
    }

    /// Writes the file whole, under a temporary name renamed into place: a build killed while
    /// saving leaves the old file or the new one.
    func save(_ payload: [UInt8]) throws {
        // The header, then the payload as `BinaryWriter.write(_: [UInt8])` lays it out (its
        // length, its bytes), written from where it is rather than copied behind the header.
        var writer = BinaryWriter(reservingCapacity: 256)
        writer.write(Self.formatVersion)
        writer.write(kind)
        writer.write(identity)
        writer.write(Fingerprint.of(payload))
        writer.write(count: payload.count)
        let header = Self.magic + writer.bytes
        let folder = Route.parentFolder(of: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CacheFormatError(reason: "\(folder) is a file, not a folder")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        // Whatever a killed build left at the temporary name goes first.
        unlink(temporary)
        guard FileBytes.create(temporary, holding: [header, payload], mode: 0o644) != nil else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary, NSLocalizedDescriptionKey: reason])
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
        }
    }
}
