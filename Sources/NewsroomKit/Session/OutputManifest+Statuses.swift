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
            // From the string's own bytes: passed as it is, a string is copied for every call.
            return path.withCString { fstatat(descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) } == 0 ? OutputStatus(status) : nil
        }
    }

    /// `validated(against:threads:)` as work that threads share: one starts it beside the
    /// loading of the site, and the loading thread helps (`help`) once the site is loaded.
    ///
    /// The paths are the manifest's own list of them in the order it was read (`readOrder`),
    /// not a copy of its tables (copying 37,000 entries, and freeing the copies, kept the other
    /// core idle for 35 ms at 10,000 releases); each run compares its entries itself.
    final class Check: Sendable {
        private let manifest: OutputManifest
        private let output: String
        private let runs: SharedRuns<Found>
        /// Whether the runs check the manifest's list of paths (`readOrder`) against its tables.
        private let byOrder: Bool

        /// What a run found.
        private struct Found: Sendable {
            /// Files whose status is not the one recorded.
            var stale: [String] = []
            /// False when a folder's status is not the one recorded.
            var foldersHold = true
            /// False when the list of paths is not the tables' keys, each once.
            var pathsHold = true
        }

        init(_ manifest: OutputManifest, output: String) {
            self.manifest = manifest
            self.output = output
            let order = manifest.readOrder
            // In sorted order, as read: each once, found in its table. Else the tables' keys.
            let byOrder = order.files.count == manifest.files.count && order.folders.count == manifest.folders.count
            self.byOrder = byOrder
            let (files, folders) = byOrder ? (order.files, order.folders) : (Array(manifest.files.keys), Array(manifest.folders.keys))
            // The entries as read, beside their paths (kept only while the list and the tables
            // are the ones read, each path once): each path's own.
            let asRead = byOrder ? manifest.asRead.entries : nil
            let root = OutputRoot(output)
            runs = SharedRuns(count: files.count + folders.count, run: FileStatuses.run) { range in
                var found = Found()
                for index in range {
                    let isFile = index < files.count
                    let (list, place) = isFile ? (files, index) : (folders, index - files.count)
                    let path = list[place]
                    if byOrder, place > 0, !(list[place - 1] < path) { found.pathsHold = false }
                    let status = root.status(of: path)
                    if isFile {
                        guard let entry = asRead?.files[place] ?? manifest.files[path] else { found.pathsHold = false; continue }
                        if !entry.describes(status) { found.stale.append(path) }
                    } else {
                        guard let folder = asRead?.folders[place] ?? manifest.folders[path] else { found.pathsHold = false; continue }
                        if !folder.describes(status) { found.foldersHold = false }
                    }
                }
                return found
            }
        }

        func help() { runs.help() }

        /// The validated manifest, once every thread that helped is done.
        var result: OutputManifest {
            let found = runs.results
            guard found.allSatisfy(\.pathsHold) else {
                var result = manifest.validated(against: output, threads: 1)
                result.readOrder.isChecked = false
                return result
            }
            var result = manifest
            for run in found {
                for path in run.stale { result.files[path] = nil }
            }
            result.isComplete = found.allSatisfy { $0.stale.isEmpty && $0.foldersHold }
            // Each path once, in order, and every entry kept.
            result.readOrder.isChecked = byOrder && found.allSatisfy { $0.stale.isEmpty }
            return result
        }
    }
}
