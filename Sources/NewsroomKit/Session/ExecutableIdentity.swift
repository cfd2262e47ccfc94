import Foundation

/// What names the running program's code, so that a cache written by another build of newsroom
/// is never trusted: a changed parser would otherwise serve stale results.
///
/// On Linux that is the ELF build id the linker derives from the code (the same source and
/// compiler give the same id, so CI machines share caches); without one, a digest of the whole
/// executable.
enum ExecutableIdentity {
    static let current: String = {
        let path = "/proc/self/exe"
        guard let handle = FileHandle(forReadingAtPath: path) else { return "unknown" }
        defer { try? handle.close() }
        if let id = buildID(handle) { return "build-id:" + id }
        try? handle.seek(toOffset: 0)
        var hasher = FingerprintHasher()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.combine(bytes: chunk) }
        return "digest:\(hasher.finalize())"
    }()

    /// The `NT_GNU_BUILD_ID` note of a 64-bit little-endian ELF file, as hex.
    static func buildID(_ handle: FileHandle) -> String? {
        guard let header = try? handle.read(upToCount: 64), header.count == 64,
              header.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]), header[4] == 2, header[5] == 1 else { return nil }
        let bytes = [UInt8](header)
        func integer(_ bytes: [UInt8], _ at: Int, _ size: Int) -> Int {
            var value = 0
            for index in (at ..< at + size).reversed() { value = value << 8 | Int(bytes[index]) }
            return value
        }
        let tableOffset = integer(bytes, 0x20, 8), entrySize = integer(bytes, 0x36, 2), entries = integer(bytes, 0x38, 2)
        guard entrySize >= 0x28, entries < 256, (try? handle.seek(toOffset: UInt64(tableOffset))) != nil,
              let table = try? handle.read(upToCount: entrySize * entries), table.count == entrySize * entries else { return nil }
        let headers = [UInt8](table)
        for entry in 0 ..< entries {
            let base = entry * entrySize
            guard integer(headers, base, 4) == 4 else { continue }  // PT_NOTE
            let offset = integer(headers, base + 8, 8), size = integer(headers, base + 0x20, 8)
            guard size < 1 << 16, (try? handle.seek(toOffset: UInt64(offset))) != nil,
                  let segment = try? handle.read(upToCount: size), segment.count == size else { continue }
            let notes = [UInt8](segment)
            var at = 0
            while at + 12 <= notes.count {
                let nameSize = integer(notes, at, 4), descriptionSize = integer(notes, at + 4, 4), type = integer(notes, at + 8, 4)
                let nameStart = at + 12, descriptionStart = nameStart + (nameSize + 3) / 4 * 4
                let next = descriptionStart + (descriptionSize + 3) / 4 * 4
                guard next <= notes.count else { break }
                if type == 3, nameSize == 4, notes[nameStart ..< nameStart + 3] == [0x47, 0x4E, 0x55][...] {
                    return notes[descriptionStart ..< descriptionStart + descriptionSize].map { String(format: "%02x", $0) }.joined()
                }
                at = next
            }
        }
        return nil
    }
}
