import CExchange
import Foundation

extension OutputWriter {
    /// Brings a private output (a preview server's, which nothing else builds into or deploys)
    /// up to date where it is: each new or changed file is moved over its old one (one rename,
    /// so a reader sees the old file or the new, never part of one), files that are gone and
    /// folders left empty are removed, new folders made. Unchanged files are not touched, so a
    /// title edit at 10,000 releases moves 9 files instead of linking 23,630 into a new tree.
    /// Unlike an exchange, the output is not updated in one step: a reader between two renames
    /// sees some pages new and some old, and a failure part way leaves the output part updated
    /// (the next build's check of the output finds those files and writes them again).
    ///
    /// `previous` is complete (checked against the folder); `all` ends with the marker.
    func writeInPlace(
        _ all: [OutputFile], decisions: [Decision], previous: OutputManifest, pages: [PageRecord], threads: Int
    ) throws(Diagnostic) -> (summary: Summary, manifest: OutputManifest) {
        let here = SourceLocation(path: output)
        let changed = all.indices.filter { !(decisions[$0].carried || decisions[$0].linkOld) }
        let outputFolder = open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        let pendingFolder = open(pendingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        defer { for descriptor in [outputFolder, pendingFolder] where descriptor >= 0 { close(descriptor) } }
        guard outputFolder >= 0, pendingFolder >= 0 else {
            throw .error("cannot write the output: \(String(cString: strerror(errno)))", at: here)
        }
        var changes = try removeGone(all, decisions: decisions, previous: previous, in: outputFolder)
        for index in changed {
            try makeFolders(above: all[index].path, in: outputFolder, existing: previous.folders, changes: &changes)
        }
        // Each changed file into its place: a rendered page from where it waits, other bytes by
        // way of the pending folder (beside the output, on the same file system).
        let moved = ParallelMap.map(changed, threads: threads) { index in
            move(all[index], index: index, from: pendingFolder, to: outputFolder)
        }
        for result in moved { try result.get() }
        for index in changed { changes.touched.insert(Route.parentFolder(of: all[index].path)) }
        let manifest = recordInPlace(all, decisions: decisions, pages: pages, changed: changed, previous: previous, changes: changes,
                                     threads: threads)
        let written = changed.count { $0 < all.count - 1 }
        return (Summary(written: written, unchanged: all.count - 1 - written, inPlace: true), manifest)
    }

    /// What an in-place write changed besides the files it moved into place.
    private struct InPlaceChanges {
        /// Files of the previous output that are not in the new one.
        var gone: [String] = []
        var removedFolders: Set<String> = []
        var madeFolders: Set<String> = []
        /// Folders whose entries changed: their times moved.
        var touched: Set<String> = []
    }

    /// Removes the files that are gone, then the folders they leave that no new file needs
    /// (deepest first), so that a file may take the name of a folder that is gone and the
    /// other way round.
    private func removeGone(
        _ all: [OutputFile], decisions: [Decision], previous: OutputManifest, in outputFolder: Int32
    ) throws(Diagnostic) -> InPlaceChanges {
        var changes = InPlaceChanges()
        // Every recorded path is still there when as many new paths as recorded ones have an entry.
        guard decisions.count(where: \.recorded) != previous.files.count else { return changes }
        let paths = Set(all.map(\.path))
        changes.gone = previous.files.keys.filter { !paths.contains($0) }
        var needed: Set<String> = []
        for path in paths { Self.addFolders(above: path, to: &needed) }
        var emptied: Set<String> = []
        for path in changes.gone {
            guard Self.inParent(of: path, in: outputFolder, { unlinkat($0, $1, 0) }) == 0 || errno == ENOENT else { throw failure(path) }
            changes.touched.insert(Route.parentFolder(of: path))
            Self.addFolders(above: path, to: &emptied)
        }
        for folder in emptied.subtracting(needed).sorted(by: { $0.utf8.count > $1.utf8.count }) {
            guard Self.inParent(of: folder, in: outputFolder, { unlinkat($0, $1, AT_REMOVEDIR) }) == 0 || errno == ENOENT else {
                throw failure(folder)
            }
            changes.removedFolders.insert(folder)
            changes.touched.insert(Route.parentFolder(of: folder))
        }
        return changes
    }

    /// Makes the folders above `path` that are not there, from the top down.
    private func makeFolders(
        above path: String, in outputFolder: Int32, existing: PathTable<OutputManifest.Folder>, changes: inout InPlaceChanges
    ) throws(Diagnostic) {
        var missing: [String] = []
        var folder = Route.parentFolder(of: path)
        while !folder.isEmpty, existing[folder] == nil || changes.removedFolders.contains(folder), !changes.madeFolders.contains(folder) {
            missing.append(folder)
            folder = Route.parentFolder(of: folder)
        }
        for folder in missing.reversed() {
            // Something already there must be a folder, not a link that would lead the files out.
            guard Self.inParent(of: folder, in: outputFolder, { mkdirat($0, $1, 0o755) }) == 0
                    || (errno == EEXIST && Self.isFolder(folder, in: outputFolder)) else {
                throw failure(folder)
            }
            changes.madeFolders.insert(folder)
            changes.touched.insert(Route.parentFolder(of: folder))
        }
    }

    /// Moves one new or changed file over the old one, in one rename.
    private func move(_ file: OutputFile, index: Int, from pendingFolder: Int32, to outputFolder: Int32) -> Result<Void, Diagnostic> {
        let waiting: String
        switch file.content {
        case .file(let source) where isPending(source):
            waiting = String(source[source.utf8.index(source.startIndex, offsetBy: pendingPath.utf8.count + 1)...])
        case .file(let source):
            waiting = "in-place-\(index)"
            guard FileBytes.size(source) != nil else {
                return .failure(.error("cannot read file: it is gone or not a regular file any more", at: SourceLocation(path: source)))
            }
            do { try FileBytes.copy(source, to: pendingPath + "/" + waiting) } catch {
                return .failure(.error("cannot write the output: \(SiteFiles.reason(error))", at: SourceLocation(path: output)))
            }
        case .bytes(let data):
            waiting = "in-place-\(index)"
            do { try data.write(to: URL(fileURLWithPath: pendingPath + "/" + waiting)) } catch {
                return .failure(.error("cannot write the output: \(SiteFiles.reason(error))", at: SourceLocation(path: output)))
            }
        }
        let placed = Self.inParent(of: file.path, in: outputFolder) { renameat(pendingFolder, waiting, $0, $1) }
        return placed == 0 ? .success(()) : .failure(failure(file.path))
    }

    /// The manifest after an in-place write: the previous tables (and nothing else of the
    /// previous manifest: what the build knows of its inputs and pages is set afresh by the
    /// caller), with what is gone dropped and the files and folders that changed read back.
    private func recordInPlace(
        _ all: [OutputFile], decisions: [Decision], pages: [PageRecord], changed: [Int], previous: OutputManifest,
        changes: InPlaceChanges, threads: Int
    ) -> OutputManifest {
        var manifest = OutputManifest()
        (manifest.files, manifest.folders) = (previous.files, previous.folders)
        for path in changes.gone { manifest.files[path] = nil }
        for folder in changes.removedFolders { manifest.folders[folder] = nil }
        var isChanged = [Bool](repeating: false, count: all.count)
        for index in changed { isChanged[index] = true }
        for (index, decision) in decisions.enumerated() where decision.pageChanged && !isChanged[index] {
            manifest.files[all[index].path]?.page = pages.record(index).fingerprint
        }
        // The files moved into place, and any the previous manifest did not have.
        let restat = all.indices.filter { isChanged[$0] || !decisions[$0].recorded }
        let folders = Array(changes.touched.union(changes.madeFolders).subtracting(changes.removedFolders))
        let now = OutputManifest.statuses(of: restat.map { all[$0].path }, folders: folders, in: output, threads: threads)
        let entries = zip(restat, now.files).map { index, status in
            manifestEntry(of: all[index], decisions[index], status: status, page: pages.record(index))
        }
        record(entries, of: restat.map { all[$0].path }, folders: folders, now.folders, in: &manifest)
        return manifest
    }

    /// Adds every folder above `path` (not the output itself) to `folders`.
    private static func addFolders(above path: String, to folders: inout Set<String>) {
        var folder = Route.parentFolder(of: path)
        while !folder.isEmpty, folders.insert(folder).inserted {
            folder = Route.parentFolder(of: folder)
        }
    }

    /// Whether `path`, below the open folder, is a folder itself (not a link to one).
    private static func isFolder(_ path: String, in folder: Int32) -> Bool {
        var status = stat()
        return inParent(of: path, in: folder) { fstatat($0, $1, &status, AT_SYMLINK_NOFOLLOW) } == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// `call` given the folder that holds `path` and the last name of `path`: the folder opened
    /// below the output without following a link on the way (`newsroom_open_folder_beneath`),
    /// so that nothing is changed outside the output even if a folder of it became a link
    /// after it was checked. -1 with `errno` set when that folder cannot be opened.
    private static func inParent(of path: String, in outputFolder: Int32, _ call: (Int32, String) -> Int32) -> Int32 {
        let parent = Route.parentFolder(of: path)
        if parent.isEmpty { return call(outputFolder, path) }
        let name = String(path[path.utf8.index(path.startIndex, offsetBy: parent.utf8.count + 1)...])
        let folder = newsroom_open_folder_beneath(outputFolder, parent)
        guard folder >= 0 else { return -1 }
        let result = call(folder, name)
        let failure = errno
        close(folder)
        errno = failure
        return result
    }

    /// The failure of a system call on `path`, from `errno`.
    private func failure(_ path: String) -> Diagnostic {
        .error("cannot write the output at \(path): \(String(cString: strerror(errno)))", at: SourceLocation(path: output))
    }
}
