import CExchange
import Foundation

/// The only code that writes the output folder. It builds the complete new tree in a
/// staging folder beside the output, carries unchanged files over from the previous
/// output by hard link (so their bytes and timestamps stay), and swaps the two folders
/// in one atomic exchange. Until that exchange the previous output is untouched, and
/// anything this build did not produce is gone after it. A preview server's private output
/// is the exception: it is changed in place, a file at a time (`writeInPlace`).
public struct OutputWriter: Sendable {
    /// Marks a folder as written by newsroom; the writer replaces no other non-empty folder.
    public static let markerName = ".newsroom-output"

    /// Where the marker sorts among `count` sorted paths, the path at each place given by `path`.
    static func markerPlace(among count: Int, _ path: (Int) -> String) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if path(middle) < markerName { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The place in the sorted list of every path, the marker's included (a manifest's list), of
    /// the file at `index` of the sorted files followed by the marker, the marker sorting at `marker`.
    static func placeWithMarker(_ index: Int, files count: Int, marker: Int) -> Int {
        index == count ? marker : index < marker ? index : index + 1
    }

    public let output: String

    static let markerText = Data("newsroom output; this folder is replaced by every build\n".utf8)

    /// The folder that holds the output, and the output's name in it.
    let parent: String
    let name: String
    let stagingPath: String
    let retiredPath: String
    /// Where rendered pages wait, written as they finish, until the new tree is put together.
    let pendingPath: String
    /// Held by the build writing this output (`OutputLock`).
    let lockPath: String

    public init(output: String) {
        self.output = URL(fileURLWithPath: output).standardizedFileURL.path
        // Worked out once: the writer and the renderer ask for them for every file.
        parent = (self.output as NSString).deletingLastPathComponent
        name = (self.output as NSString).lastPathComponent
        stagingPath = parent + "/." + name + ".newsroom-staging"
        retiredPath = parent + "/." + name + ".newsroom-old"
        pendingPath = parent + "/." + name + ".newsroom-pending"
        lockPath = parent + "/." + name + ".newsroom-lock"
    }

    public struct Summary: Sendable, Equatable {
        public var written: Int
        public var unchanged: Int
        /// The files were changed where they are (`writeInPlace`).
        public var inPlace = false
    }

    /// Whether `path` is a rendered page waiting in the pending folder.
    func isPending(_ path: String) -> Bool { Self.lies(path, in: pendingPath) }

    /// Whether `path` is a file already in its place in the staging tree.
    func isStaged(_ path: String) -> Bool { Self.lies(path, in: stagingPath) }

    private static func lies(_ path: String, in folder: String) -> Bool {
        path.utf8.count > folder.utf8.count && path.hasPrefix(folder)
            && path.utf8.dropFirst(folder.utf8.count).first == UInt8(ascii: "/")
    }

    /// Rendered pages are spread over this many folders: one folder with every page of a large
    /// site makes the workers wait for each other on its lock.
    static let pendingFolders = 64

    /// Where the rendered page with this index waits.
    func pendingPath(of index: Int) -> String {
        pendingPath + "/" + String(index % Self.pendingFolders) + "/" + String(index)
    }

    /// Empty folders for rendered pages, whatever a killed build left there.
    func preparePending() throws(Diagnostic) {
        FolderTree.remove(pendingPath, threads: 0)
        do {
            try FileManager.default.createDirectory(atPath: pendingPath, withIntermediateDirectories: false)
            for folder in 0 ..< Self.pendingFolders {
                try FileManager.default.createDirectory(atPath: pendingPath + "/\(folder)", withIntermediateDirectories: false)
            }
        } catch {
            throw .error("cannot create a folder beside the output: \(SiteFiles.reason(error))", at: SourceLocation(path: pendingPath))
        }
    }

    func removePending() {
        FolderTree.remove(pendingPath, threads: 0)
    }

    /// Removes a staging tree that a failed build left; after a build, there is none.
    func removeStaging() {
        FolderTree.remove(stagingPath, threads: 0)
    }

    /// Checks that the output may be replaced, before any work is done.
    /// - Parameter protected: folders that must never be the output (the site, its Content/).
    /// - Parameter inputs: folders the build reads (Content/, Templates/), which the output may not be inside of.
    public func checkReplaceable(protected: [String], inputs: [String] = []) throws(Diagnostic) {
        let here = SourceLocation(path: output)
        let resolved = URL(fileURLWithPath: output).resolvingSymlinksInPath().path
        var refused = ["/", NSHomeDirectory()]
        refused += protected + inputs
        for path in refused {
            let candidate = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if resolved == candidate || candidate.hasPrefix(resolved + "/") {
                throw .error("refusing to use \(output) as the output folder: it holds \(path == "/" ? "the whole file system" : path)", at: here)
            }
        }
        for path in inputs {
            let candidate = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if resolved.hasPrefix(candidate + "/") {
                throw .error("refusing to use \(output) as the output folder: it is inside \(path), which the build reads", at: here)
            }
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw .error("the output path exists and is not a folder", at: here)
        }
        let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
        if !contents.isEmpty && !contents.contains(Self.markerName) {
            throw .error("refusing to replace a folder that newsroom did not write (no \(Self.markerName) in it); empty it or choose another --output", at: here)
        }
    }

    /// Takes the lock that lets one build at a time write this output folder, creating its parent.
    func lock() throws(Diagnostic) -> OutputLock {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .error("cannot create the output's parent folder: \(SiteFiles.reason(error))", at: SourceLocation(path: output))
        }
        return try OutputLock(path: lockPath, output: output)
    }

    /// Writes `files` as the complete new output. Throws without touching the previous output.
    public func write(_ files: [OutputFile]) throws(Diagnostic) -> Summary {
        let lock = try lock()
        defer { lock.release() }
        return try write(files, previous: nil, digests: nil, threads: 1).summary
    }

    /// Exchanges the staging folder with `scope`, a folder of the output ("" for the output
    /// itself), in one atomic step; then removes what was there, on `threads` cores.
    func swapIntoPlace(scope: String, threads: Int) throws(Diagnostic) {
        let manager = FileManager.default
        let here = SourceLocation(path: output)
        let target = scope.isEmpty ? output : output + "/" + scope
        if manager.fileExists(atPath: target) {
            if newsroom_exchange_paths(stagingPath, target) == 0 {
                FolderTree.remove(stagingPath, threads: threads)
                return
            }
            // No atomic exchange here (old kernel or file system): two renames, the old tree kept until the new one is in place.
            guard rename(target, retiredPath) == 0 else {
                FolderTree.remove(stagingPath, threads: threads)
                throw .error("cannot replace the output: \(String(cString: strerror(errno)))", at: here)
            }
            guard rename(stagingPath, target) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(retiredPath, target)
                throw .error("cannot replace the output: \(reason)", at: here)
            }
            FolderTree.remove(retiredPath, threads: threads)
        } else if rename(stagingPath, target) != 0 {
            let reason = String(cString: strerror(errno))
            FolderTree.remove(stagingPath, threads: threads)
            throw .error("cannot create the output: \(reason)", at: here)
        }
    }
}
