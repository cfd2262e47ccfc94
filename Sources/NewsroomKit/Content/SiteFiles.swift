import Foundation

/// Reads the site folder: lists files in sorted order and reads them, refusing links
/// that lead outside the site. The only place (besides the writer) that touches the disk.
struct SiteFiles: Sendable {
    /// Absolute, with symbolic links resolved.
    let root: String
    /// Folders already resolved while reading: ten thousand releases live in a few dozen folders.
    private let folders = ResolvedFolders()
    /// What the build's snapshot saw of the site's folders (`InputSnapshot.takeSeeing`), listed
    /// from instead of looking each file up again.
    private let seen: Seen?

    init(root: String, seen: Seen? = nil) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        self.seen = seen
    }

    /// The names (sorted) and statuses (of an entry itself, not of where a link leads) of the
    /// folders a snapshot walked, by site-relative path. A snapshot is only taken whole when the
    /// folders hold no symbolic link, nothing but files and folders, and only UTF-8 names: a
    /// listing from it sees what its own walk would have seen at that moment.
    ///
    /// A class, so that the build lets it go once the site is loaded (`forget()`), whoever still
    /// holds it: at 100,000 releases it is 38 MB, which kept until the pages are rendered took
    /// the build's peak over 1 GiB.
    final class Seen: @unchecked Sendable {
        struct Folder: Sendable {
            var names: [String]
            var statuses: [(status: stat?, error: Int32)]
        }

        private let lock = NSLock()
        private var folders: [String: Folder]

        init(_ folders: [String: Folder]) { self.folders = folders }

        func folder(_ relative: String) -> Folder? { lock.withLock { folders[relative] } }

        /// Lets every folder go; a listing then looks its files up.
        func forget() { lock.withLock { folders = [:] } }
    }

    /// A folder's entries but those whose names start with ".", sorted, with their statuses (not
    /// following a link): from the snapshot when it walked the folder, else looked up.
    private func entries(of directory: String, threads: Int, diagnostics: inout Diagnostics) -> Seen.Folder? {
        if let folder = seen?.folder(directory) {
            let kept = folder.names.indices.filter { !folder.names[$0].hasPrefix(".") }
            return Seen.Folder(names: kept.map { folder.names[$0] }, statuses: kept.map { folder.statuses[$0] })
        }
        guard let folder = opendir(absolute(directory)) else {
            diagnostics.error("cannot read folder: \(String(cString: strerror(errno)).lowercased())", at: SourceLocation(path: directory))
            return nil
        }
        defer { closedir(folder) }
        let names = FolderNames.sorted(FolderNames.of(folder) { name, isFolder in
            guard !name.hasPrefix(".") else { return }
            diagnostics.error("this \(isFolder ? "folder" : "file")'s name is not UTF-8; rename it",
                              at: SourceLocation(path: directory + "/" + name))
        }.filter { !$0.hasPrefix(".") })
        // By name in the open folder: a full path costs a lookup of each of its folders again.
        return Seen.Folder(names: names, statuses: FileStatuses.of(names, in: dirfd(folder), flags: AT_SYMLINK_NOFOLLOW, threads: threads))
    }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    func isDirectory(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute(relative), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: absolute(relative)) }

    /// Every regular file below `relative` (site-relative paths), sorted, skipping names
    /// that start with "." and reporting links that point outside the site.
    /// A folder of many entries (years of releases) is read on `threads` threads (0: every core).
    func files(under relative: String, threads: Int = 1, diagnostics: inout Diagnostics) -> [String] {
        listing(under: relative, threads: threads, diagnostics: &diagnostics).map(\.path)
    }

    /// `files(under:)`, each file with the signature its listing saw (of the file a link leads
    /// to), so that the build cache need not look the file up again.
    func listing(under relative: String, threads: Int = 1, diagnostics: inout Diagnostics) -> [(path: String, signature: ContentCache.Signature)] {
        var found: [(path: String, signature: ContentCache.Signature)] = []
        let start = resolvedPath(relative)
        if let problem = outsideProblem(relative, resolved: start) {
            diagnostics.append(problem)
            return []
        }
        // Each folder travels with its resolved path, so only entries that are links need resolving.
        var pending = [(path: relative, resolved: start)]
        var visited: Set<String> = [pending[0].resolved]
        while let (directory, resolvedDirectory) = pending.popLast() {
            guard let entries = entries(of: directory, threads: threads, diagnostics: &diagnostics) else { continue }
            for (name, entry) in zip(entries.names, entries.statuses) {
                let path = directory + "/" + name
                guard var status = entry.status else {
                    diagnostics.error("cannot read: \(String(cString: strerror(entry.error)))", at: SourceLocation(path: path))
                    continue
                }
                // Only a link or a folder needs its full and resolved paths (most entries are files).
                if status.st_mode & S_IFMT == S_IFREG {
                    found.append((path, ContentCache.Signature(status)))
                    continue
                }
                let full = absolute(path)
                var resolved = resolvedDirectory + "/" + name
                if status.st_mode & S_IFMT == S_IFLNK {
                    resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    if let problem = outsideProblem(path, resolved: resolved) {
                        diagnostics.append(problem)
                        continue
                    }
                    guard stat(full, &status) == 0 else {
                        diagnostics.error("broken symbolic link", at: SourceLocation(path: path))
                        continue
                    }
                }
                if status.st_mode & S_IFMT == S_IFDIR {
                    if resolvedDirectory == resolved || resolvedDirectory.hasPrefix(resolved + "/") {
                        diagnostics.error("symbolic link leads back into a folder that contains it; remove it",
                                          at: SourceLocation(path: path))
                    } else if visited.insert(resolved).inserted {
                        pending.append((path, resolved))
                    }
                } else if status.st_mode & S_IFMT == S_IFREG {
                    found.append((path, ContentCache.Signature(status)))
                } else {
                    diagnostics.error("this is \(Self.kind(of: status.st_mode)), not a regular file; only regular files can be published",
                                      at: SourceLocation(path: path))
                }
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// True when `resolved` (an absolute path with links resolved) is the site folder or inside it.
    func contains(resolved: String) -> Bool {
        resolved == root || resolved.hasPrefix(root + "/")
    }

    /// An error when `relative` is, or passes through, a symbolic link that leads out of the site.
    func outsideProblem(_ relative: String, resolved: String) -> Diagnostic? {
        guard !contains(resolved: resolved) else { return nil }
        var isFolder: ObjCBool = false
        let what = FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) && isFolder.boolValue ? "folder" : "file"
        return .error("symbolic link points outside the site (to \(resolved)); copy the \(what) in instead",
                      at: SourceLocation(path: relative))
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "a special file"
        }
    }

    /// The site-relative path of a file a release names; nil for a URL.
    func relativePath(of asset: Asset, bundleDirectory: String?) -> String? {
        switch asset {
        case .external: return nil
        case .bundle(let relative): return (bundleDirectory ?? "") + "/" + relative
        case .media(let relative): return "Content/media/" + relative
        }
    }

    func size(of asset: Asset, bundleDirectory: String?) -> Int? {
        guard let path = relativePath(of: asset, bundleDirectory: bundleDirectory) else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: absolute(path))
        return (attributes?[.size] as? NSNumber)?.intValue
    }

    func resolvedPath(_ relative: String) -> String {
        URL(fileURLWithPath: absolute(relative)).resolvingSymlinksInPath().path
    }

    /// Where a file resolves to, for reading it: its folder resolved once per folder, and the file
    /// itself only when it is a symbolic link.
    func resolvedFilePath(_ relative: String) -> String {
        var status = stat()
        guard lstat(absolute(relative), &status) == 0 else { return resolvedPath(relative) }
        return resolvedFilePath(relative, status: status)
    }

    /// `resolvedFilePath(_:)` for a file whose `lstat` is `status`.
    private func resolvedFilePath(_ relative: String, status: stat) -> String {
        let name = Route.lastPart(of: relative)
        // A link, or a path that does not end in a name (`..`, `.`, a final `/`), is resolved in full.
        guard status.st_mode & S_IFMT != S_IFLNK, !name.isEmpty, name != "..", name != "." else {
            return resolvedPath(relative)
        }
        let folder = Route.parentFolder(of: relative)
        let resolvedFolder = folders.resolved(folder) { folder.isEmpty ? root : resolvedPath(folder) }
        return resolvedFolder + "/" + String(name)
    }

    /// An error when `relative` exists but is not a folder.
    func requireFolderIfPresent(_ relative: String, holding what: String) -> Diagnostic? {
        guard exists(relative), !isDirectory(relative) else { return nil }
        return .error("\(relative) is a file; it must be a folder of \(what)", at: SourceLocation(path: relative))
    }

    /// The bytes of a regular file inside the site.
    /// - Parameter limit: the largest size accepted, in bytes; larger files are an error naming the limit.
    func read(_ relative: String, limit: Int = .max) throws(Diagnostic) -> Data {
        // Most files are regular files, not links: one `lstat` answers what the general way below
        // asks in several calls (a folder? a link out of the site? too large?).
        var found = stat()
        if lstat(absolute(relative), &found) == 0, found.st_mode & S_IFMT == S_IFREG {
            if let problem = outsideProblem(relative, resolved: resolvedFilePath(relative, status: found)) { throw problem }
            try Self.checkSize(Int(found.st_size), limit: limit, path: relative)
            if let bytes = FileBytes.readAll(absolute(relative)) { return Data(bytes) }
        }
        if isDirectory(relative) {
            throw .error("cannot read file: is a directory", at: SourceLocation(path: relative))
        }
        if let problem = outsideProblem(relative, resolved: resolvedFilePath(relative)) { throw problem }
        var status = stat()
        if stat(absolute(relative), &status) == 0 {
            if status.st_mode & S_IFMT != S_IFREG {
                throw .error("this is \(Self.kind(of: status.st_mode)), not a regular file", at: SourceLocation(path: relative))
            }
            try Self.checkSize(Int(status.st_size), limit: limit, path: relative)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: absolute(relative)))
        } catch {
            throw .error("cannot read file: \(Self.reason(error))", at: SourceLocation(path: relative))
        }
    }

    private static func checkSize(_ size: Int, limit: Int, path: String) throws(Diagnostic) {
        if size > limit {
            throw .error("this file is \(megabytes(size)); a text file of the site may be at most \(megabytes(limit)) (offer large material as an attachment)",
                         at: SourceLocation(path: path))
        }
    }

    /// The largest release, page, settings or template file: a press release is a few kilobytes,
    /// and a page's rendered text must stay within the template engine's output limit.
    static let textLimit = 4 * 1024 * 1024

    func readText(_ relative: String) throws(Diagnostic) -> String {
        try TextDecoding.decode(try read(relative, limit: Self.textLimit), path: relative)
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
        default:
            if let path = nsError.userInfo[NSFilePathErrorKey] as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return "is a directory"
                }
            }
            return "error \(nsError.code) (\(nsError.domain))"
        }
    }
}

/// Resolved folder paths, shared by the parallel readers of one build.
private final class ResolvedFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String: String] = [:]

    func resolved(_ folder: String, resolve: () -> String) -> String {
        if let known = lock.withLock({ paths[folder] }) { return known }
        let path = resolve()
        lock.withLock { paths[folder] = path }
        return path
    }
}
