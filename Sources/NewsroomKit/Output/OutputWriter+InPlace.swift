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
        var isChanged = [Bool](repeating: false, count: all.count)
        for index in changed { isChanged[index] = true }
        let recorded = decisions.count { $0.recorded }
        var gone: [String] = []
        var neededFolders: Set<String> = []
        if recorded != previous.files.count {
            let paths = Set(all.map(\.path))
            gone = previous.files.keys.filter { !paths.contains($0) }.sorted()
            for path in paths { Self.addFolders(above: path, to: &neededFolders) }
        }
        let outputFolder = open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        let pendingFolder = open(pendingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        defer { for descriptor in [outputFolder, pendingFolder] where descriptor >= 0 { close(descriptor) } }
        guard outputFolder >= 0, pendingFolder >= 0 else {
            throw .error("cannot write the output: \(String(cString: strerror(errno)))", at: here)
        }
        // Folders whose entries change, for the manifest: their times move.
        var touched: Set<String> = []
        var removedFolders: Set<String> = []
        // Gone files, then the folders they leave that no file needs (deepest first), so that a
        // file may take the name of a folder that is gone and the other way round.
        for path in gone {
            guard unlinkat(outputFolder, path, 0) == 0 || errno == ENOENT else { throw Self.failure(path, here) }
            touched.insert(Route.parentFolder(of: path))
        }
        var emptied: Set<String> = []
        for path in gone { Self.addFolders(above: path, to: &emptied) }
        for folder in emptied.subtracting(neededFolders).sorted(by: { $0.utf8.count > $1.utf8.count }) where !folder.isEmpty {
            guard unlinkat(outputFolder, folder, AT_REMOVEDIR) == 0 || errno == ENOENT else { throw Self.failure(folder, here) }
            removedFolders.insert(folder)
            touched.insert(Route.parentFolder(of: folder))
        }
        // New folders, from the top down.
        var existing = Set(previous.folders.keys).subtracting(removedFolders)
        var made: [String] = []
        for index in changed {
            var missing: [String] = []
            var folder = Route.parentFolder(of: all[index].path)
            while !folder.isEmpty, !existing.contains(folder) {
                missing.append(folder)
                folder = Route.parentFolder(of: folder)
            }
            for folder in missing.reversed() {
                // Something already there must be a folder, not a link that would lead the files out.
                guard mkdirat(outputFolder, folder, 0o755) == 0 || (errno == EEXIST && Self.isFolder(folder, in: outputFolder)) else {
                    throw Self.failure(folder, here)
                }
                existing.insert(folder)
                made.append(folder)
                touched.insert(Route.parentFolder(of: folder))
            }
        }
        // Each changed file into its place: a rendered page from where it waits, other bytes by
        // way of the pending folder (beside the output, on the same file system).
        let moved = ParallelMap.map(changed, threads: threads) { index -> Result<Void, Diagnostic> in
            let file = all[index]
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
                    return .failure(.error("cannot write the output: \(SiteFiles.reason(error))", at: here))
                }
            case .bytes(let data):
                waiting = "in-place-\(index)"
                do { try data.write(to: URL(fileURLWithPath: pendingPath + "/" + waiting)) } catch {
                    return .failure(.error("cannot write the output: \(SiteFiles.reason(error))", at: here))
                }
            }
            return renameat(pendingFolder, waiting, outputFolder, file.path) == 0 ? .success(()) : .failure(Self.failure(file.path, here))
        }
        for result in moved { try result.get() }
        for index in changed { touched.insert(Route.parentFolder(of: all[index].path)) }

        // The tables and their order from the previous manifest, and nothing else of it: what
        // the build knows of its inputs and pages is set afresh by the caller.
        var manifest = OutputManifest()
        (manifest.files, manifest.folders, manifest.readOrder) = (previous.files, previous.folders, previous.readOrder)
        for path in gone { manifest.files[path] = nil }
        for folder in removedFolders { manifest.folders[folder] = nil }
        for (index, decision) in decisions.enumerated() where decision.pageChanged && !isChanged[index] {
            manifest.files[all[index].path]?.page = pages.record(index).fingerprint
        }
        let restat = changed + all.indices.filter { !decisions[$0].recorded && (decisions[$0].carried || decisions[$0].linkOld) }
        let folders = Array(touched.union(made).subtracting(removedFolders))
        let now = OutputManifest.statuses(of: restat.map { all[$0].path }, folders: folders, in: output, threads: threads)
        for (index, status) in zip(restat, now.files) {
            let path = all[index].path
            guard let status, status.isFile,
                  let digest = decisions[index].digest ?? FileManager.default.contents(atPath: output + "/" + path).map(Fingerprint.of) else {
                manifest.files[path] = nil
                manifest.isComplete = false
                continue
            }
            manifest.files[path] = OutputManifest.Entry(
                size: status.size, digest: digest, inode: status.inode, modified: status.modified, changed: status.changed,
                page: pages.record(index).fingerprint)
        }
        for (folder, status) in zip(folders, now.folders) {
            guard let status, status.isFolder else {
                manifest.folders[folder] = nil
                manifest.isComplete = false
                continue
            }
            manifest.folders[folder] = OutputManifest.Folder(inode: status.inode, modified: status.modified, changed: status.changed)
        }
        // The order the manifest's paths are read in holds while the paths are the same ones.
        if !gone.isEmpty || restat.count > changed.count || !made.isEmpty || !removedFolders.isEmpty
            || manifest.files.count != previous.files.count {
            manifest.readOrder = OutputManifest.ReadOrder(files: manifest.files.keys.sorted(), folders: manifest.folders.keys.sorted())
        }
        let written = changed.count { $0 < all.count - 1 }
        return (Summary(written: written, unchanged: all.count - 1 - written, inPlace: true), manifest)
    }

    /// Adds every folder above `path` (not the output itself) to `folders`.
    private static func addFolders(above path: String, to folders: inout Set<String>) {
        var folder = Route.parentFolder(of: path)
        while !folder.isEmpty, folders.insert(folder).inserted {
            folder = Route.parentFolder(of: folder)
        }
    }

    /// Whether `path`, relative to the open folder, is a folder itself (not a link to one).
    private static func isFolder(_ path: String, in folder: Int32) -> Bool {
        var status = stat()
        return fstatat(folder, path, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    private static func failure(_ path: String, _ here: SourceLocation) -> Diagnostic {
        .error("cannot write the output at \(path): \(String(cString: strerror(errno)))", at: here)
    }
}
