import Foundation

/// Removing a whole tree beside the output (the tree an exchange retired, a staging tree or a
/// pending folder a build left): a folder at a time from an open descriptor, the folders of one
/// depth on every core. At 10,000 releases a retired tree holds 37,000 files and folders, which
/// `FileManager.removeItem` took 0.23 s of CPU to remove one by one by full path.
enum FolderTree {
    /// Removes `path` and everything below it, never following a symbolic link (one inside is
    /// removed, not what it leads to). What cannot be removed this way is left to
    /// `FileManager.removeItem`. Nothing there is no error.
    static func remove(_ path: String, threads: Int) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            _ = unlink(path)
            return
        }
        if !removeBelow(path, threads: threads) || rmdir(path) != 0 {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Empties the folder at `path`: files first, folder by folder down the tree, then the
    /// folders, the deepest first. Whether everything went.
    private static func removeBelow(_ path: String, threads: Int) -> Bool {
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return false }
        defer { close(root) }
        var levels: [[String]] = []
        var level = [""]
        var complete = true
        while !level.isEmpty {
            let emptied = ParallelMap.map(level, threads: threads, run: foldersPerTask) { emptyOfFiles($0, in: root) }
            levels.append(level)
            level = emptied.flatMap { $0?.folders ?? [] }
            if emptied.contains(where: { $0?.complete != true }) { complete = false }
        }
        for level in levels.dropFirst().reversed() {
            let removed = ParallelMap.map(level, threads: threads, run: foldersPerTask) { unlinkat(root, $0, AT_REMOVEDIR) == 0 }
            if removed.contains(false) { complete = false }
        }
        return complete
    }

    /// Folders emptied by one task: most folders of an output hold two files (a release's page
    /// and its wire copy).
    private static let foldersPerTask = 64

    /// Removes every entry of `folder` (relative to `root`; "" for the root itself) that is not a
    /// folder, and returns the folders in it, by path relative to `root`; nil when it cannot be read.
    private static func emptyOfFiles(_ folder: String, in root: Int32) -> (folders: [String], complete: Bool)? {
        let descriptor = folder.isEmpty ? dup(root) : openat(root, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return nil
        }
        defer { closedir(stream) }
        let here = dirfd(stream)
        // Listed whole before anything is removed: whether removing an entry moves the others
        // while a folder is read is the file system's business.
        var names: [(name: String, isFolder: Bool?)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            names.append((name, type == Int32(DT_UNKNOWN) ? nil : type == Int32(DT_DIR)))
        }
        var folders: [String] = []
        var complete = true
        for (name, isFolder) in names {
            var folderHere = isFolder
            if folderHere == nil {
                var status = stat()
                folderHere = fstatat(here, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFDIR
            }
            if folderHere == true {
                folders.append(folder.isEmpty ? name : folder + "/" + name)
            } else if unlinkat(here, name, 0) != 0 {
                complete = false
            }
        }
        return (folders, complete)
    }
}
