import CExchange
import Foundation

extension OutputWriter {
    /// Writes `files` as the complete new output; the caller holds `lock()`.
    ///
    /// With the previous build's manifest (validated against the folder), a file whose digest is
    /// the recorded one is carried over without reading the old file; only the smallest folder
    /// that holds every change is staged and exchanged, and when nothing changed nothing is
    /// written at all. Without a manifest, the whole tree is staged and old files are compared
    /// byte for byte. Returns the manifest of the new output (empty when none is kept).
    func write(
        _ files: [OutputFile], previous: OutputManifest?, pages: [String: Fingerprint], rendered: [String: Fingerprint] = [:],
        digests: ContentCache?, threads: Int
    ) throws(Diagnostic) -> (summary: Summary, manifest: OutputManifest) {
        let recording = previous != nil || digests != nil
        var all = files
        all.append(OutputFile(path: Self.markerName, content: .bytes(Self.markerText)))
        var decisions: [Decision] = []
        decisions.reserveCapacity(all.count)
        for result in ParallelMap.map(all, threads: threads, {
            decide($0, previous: previous, rendered: rendered, recording: recording, digests: digests)
        }) {
            decisions.append(try result.get())
        }
        let scope = previous.flatMap { changedScope(all, decisions: decisions, previous: $0) } ?? ""
        if let previous, previous.isComplete, scope == Self.nothingChanged {
            var manifest = previous
            for file in files { manifest.files[file.path]?.page = pages[file.path] }
            return (Summary(written: 0, unchanged: files.count), manifest)
        }
        let manager = FileManager.default
        // Left over from a build that was killed: never part of any output.
        try? manager.removeItem(atPath: stagingPath)
        try? manager.removeItem(atPath: retiredPath)
        let prefix = scope.isEmpty ? "" : scope + "/"
        let inScope = all.indices.filter { all[$0].path.hasPrefix(prefix) }
        var summary = Summary(written: 0, unchanged: 0)
        do {
            try manager.createDirectory(atPath: stagingPath, withIntermediateDirectories: false)
            // Folders first, a level at a time (each level on every core); then the files.
            let folders = Route.folders(holding: inScope.map { String(all[$0].path.dropFirst(prefix.count)) })
            var levels: [[String]] = []
            for folder in folders.sorted() {
                let depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
                while levels.count <= depth { levels.append([]) }
                levels[depth].append(folder)
            }
            let staging = stagingPath
            for level in levels {
                let failed = ParallelMap.map(level, threads: threads) { mkdir(staging + "/" + $0, 0o755) == 0 ? nil : $0 }
                for folder in failed.compactMap({ $0 }) {
                    try manager.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
                }
            }
            let (everything, chosen) = (all, decisions)
            let placed = ParallelMap.map(inScope, threads: threads) { index -> Result<Bool, any Error> in
                Result { try place(everything[index], chosen[index], at: stagingPath + "/" + String(everything[index].path.dropFirst(prefix.count))) }
            }
            for (index, result) in zip(inScope, placed) where index < files.count {
                if try result.get() { summary.unchanged += 1 } else { summary.written += 1 }
            }
            if let failure = placed.first(where: { if case .failure = $0 { true } else { false } }) { _ = try failure.get() }
            if let previous { keepFolderTimes(all, previous: previous, scope: scope, staged: folders) }
        } catch let unreadable as Diagnostic {
            try? manager.removeItem(atPath: stagingPath)
            throw unreadable
        } catch {
            try? manager.removeItem(atPath: stagingPath)
            throw .error("cannot write the output: \(SiteFiles.reason(error))", at: SourceLocation(path: output))
        }
        try swapIntoPlace(scope: scope)
        if let previous, !scope.isEmpty {
            // The exchange touched the folder that holds the exchanged one; its entries are the same names.
            let parent = Route.parentFolder(of: scope)
            if let old = previous.folders[parent] { Self.setModified(old.modified, of: parent.isEmpty ? output : output + "/" + parent) }
        }
        // Files outside the exchanged folder were carried over where they are.
        summary.unchanged += files.count - summary.unchanged - summary.written
        guard recording else { return (summary, OutputManifest()) }
        return (summary, recordManifest(all, decisions: decisions, pages: pages, scope: scope, previous: previous, threads: threads))
    }

    /// A staged folder that holds the same names as before gets its old time back, so a sync
    /// tool (`rsync -a`) sees no change in it: a one-release edit moves only the files that changed.
    private func keepFolderTimes(_ all: [OutputFile], previous: OutputManifest, scope: String, staged: Set<String>) {
        let now = Self.entries(of: all.lazy.map(\.path))
        let before = Self.entries(of: previous.files.keys)
        for relative in staged.union([""]) {
            let path = scope.isEmpty ? relative : relative.isEmpty ? scope : scope + "/" + relative
            guard let old = previous.folders[path], now[path] == before[path] else { continue }
            Self.setModified(old.modified, of: relative.isEmpty ? stagingPath : stagingPath + "/" + relative)
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

    /// Sets a path's modification time (nanoseconds since 1970), leaving its access time.
    static func setModified(_ nanoseconds: Int, of path: String) {
        let omit = (1 << 30) - 2  // UTIME_OMIT: the access time stays as it is
        var times = [timespec(tv_sec: 0, tv_nsec: omit),
                     timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Whether `file` is known to hold the bytes `entry` recorded without reading the old output:
    /// a page kept from it, or a copied file whose digest (by its signature when settled) matches.
    static func holdsSameBytes(_ file: OutputFile, as entry: OutputManifest.Entry, output: String, digests: ContentCache?) -> Bool {
        guard case .file(let source) = file.content else { return false }
        if source == output + "/" + file.path { return true }
        guard let digests, FileBytes.size(source) == entry.size,
              let digest = try? digests.digest(ofFile: source, read: { () throws(Diagnostic) in try FileBytes.read(source) }).digest
        else { return false }
        return digest == entry.digest
    }

    /// Marks "no folder needs replacing" in `changedScope`.
    static let nothingChanged = "\u{0}"

    /// The deepest folder of the output holding every file that is new, changed or gone, and
    /// that exists both before and after; "" for the whole output; `nothingChanged` when nothing is.
    private func changedScope(_ files: [OutputFile], decisions: [Decision], previous: OutputManifest) -> String? {
        guard previous.isComplete else { return "" }
        var changed: [String] = []
        for (file, decision) in zip(files, decisions) where decision.carried == nil { changed.append(file.path) }
        let newFolders = Route.folders(holding: files.map(\.path)).union([""])
        let paths = Set(files.map(\.path))
        changed += previous.files.keys.filter { !paths.contains($0) }
        guard var scope = changed.first.map(Route.parentFolder) else { return Self.nothingChanged }
        for path in changed.dropFirst() {
            while !scope.isEmpty, !path.hasPrefix(scope + "/") { scope = Route.parentFolder(of: scope) }
        }
        while !scope.isEmpty, !(newFolders.contains(scope) && previous.folders[scope] != nil) {
            scope = Route.parentFolder(of: scope)
        }
        return scope
    }

    /// Whether a file can be carried over from the previous output, and its digest.
    struct Decision: Sendable {
        /// Nil when no manifest is kept.
        var digest: Fingerprint?
        /// The previous output's entry, when the file is the same.
        var carried: OutputManifest.Entry?
        /// No manifest tells: compare with the old file's bytes.
        var compareOld: Bool
        /// The renderer found the page unchanged and named the old file itself.
        var linkOld = false
    }

    private func decide(
        _ file: OutputFile, previous: OutputManifest?, rendered: [String: Fingerprint], recording: Bool, digests: ContentCache?
    ) -> Result<Decision, Diagnostic> {
        let old = output + "/" + file.path
        if case .file(let source) = file.content, source == old {
            // A page the renderer did not render (its inputs did not change) or rendered to the same bytes.
            let entry = previous?.files[file.path]
            return .success(Decision(digest: entry?.digest ?? rendered[file.path], carried: entry, compareOld: false, linkOld: true))
        }
        guard recording else { return .success(Decision(digest: nil, carried: nil, compareOld: true)) }
        let entry = previous?.files[file.path]
        let digest: Fingerprint
        switch file.content {
        case .bytes(let data): digest = Fingerprint.of(data)
        case .file(let source) where isPending(source):
            guard let known = rendered[file.path] else { return .success(Decision(digest: nil, carried: nil, compareOld: false)) }
            digest = known
        case .file(let source):
            let read = { () throws(Diagnostic) in try FileBytes.read(source) }
            do throws(Diagnostic) {
                if let digests { digest = try digests.digest(ofFile: source, read: read).digest } else { digest = Fingerprint.of(try read()) }
            } catch {
                return .failure(error)
            }
        }
        if let entry, entry.digest == digest, entry.size == file.content.size {
            return .success(Decision(digest: digest, carried: entry, compareOld: false))
        }
        // No entry vouches for the old file (none kept, or it changed since): compare its bytes.
        return .success(Decision(digest: digest, carried: nil, compareOld: entry == nil))
    }

    /// Puts one file into the staging tree at `destination`. Returns true when it was carried
    /// over unchanged. A rendered page waiting beside the output is moved, not copied; copied
    /// files are compared and copied a chunk at a time, never read whole.
    private func place(_ file: OutputFile, _ decision: Decision, at destination: String) throws -> Bool {
        let previous = output + "/" + file.path
        if decision.carried != nil || decision.linkOld, link(previous, destination) == 0 { return true }
        // Without a manifest, compare with the old file; `same` compares sizes first.
        if decision.compareOld, FileBytes.same(file.content, asFile: previous), link(previous, destination) == 0 {
            return true
        }
        switch file.content {
        case .bytes(let data): try data.write(to: URL(fileURLWithPath: destination))
        case .file(let source) where isPending(source) && rename(source, destination) == 0:
            break
        case .file(let source):
            guard FileBytes.size(source) != nil else {
                throw Diagnostic.error("cannot read file: it is gone or not a regular file any more", at: SourceLocation(path: source))
            }
            try FileBytes.copy(source, to: destination)
        }
        return false
    }

    /// The manifest of the new output: entries outside the exchanged folder as they were, the
    /// others (and the folders above it, whose times the exchange changed) read back from the folder.
    private func recordManifest(
        _ files: [OutputFile], decisions: [Decision], pages: [String: Fingerprint], scope: String, previous: OutputManifest?, threads: Int
    ) -> OutputManifest {
        let prefix = scope.isEmpty ? "" : scope + "/"
        var manifest = OutputManifest()
        var restat: [Int] = []
        for (index, file) in files.enumerated() {
            if !file.path.hasPrefix(prefix), var entry = previous?.files[file.path] {
                entry.page = pages[file.path]
                manifest.files[file.path] = entry
            } else {
                restat.append(index)
            }
        }
        let statuses = ParallelMap.map(restat, threads: threads) { OutputManifest.status(output + "/" + files[$0].path) }
        for (index, status) in zip(restat, statuses) {
            let path = files[index].path
            guard let status, status.isFile, let digest = decisions[index].digest ?? FileManager.default.contents(atPath: output + "/" + path).map(Fingerprint.of) else {
                manifest.isComplete = false
                continue
            }
            manifest.files[path] = OutputManifest.Entry(
                size: status.size, digest: digest, inode: status.inode, modified: status.modified, page: pages[path])
        }
        let folderList = Route.folders(holding: files.map(\.path)).union([""]).sorted()
        let reread = folderList.filter { $0.isEmpty || scope.isEmpty || $0 == scope || $0.hasPrefix(prefix) || scope.hasPrefix($0 + "/") || previous?.folders[$0] == nil }
        let folderStatuses = ParallelMap.map(reread, threads: threads) { OutputManifest.status($0.isEmpty ? output : output + "/" + $0) }
        for path in folderList { manifest.folders[path] = previous?.folders[path] }
        for (path, status) in zip(reread, folderStatuses) {
            guard let status, status.isFolder else { manifest.isComplete = false; continue }
            manifest.folders[path] = OutputManifest.Folder(inode: status.inode, modified: status.modified)
        }
        return manifest
    }
}
