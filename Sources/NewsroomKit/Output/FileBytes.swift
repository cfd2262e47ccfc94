import Foundation

/// Compares and copies files without holding them in memory: a bundle of large press photos
/// costs the build a buffer, not its size.
enum FileBytes {
    static let chunkSize = 1 << 20
    /// `O_PATH` (Linux), which Swift's Glibc module does not export: a descriptor of a folder to
    /// look names up in, which opens nothing for reading.
    static let openPathOnly: Int32 = 0o10000000

    /// Nanoseconds since 1970 of a file time as `stat` gives it.
    static func nanoseconds(_ time: timespec) -> Int {
        Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec)
    }

    /// The file's size, or nil when it cannot be read.
    static func size(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// The whole file, or an error naming it and why it cannot be read.
    static func read(_ path: String) throws(Diagnostic) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .error("cannot read file: \(SiteFiles.reason(error))", at: SourceLocation(path: path))
        }
    }

    /// The whole file in one buffer, read without a copy through `Data`; nil when it cannot be read.
    static func readAll(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let got = Glibc.read(descriptor, base + done, size - done)
                if got <= 0 { break }
                done += got
            }
            count = done
            failed = done != size
        }
        return failed ? nil : bytes
    }

    /// Reads from an open file at `offset` until `buffer` is full or the file ends, again where a
    /// read is interrupted or short: how many bytes came (fewer at the end, or on an error).
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var done = 0
        while done < buffer.count, let base = buffer.baseAddress {
            let got = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return done
    }

    /// Writes all of `bytes` to an open file, again where a write is interrupted or short;
    /// false (with `errno` set) when the file takes no more.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// Creates `path` holding `parts` one after another, and returns its status once written;
    /// nil (with `errno` set) when it cannot. Nothing may be at `path`: a file or a symbolic link
    /// there is refused, never written through. `mode` is narrowed by the process's umask.
    static func create(_ path: String, holding parts: [some ContiguousBytes], mode: mode_t) -> stat? {
        guard let descriptor = createOpen(path, mode: mode) else { return nil }
        let written = parts.allSatisfy { part in part.withUnsafeBytes { writeAll($0, to: descriptor) } }
        return closeCreated(descriptor, written: written)
    }

    /// Creates `path`, as `create` does, and leaves it open for writing; nil (with `errno` set)
    /// when it cannot.
    static func createOpen(_ path: String, mode: mode_t) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Closes a file made by `createOpen` and returns its status; nil (with `errno` set) when it
    /// cannot, or when not all was `written`.
    static func closeCreated(_ descriptor: Int32, written: Bool) -> stat? {
        var status = stat()
        let known = written && fstat(descriptor, &status) == 0
        let failure = errno
        guard Glibc.close(descriptor) == 0, known else {
            if !known { errno = failure }
            return nil
        }
        return status
    }

    /// Whether two files hold the same bytes, read a chunk at a time.
    static func same(_ first: String, _ second: String) -> Bool {
        guard let size = size(first), size == self.size(second),
              let a = FileHandle(forReadingAtPath: first), let b = FileHandle(forReadingAtPath: second) else { return false }
        defer { try? a.close(); try? b.close() }
        while true {
            let left = (try? a.read(upToCount: chunkSize)) ?? nil, right = (try? b.read(upToCount: chunkSize)) ?? nil
            if left != right { return false }
            if left == nil || left?.isEmpty == true { return true }
        }
    }

    /// Whether the file holds exactly `bytes`.
    static func same(_ path: String, _ bytes: Data) -> Bool {
        guard size(path) == bytes.count, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var offset = 0
        while offset < bytes.count {
            guard let chunk = try? handle.read(upToCount: chunkSize), !chunk.isEmpty,
                  chunk == bytes[bytes.startIndex + offset ..< bytes.startIndex + offset + chunk.count] else { return false }
            offset += chunk.count
        }
        return true
    }

    /// Whether an output's content is exactly the bytes of the file at `path`.
    static func same(_ content: OutputContent, asFile path: String) -> Bool {
        switch content {
        case .bytes(let data): return same(path, data)
        case .file(let source): return same(source, path)
        }
    }

    /// Copies `source` to a new file at `destination`, a chunk at a time.
    static func copy(_ source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: source])
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let output = FileHandle(forWritingAtPath: destination) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: chunkSize), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
    }
}
