import Foundation

/// The status of many files at once, as `fstatat` gives it: how the build looks up a folder's
/// entries or a site's inputs, on every core (an output's files: `OutputManifest.OutputRoot`,
/// in runs that threads share).
enum FileStatuses {
    /// Names looked up by one task: a few hundred, so that a small folder costs no thread.
    static let run = 512

    /// Each name's status, looked up from `folder` (an open folder's descriptor, or `AT_FDCWD`
    /// for absolute paths) with `flags` (`AT_SYMLINK_NOFOLLOW` for the link itself), or the
    /// error it gave, in order; in runs spread over `threads` when there are many.
    static func of(_ names: [String], in folder: Int32, flags: Int32, threads: Int) -> [(status: stat?, error: Int32)] {
        of(names, in: folder, flags: flags, threads: threads) { $0 }
    }

    /// What `kept` keeps of each name's status (a `stat` is 144 bytes; a quarter of a million
    /// output files' would be 35 MB), worked out where the status is looked up.
    static func of<Kept: Sendable>(
        _ names: [String], in folder: Int32, flags: Int32, threads: Int, _ kept: @Sendable ((status: stat?, error: Int32)) -> Kept
    ) -> [Kept] {
        ParallelMap.map(names, threads: threads, run: run) { name in
            var status = stat()
            // From the name's own bytes: passed as it is, a string is copied for every call.
            return kept(name.withCString { fstatat(folder, $0, &status, flags) } == 0 ? (status, 0) : (nil, errno))
        }
    }
}
