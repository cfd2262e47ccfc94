import Foundation

extension OutputWriter {
    /// A staged folder that holds the same names as before gets its old time back, so a sync
    /// tool (`rsync -a`) sees no change in it: a one-release edit moves only the files that changed.
    /// `paths` are the new files in the exchanged folder, `scope`; only that folder's names are
    /// compared, and not even those when the output has the same paths as before (`samePaths`).
    func keepFolderTimes(_ paths: [String], previous: OutputManifest, scope: String, staged: Set<String>,
                         samePaths: Bool, threads: Int) {
        let prefix = scope.isEmpty ? "" : scope + "/"
        let (now, before) = samePaths ? ([:], [:])
            : (Self.entries(of: paths), Self.entries(of: previous.files.places(under: prefix).map { previous.files.paths[$0] }))
        let kept = staged.union([""]).compactMap { relative -> (relative: String, modified: Int)? in
            let path = scope.isEmpty ? relative : relative.isEmpty ? scope : scope + "/" + relative
            guard let old = previous.folders[path], samePaths || now[path] == before[path] else { return nil }
            return (relative, old.modified)
        }
        let staging = open(stagingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        defer { if staging >= 0 { close(staging) } }
        let stagingPath = stagingPath
        _ = ParallelMap.map(kept, threads: threads, run: FileStatuses.run) { folder in
            if folder.relative.isEmpty || staging < 0 {
                Self.setModified(folder.modified, of: folder.relative.isEmpty ? stagingPath : stagingPath + "/" + folder.relative)
            } else {
                Self.setModified(folder.modified, of: folder.relative, in: staging)
            }
        }
    }

    /// The names directly in each folder ('' for the top) that holds one of `paths`.
    static func entries(of paths: some Sequence<String>) -> [String: Set<String>] {
        var entries: [String: Set<String>] = [:]
        for path in paths {
            var folder = "", rest = Substring(path)
            while let slash = rest.firstIndex(of: "/") {
                entries[folder, default: []].insert(String(rest[..<slash]))
                folder = folder.isEmpty ? String(rest[..<slash]) : folder + "/" + rest[..<slash]
                rest = rest[rest.index(after: slash)...]
            }
            entries[folder, default: []].insert(String(rest))
        }
        return entries
    }

    /// Sets a path's modification time (nanoseconds since 1970), leaving its access time; a
    /// relative path from the open folder `folder`.
    static func setModified(_ nanoseconds: Int, of path: String, in folder: Int32 = AT_FDCWD) {
        let omit = (1 << 30) - 2  // UTIME_OMIT: the access time stays as it is
        var times = (timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000))
        _ = withUnsafePointer(to: &times) { pair in
            pair.withMemoryRebound(to: timespec.self, capacity: 2) { utimensat(folder, path, $0, 0) }
        }
    }
}
