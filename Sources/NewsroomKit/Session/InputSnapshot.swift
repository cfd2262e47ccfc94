import Foundation

/// The fingerprint of every name and file-system signature under `Content/` and `Templates/`,
/// taken without reading a file. Two equal snapshots, both taken when every file was older than
/// the build that recorded the first by a margin, mean no input changed.
struct InputSnapshot: Equatable, Sendable {
    var fingerprint: Fingerprint
    /// Whether every file's change time lies before the margin: a file changed within one tick
    /// of the file-system clock of being recorded could otherwise go unnoticed.
    var settled: Bool

    /// Nil when the folders hold something a snapshot cannot vouch for (a symbolic link, whose
    /// target may change without the link changing) or cannot be read.
    static func take(siteRoot: String, settledBefore: Int) -> InputSnapshot? {
        var hasher = FingerprintHasher()
        var settled = true
        func walk(_ relative: String) -> Bool {
            let path = siteRoot + "/" + relative
            guard let directory = opendir(path) else { return false }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            names.sort()
            hasher.combine(relative)
            hasher.combine(names.count)
            for name in names {
                let child = relative + "/" + name
                var status = stat()
                guard lstat(siteRoot + "/" + child, &status) == 0 else { return false }
                hasher.combine(name)
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    guard walk(child) else { return false }
                case S_IFREG:
                    let changed = FileBytes.nanoseconds(status.st_ctim)
                    let modified = FileBytes.nanoseconds(status.st_mtim)
                    if changed >= settledBefore || modified >= settledBefore { settled = false }
                    for number in [Int(status.st_dev), Int(status.st_ino), Int(status.st_size), modified, changed] {
                        hasher.combine(number)
                    }
                default:
                    return false
                }
            }
            return true
        }
        for top in ["Content", "Templates"] {
            var status = stat()
            if lstat(siteRoot + "/" + top, &status) != 0 {
                hasher.combine("no " + top)
                continue
            }
            guard status.st_mode & S_IFMT == S_IFDIR, walk(top) else { return nil }
        }
        return InputSnapshot(fingerprint: hasher.finalize(), settled: settled)
    }
}
