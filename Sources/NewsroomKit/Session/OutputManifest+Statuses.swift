import Foundation

/// What `lstat` says of a file or folder of the output: what the manifest records of it.
struct OutputStatus: Sendable, Equatable {
    var isFile: Bool
    var isFolder: Bool
    var size: Int
    var inode: Int
    var modified: Int
    /// The change time, which nothing but the kernel sets: a file rewritten in place with its
    /// size and modification time put back still shows a new one.
    var changed: Int

    init(_ status: stat) {
        let kind = status.st_mode & S_IFMT
        isFile = kind == S_IFREG
        isFolder = kind == S_IFDIR
        size = Int(status.st_size)
        inode = Int(status.st_ino)
        modified = FileBytes.nanoseconds(status.st_mtim)
        changed = FileBytes.nanoseconds(status.st_ctim)
    }
}

extension OutputManifest {
    /// The status of each of `files` and `folders` (paths relative to `output`; "" is the
    /// output itself), nil where there is none, on every core.
    ///
    /// Paths are looked up from a descriptor of the output (`FileStatuses`): a full
    /// path costs the kernel a lookup of each of the output's own folders again for every file,
    /// and the process a copy of the path.
    static func statuses(of files: [String], folders: [String], in output: String, threads: Int)
        -> (files: [OutputStatus?], folders: [OutputStatus?]) {
        let root = open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        defer { if root >= 0 { close(root) } }
        func statuses(_ paths: [String]) -> [OutputStatus?] {
            var found = FileStatuses.of(paths, in: root, flags: AT_SYMLINK_NOFOLLOW, threads: threads) { found in
                root < 0 ? nil : found.status.map(OutputStatus.init)
            }
            // The output itself by its path, as it would be replaced: a link there is not a folder.
            for index in paths.indices where paths[index].isEmpty {
                var status = stat()
                found[index] = lstat(output, &status) == 0 ? OutputStatus(status) : nil
            }
            return found
        }
        return (statuses(files), statuses(folders))
    }
}
