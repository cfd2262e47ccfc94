import Foundation

/// The status of many files at once, as `fstatat` gives it: the one way the build looks up a
/// folder's entries, an output's files or a site's inputs, on every core.
enum FileStatuses {
    /// Names looked up by one task: a few hundred, so that a small folder costs no thread.
    static let run = 512

    /// Each name's status, looked up from `folder` (an open folder's descriptor, or `AT_FDCWD`
    /// for absolute paths) with `flags` (`AT_SYMLINK_NOFOLLOW` for the link itself), or the
    /// error it gave, in order; in runs spread over `threads` when there are many.
    static func of(_ names: [String], in folder: Int32, flags: Int32, threads: Int) -> [(status: stat?, error: Int32)] {
        @Sendable func look(_ name: String) -> (status: stat?, error: Int32) {
            var status = stat()
            return fstatat(folder, name, &status, flags) == 0 ? (status, 0) : (nil, errno)
        }
        guard names.count > run, threads != 1 else { return names.map(look) }
        return ParallelMap.map(Array(stride(from: 0, to: names.count, by: run)), threads: threads) { start in
            names[start ..< min(start + run, names.count)].map(look)
        }.flatMap { $0 }
    }
}
