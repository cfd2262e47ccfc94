import Foundation

/// What the last build wrote into an output folder: for every file its size and digest, the
/// fingerprint of the page's inputs, and the inode and modification time it had when written;
/// for every folder its inode and modification time. The next build trusts an entry only while
/// the file still has that inode, size and time, so it never reads old output to compare it,
/// and a file changed by hand is treated as unknown.
struct OutputManifest: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var size: Int
        var digest: Fingerprint
        var inode: Int
        var modified: Int
        /// The page's input fingerprint; nil for a copied file.
        var page: Fingerprint?
    }

    struct Folder: Sendable, Equatable {
        var inode: Int
        var modified: Int
    }

    var files: [String: Entry] = [:]
    var folders: [String: Folder] = [:]
    /// False when a file or folder differs from what was recorded: then the output holds
    /// something the manifest does not describe, and it is rebuilt in full.
    var isComplete = true
    /// Set when the build that wrote the folder can vouch for its inputs (`UnchangedBuild`).
    var unchanged: UnchangedBuild?
    /// The fingerprint of the leak scan every file of the folder passed; nil when nothing was held.
    var scannedWith: Fingerprint?

    /// Inode and modification time of a file or folder, without following a symbolic link.
    static func status(_ path: String) -> (isFile: Bool, isFolder: Bool, size: Int, inode: Int, modified: Int)? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        let kind = status.st_mode & S_IFMT
        return (kind == S_IFREG, kind == S_IFDIR, Int(status.st_size), Int(status.st_ino),
                FileBytes.nanoseconds(status.st_mtim))
    }

    /// The entries that still describe the folder at `output`; the others are dropped.
    func validated(against output: String, threads: Int) -> OutputManifest {
        let paths = Array(files.keys)
        let checks = ParallelMap.map(paths, threads: threads) { path -> Bool in
            guard let entry = files[path], let now = Self.status(output + "/" + path) else { return false }
            return now.isFile && now.size == entry.size && now.inode == entry.inode && now.modified == entry.modified
        }
        var result = self
        for (path, ok) in zip(paths, checks) where !ok { result.files[path] = nil }
        result.isComplete = result.files.count == files.count
        let folderPaths = Array(folders.keys)
        let folderChecks = ParallelMap.map(folderPaths, threads: threads) { path -> Bool in
            guard let folder = folders[path], let now = Self.status(path.isEmpty ? output : output + "/" + path) else { return false }
            return now.isFolder && now.inode == folder.inode && now.modified == folder.modified
        }
        if folderChecks.contains(false) { result.isComplete = false }
        return result
    }

    // MARK: Persisting

    func encoded() -> [UInt8] {
        var writer = BinaryWriter(reservingCapacity: files.count * 64)
        writer.write(files.keys.sorted()) { writer, path in
            let entry = files[path]!
            writer.write(path)
            writer.write(entry.size)
            writer.write(entry.digest)
            writer.write(entry.inode)
            writer.write(entry.modified)
            writer.write(entry.page != nil)
            if let page = entry.page { writer.write(page) }
        }
        writer.write(folders.keys.sorted()) { writer, path in
            writer.write(path)
            writer.write(folders[path]!.inode)
            writer.write(folders[path]!.modified)
        }
        writer.write(unchanged != nil)
        if let unchanged { writer.write(unchanged) }
        writer.write(scannedWith != nil)
        if let scannedWith { writer.write(scannedWith) }
        return writer.bytes
    }

    init() {}

    init(decoding reader: BinaryReader) throws(CacheFormatError) {
        var reader = reader
        let entries = try reader.readArray { reader throws(CacheFormatError) in
            (try reader.readString(),
             Entry(size: try reader.readInt(), digest: try reader.readFingerprint(), inode: try reader.readInt(),
                   modified: try reader.readInt(), page: try reader.readBool() ? try reader.readFingerprint() : nil))
        }
        let folderEntries = try reader.readArray { reader throws(CacheFormatError) in
            (try reader.readString(), Folder(inode: try reader.readInt(), modified: try reader.readInt()))
        }
        unchanged = try reader.readBool() ? try reader.readUnchangedBuild() : nil
        scannedWith = try reader.readBool() ? try reader.readFingerprint() : nil
        guard reader.isAtEnd else { throw CacheFormatError(reason: "it has bytes after its end") }
        files = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        folders = Dictionary(folderEntries, uniquingKeysWith: { first, _ in first })
    }
}
