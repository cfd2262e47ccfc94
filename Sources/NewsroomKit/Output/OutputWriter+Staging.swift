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
    ///
    /// With `prepared` (only without `previous`: the whole tree is staged), the staging tree and
    /// its folders were made before rendering and rendered pages were written into it in place.
    ///
    /// `pages` are what is known of each of `files` as a page, in their order (or none at all).
    /// `ahead` may have staged the whole tree while pages rendered (`StagingAhead`): it is
    /// used when the whole tree is exchanged, else removed. With `inPlace` (a private output,
    /// and a complete manifest), changes are made in the output itself (`writeInPlace`).
    /// `tablesAhead` is a copy of `previous`'s tables made ahead (`OutputManifest.TablesAhead`),
    /// which the new manifest is made from when one folder is exchanged. `leftovers` keeps the
    /// list of files until the process exits.
    func write(
        _ files: [OutputFile], previous: OutputManifest?, pages: [PageRecord] = [],
        digests: ContentCache?, threads: Int, prepared: PreparedStaging? = nil, ahead: StagingAhead? = nil,
        inPlace: Bool = false, tablesAhead: OutputManifest.TablesAhead? = nil, leftovers: Leftovers? = nil
    ) throws(Diagnostic) -> (summary: Summary, manifest: OutputManifest) {
        precondition(pages.isEmpty || pages.count == files.count, "one page record for each file, or none")
        // Staging the tree again would remove the pages rendered into it.
        precondition(prepared == nil || previous == nil, "a prepared staging tree is only for a build without a manifest")
        let recording = previous != nil || digests != nil
        // Sized once: appending the marker to a copy of the list grew it to twice its size.
        var all: [OutputFile] = []
        all.reserveCapacity(files.count + 1)
        all += files
        all.append(OutputFile(path: Self.markerName, content: .bytes(Self.markerText)))
        let listed = all
        let marker = Self.markerPlace(among: files.count) { files[$0].path }
        let decisions = try ParallelMap.map(Array(all.indices), threads: threads, {
            decide(listed[$0], place: Self.placeWithMarker($0, files: files.count, marker: marker), previous: previous,
                   page: pages.record($0), recording: recording, digests: digests)
        }).map { result throws(Diagnostic) in try result.get() }
        let scope = previous.flatMap { changedScope(all, decisions: decisions, previous: $0) } ?? ""
        let stagedAhead = ahead?.finish(needed: scope.isEmpty)
        // The files a tree staged ahead linked, when it is let go.
        var relinked: Set<String> = []
        if let stagedAhead, !scope.isEmpty {
            removeStaging()
            relinked = stagedAhead.linked
        }
        if let previous, previous.isComplete, scope == Self.nothingChanged {
            var manifest = previous
            for (index, decision) in decisions.enumerated() where decision.pageChanged { manifest.files[all[index].path]?.page = pages.record(index).fingerprint }
            noteChangeTimes(of: relinked, in: &manifest, threads: threads)
            return (Summary(written: 0, unchanged: files.count), manifest)
        }
        if inPlace, let previous, previous.isComplete {
            return try writeInPlace(all, decisions: decisions, previous: previous, pages: pages, threads: threads)
        }
        let prefix = scope.isEmpty ? "" : scope + "/"
        let inScope = all.indices.filter { all[$0].path.hasPrefix(prefix) }
        var summary = Summary(written: 0, unchanged: 0)
        var staged: Set<String> = []
        // Paths whose link the tree staged ahead already holds.
        var linkedAhead: Set<String> = []
        do {
            let folders: Set<String>
            if let prepared {
                folders = prepared.folders
            } else if let stagedAhead, scope.isEmpty {
                linkedAhead = stagedAhead.linked.intersection(
                    zip(all, decisions).lazy.filter { $0.1.carried || $0.1.linkOld }.map(\.0.path))
                folders = try adopt(stagedAhead, paths: all.map(\.path), kept: linkedAhead, threads: threads)
                ahead?.wasAdopted = true
            } else {
                folders = try prepareStaging(holding: inScope.map { String(all[$0].path.dropFirst(prefix.count)) }, threads: threads).folders
            }
            staged = folders
            // Names are looked up from descriptors of the staging and pending folders, not by full path each time.
            let folder = Folders(staging: open(stagingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC),
                                 pending: open(pendingPath, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC),
                                 output: open(output, FileBytes.openPathOnly | O_DIRECTORY | O_CLOEXEC),
                                 hasOldOutput: previous != nil || access(output, F_OK) == 0)
            defer { folder.close() }
            let (everything, chosen, linked) = (all, decisions, linkedAhead)
            let placed = ParallelMap.map(inScope, threads: threads) { index -> Result<Bool, any Error> in
                if linked.contains(everything[index].path) { return .success(true) }
                return Result { try place(everything[index], chosen[index], at: String(everything[index].path.dropFirst(prefix.count)), in: folder) }
            }
            for (index, result) in zip(inScope, placed) where index < files.count {
                if try result.get() { summary.unchanged += 1 } else { summary.written += 1 }
            }
            if let failure = placed.first(where: { if case .failure = $0 { true } else { false } }) { _ = try failure.get() }
            if let previous {
                // Every path recorded and as many as before: the same paths, in the same folders.
                let samePaths = previous.isComplete && previous.files.count == all.count && decisions.allSatisfy(\.recorded)
                keepFolderTimes(inScope.map { all[$0].path }, previous: previous, scope: scope, staged: folders,
                                samePaths: samePaths, threads: threads)
            }
        } catch let unreadable as Diagnostic {
            FolderTree.remove(stagingPath, threads: threads)
            throw unreadable
        } catch {
            FolderTree.remove(stagingPath, threads: threads)
            throw .error("cannot write the output: \(SiteFiles.reason(error))", at: SourceLocation(path: output))
        }
        try swapIntoPlace(scope: scope, threads: threads)
        if let previous, !scope.isEmpty {
            // The exchange touched the folder that holds the exchanged one; its entries are the same names.
            let parent = Route.parentFolder(of: scope)
            if let old = previous.folders[parent] { Self.setModified(old.modified, of: parent.isEmpty ? output : output + "/" + parent) }
        }
        // Files outside the exchanged folder were carried over where they are.
        summary.unchanged += files.count - summary.unchanged - summary.written
        guard recording else { return (summary, OutputManifest()) }
        leftovers?.keep(all)
        var manifest = recordManifest(all, decisions: decisions, pages: pages, scope: scope, previous: previous, staged: staged,
                                      tablesAhead: tablesAhead, threads: threads)
        noteChangeTimes(of: relinked.filter { !$0.hasPrefix(scope + "/") }, in: &manifest, threads: threads)
        return (summary, manifest)
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

    /// Whether a file can be carried over from the previous output, and its digest.
    struct Decision: Sendable {
        /// Nil when no manifest is kept.
        var digest: Fingerprint?
        /// The previous output's file is the same: it is carried over (a flag, not the entry: one
        /// decision is made for each of 235,000 files at 100,000 releases).
        var carried: Bool
        /// No manifest tells: compare with the old file's bytes.
        var compareOld: Bool
        /// The renderer found the page unchanged and named the old file itself.
        var linkOld = false
        /// The previous manifest has an entry for the path.
        var recorded = false
        /// That entry's page input fingerprint is not the page's now.
        var pageChanged = false
    }

    /// - Parameter place: the file's place in the sorted list of files, where the previous
    ///   manifest's list has it when the output holds the same files.
    private func decide(
        _ file: OutputFile, place: Int, previous: OutputManifest?, page: PageRecord, recording: Bool, digests: ContentCache?
    ) -> Result<Decision, Diagnostic> {
        let entry = previous?.entry(of: file.path, at: place)
        return decide(file, entry: entry, rendered: page.digest, recording: recording, digests: digests).map { decision in
            var decision = decision
            decision.recorded = entry != nil
            decision.pageChanged = entry != nil && entry?.page != page.fingerprint
            return decision
        }
    }

    /// - Parameter rendered: the digest of the bytes the page was rendered to, when it was.
    private func decide(
        _ file: OutputFile, entry: OutputManifest.Entry?, rendered: Fingerprint?, recording: Bool, digests: ContentCache?
    ) -> Result<Decision, Diagnostic> {
        if case .file(let source) = file.content, isOldFile(source, of: file.path) {
            // A page the renderer did not render (its inputs did not change) or rendered to the same bytes.
            return .success(Decision(digest: entry?.digest ?? rendered, carried: entry != nil, compareOld: false, linkOld: true))
        }
        guard recording else { return .success(Decision(digest: nil, carried: false, compareOld: true)) }
        let digest: Fingerprint
        switch file.content {
        case .bytes(let data): digest = Fingerprint.of(data)
        case .file(let source) where isPending(source) || isStaged(source):
            guard let known = rendered else { return .success(Decision(digest: nil, carried: false, compareOld: false)) }
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
            return .success(Decision(digest: digest, carried: true, compareOld: false))
        }
        // No entry vouches for the old file (none kept, or it changed since): compare its bytes.
        return .success(Decision(digest: digest, carried: false, compareOld: entry == nil))
    }

    /// Whether `source` is the previous output's file at `path`, without building that path.
    private func isOldFile(_ source: String, of path: String) -> Bool {
        var (source, output, path) = (source, output, path)
        let (headCount, tailCount) = (output.utf8.count, path.utf8.count)
        guard source.utf8.count == headCount + 1 + tailCount else { return false }
        return source.withUTF8 { whole in
            output.withUTF8 { head in
                path.withUTF8 { tail in
                    guard let whole = whole.baseAddress, let head = head.baseAddress, let tail = tail.baseAddress else { return false }
                    return memcmp(whole, head, headCount) == 0 && whole[headCount] == UInt8(ascii: "/")
                        && memcmp(whole + headCount + 1, tail, tailCount) == 0
                }
            }
        }
    }

    /// Puts one file into the staging tree at `destination`. Returns true when it was carried
    /// over unchanged. A rendered page waiting beside the output is moved, not copied; copied
    /// files are compared and copied a chunk at a time, never read whole.
    private func place(_ file: OutputFile, _ decision: Decision, at relative: String, in folder: Folders) throws -> Bool {
        if decision.carried || decision.linkOld, folder.linkOld(file.path, to: relative, writer: self) { return true }
        // Without a manifest, compare with the old file, if there is an old output; `same` compares sizes first.
        if decision.compareOld, folder.hasOldOutput, FileBytes.same(file.content, asFile: output + "/" + file.path),
           folder.linkOld(file.path, to: relative, writer: self) {
            return true
        }
        let destination = stagingPath + "/" + relative
        switch file.content {
        case .bytes(let data): try data.write(to: URL(fileURLWithPath: destination))
        case .file(let source) where isStaged(source):
            break  // rendered into its place in the staging tree
        case .file(let source) where isPending(source) && folder.movePending(String(source[source.utf8.index(source.startIndex, offsetBy: pendingPath.utf8.count + 1)...]), to: relative):
            break
        case .file(let source):
            guard FileBytes.size(source) != nil else {
                throw Diagnostic.error("cannot read file: it is gone or not a regular file any more", at: SourceLocation(path: source))
            }
            try FileBytes.copy(source, to: destination)
        }
        return false
    }

    /// Descriptors of the staging, pending and output folders (negative when they could not be
    /// opened: then full paths are used), and whether there is an old output to compare with.
    private struct Folders: Sendable {
        var staging: Int32
        var pending: Int32
        var output: Int32
        var hasOldOutput: Bool

        func movePending(_ relative: String, to destination: String) -> Bool {
            staging >= 0 && pending >= 0 && renameat(pending, relative, staging, destination) == 0
        }

        /// Links the old output's file at `path` into the staging tree at `relative`: a whole
        /// tree staged again relinks every file of the site.
        func linkOld(_ path: String, to relative: String, writer: OutputWriter) -> Bool {
            if output >= 0, staging >= 0 { return linkat(output, path, staging, relative, 0) == 0 }
            return link(writer.output + "/" + path, writer.stagingPath + "/" + relative) == 0
        }

        func close() {
            for descriptor in [staging, pending, output] where descriptor >= 0 { Glibc.close(descriptor) }
        }
    }

    /// Manifest entries worked out by one task.
    private static let entryRun = 512

    /// The manifest of the new output: entries outside the exchanged folder as they were (with
    /// the pages' new input fingerprints), the others, the exchanged folder's and the folders
    /// above it (whose times the exchange changed) read back from the folder, but for pages
    /// written into their places, whose status is their record's (`PageRecord.created`).
    private func recordManifest(
        _ files: [OutputFile], decisions: [Decision], pages: [PageRecord], scope: String, previous: OutputManifest?,
        staged: Set<String>, tablesAhead: OutputManifest.TablesAhead?, threads: Int
    ) -> OutputManifest {
        let prefix = scope.isEmpty ? "" : scope + "/"
        var manifest = OutputManifest()
        var restat: [Int] = []
        var folderPaths: [String]
        if let previous, !scope.isEmpty {
            // Every change lies in the exchanged folder: outside it, the previous entries stand.
            // The tables are copied (the previous manifest still holds them), unless copied
            // ahead, on one core while the files are sorted out on the other.
            let (tables, pageChanged) = ParallelMap.alongside(threads: threads, {
                var (files, folders) = tablesAhead?.take() ?? (previous.files, previous.folders)
                // The paths under the folder: in a sorted table, found without comparing every path.
                for place in files.places(under: prefix) { files.setValue(nil, at: place) }
                for place in folders.places(under: prefix) { folders.setValue(nil, at: place) }
                folders[scope] = nil
                return (files, folders)
            }) { () -> [Int] in
                var changed: [Int] = []
                // By place (as in `changedScope`).
                for index in decisions.indices {
                    if !decisions[index].recorded || files[index].path.hasPrefix(prefix) {
                        restat.append(index)
                    } else if decisions[index].pageChanged {
                        changed.append(index)
                    }
                }
                return changed
            }
            (manifest.files, manifest.folders) = tables
            for index in pageChanged { manifest.files[files[index].path]?.page = pages.record(index).fingerprint }
            folderPaths = [scope] + staged.map { prefix + $0 }
            var above = scope
            repeat {
                above = Route.parentFolder(of: above)
                folderPaths.append(above)
            } while !above.isEmpty
        } else {
            // The whole tree was staged: its folders are the staged ones and the top. Recorded in
            // the order of their paths, so that the tables need not be sorted again: the files as
            // they came (the renderer sorts them) with the marker put in its place.
            restat = Array(files.indices)
            if files.last?.path == Self.markerName {
                restat.removeLast()
                restat.insert(files.count - 1, at: Self.markerPlace(among: files.count - 1) { files[$0].path })
            }
            folderPaths = [""] + staged.sorted()
            // A release's folder each at 100,000 releases: a table grown as they come was resized
            // on this thread while the other waited for the manifest.
            manifest.files = PathTable(capacity: files.count, followingOrder: true)
            manifest.folders = PathTable(capacity: folderPaths.count, followingOrder: true)
        }
        // A page written into its place has not been touched since: the exchange moves its folder, not it.
        var statuses: [OutputStatus?] = pages.isEmpty ? Array(repeating: nil, count: restat.count)
            : ParallelMap.map(restat, threads: threads, run: Self.entryRun) { index in
                guard case .file(let source) = files[index].content, isStaged(source) else { return nil }
                return pages.record(index).created
            }
        // The others are looked up now.
        let unknown = restat.indices.filter { statuses[$0] == nil }
        let now = OutputManifest.statuses(of: unknown.map { files[restat[$0]].path }, folders: folderPaths, in: output, threads: threads)
        for (position, status) in zip(unknown, now.files) { statuses[position] = status }
        // Each entry on every core (looking up a page's fingerprint costs more than recording it).
        let entries = ParallelMap.map(Array(zip(restat, statuses)), threads: threads, run: Self.entryRun) { index, status in
            manifestEntry(of: files[index], decisions[index], status: status, page: pages.record(index))
        }
        record(entries, of: restat.map { files[$0].path }, folders: folderPaths, now.folders, in: &manifest)
        return manifest
    }

    /// The manifest's entry for a file of the new output, from its status read back: nil when
    /// no file is there, or its digest is not known and it cannot be read.
    func manifestEntry(of file: OutputFile, _ decision: Decision, status: OutputStatus?, page: PageRecord) -> OutputManifest.Entry? {
        guard let status, status.isFile,
              let digest = decision.digest ?? FileManager.default.contents(atPath: output + "/" + file.path).map(Fingerprint.of) else { return nil }
        return OutputManifest.Entry(
            size: status.size, digest: digest, inode: status.inode, modified: status.modified, changed: status.changed, page: page.fingerprint)
    }

    /// Puts the entries of `paths` and the statuses of `folders`, read back, into `manifest`;
    /// one that is not there (or not what it should be) leaves the manifest incomplete. A table
    /// given paths out of order is sorted again, so that the next build finds each at its place.
    func record(
        _ entries: [OutputManifest.Entry?], of paths: [String], folders: [String], _ statuses: [OutputStatus?], in manifest: inout OutputManifest
    ) {
        for (path, entry) in zip(paths, entries) {
            manifest.files[path] = entry
            if entry == nil { manifest.isComplete = false }
        }
        for (folder, status) in zip(folders, statuses) {
            guard let status, status.isFolder else {
                manifest.folders[folder] = nil
                manifest.isComplete = false
                continue
            }
            manifest.folders[folder] = OutputManifest.Folder(inode: status.inode, modified: status.modified, changed: status.changed)
        }
        if !manifest.files.isSorted { manifest.files = manifest.files.inPathOrder() }
        if !manifest.folders.isSorted { manifest.folders = manifest.folders.inPathOrder() }
    }
}
