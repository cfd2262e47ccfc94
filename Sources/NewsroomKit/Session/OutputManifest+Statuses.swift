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
    static func statuses(of files: [String], folders: [String], in output: String, threads: Int)
        -> (files: [OutputStatus?], folders: [OutputStatus?]) {
        let root = OutputRoot(output)
        let found = ParallelMap.map(files + folders, threads: threads, run: FileStatuses.run) { root.status(of: $0) }
        return (Array(found[..<files.count]), Array(found[files.count...]))
    }

    /// The output folder open for looking up its paths (`FileStatuses`): a full path costs the
    /// kernel a lookup of each of the output's own folders again for every file, and the
    /// process a copy of the path.
    final class OutputRoot: Sendable {
        let output: String
        private let descriptor: Int32

        init(_ output: String) {
            self.output = output
            descriptor = open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        }

        deinit { if descriptor >= 0 { close(descriptor) } }

        /// What `lstat` says of `path`, relative to the output; the output itself ("") by its
        /// path, as it would be replaced: a link there is not a folder.
        func status(of path: String) -> OutputStatus? {
            var status = stat()
            if path.isEmpty { return lstat(output, &status) == 0 ? OutputStatus(status) : nil }
            guard descriptor >= 0 else { return nil }
            return fstatat(descriptor, path, &status, AT_SYMLINK_NOFOLLOW) == 0 ? OutputStatus(status) : nil
        }
    }

    /// `validated(against:threads:)` as work that threads share: one starts it beside the
    /// loading of the site, and the loading thread helps (`help`) once the site is loaded.
    final class Check: Sendable {
        private let manifest: OutputManifest
        private let files: [(key: String, value: Entry)]
        private let folders: [(key: String, value: Folder)]
        private let runs: SharedRuns<[OutputStatus?]>

        init(_ manifest: OutputManifest, output: String) {
            self.manifest = manifest
            files = Array(manifest.files)
            folders = Array(manifest.folders)
            let root = OutputRoot(output)
            let paths = files.map(\.key) + folders.map(\.key)
            runs = SharedRuns(count: paths.count, run: FileStatuses.run) { range in paths[range].map { root.status(of: $0) } }
        }

        func help() { runs.help() }

        /// The validated manifest, once every thread that helped is done.
        var result: OutputManifest {
            let found = runs.results.flatMap { $0 }
            return manifest.keeping(files: files, folders: folders, statuses: (Array(found[..<files.count]), Array(found[files.count...])))
        }
    }
}
