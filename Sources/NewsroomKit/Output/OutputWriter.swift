import CSystem
import Foundation

/// The only code that writes the output folder. It builds the complete new tree in a
/// staging folder beside the output, carries unchanged files over from the previous
/// output by hard link (so their bytes and timestamps stay), and swaps the two folders
/// in one atomic exchange. Until that exchange the previous output is untouched, and
/// anything this build did not produce is gone after it.
public struct OutputWriter: Sendable {
    /// Marks a folder as written by newsroom; the writer replaces no other non-empty folder.
    public static let markerName = ".newsroom-output"

    public let output: String

    static let markerText = Data("newsroom output; this folder is replaced by every build\n".utf8)

    public init(output: String) {
        self.output = URL(fileURLWithPath: output).standardizedFileURL.path
    }

    public struct Summary: Sendable, Equatable {
        public var written: Int
        public var unchanged: Int
    }

    var parent: String { (output as NSString).deletingLastPathComponent }
    var name: String { (output as NSString).lastPathComponent }
    var stagingPath: String { parent + "/." + name + ".newsroom-staging" }
    var retiredPath: String { parent + "/." + name + ".newsroom-old" }

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

    /// Writes `files` as the complete new output. Throws without touching the previous output.
    public func write(_ files: [OutputFile]) throws(Diagnostic) -> Summary {
        let manager = FileManager.default
        let here = SourceLocation(path: output)
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .error("cannot create the output's parent folder: \(SiteFiles.reason(error))", at: here)
        }
        let lock = try OutputLock(path: parent)
        defer { lock.release() }

        // Left over from a build that was killed: never part of any output.
        try? manager.removeItem(atPath: stagingPath)
        try? manager.removeItem(atPath: retiredPath)
        var summary = Summary(written: 0, unchanged: 0)
        do {
            try manager.createDirectory(atPath: stagingPath, withIntermediateDirectories: false)
            var created: Set<String> = [""]
            for file in files.sorted(by: { $0.path < $1.path }) {
                let directory = Route.parentFolder(of: file.path)
                if !created.contains(directory) {
                    try manager.createDirectory(atPath: stagingPath + "/" + directory, withIntermediateDirectories: true)
                    var prefix = directory
                    while !prefix.isEmpty, created.insert(prefix).inserted {
                        prefix = Route.parentFolder(of: prefix)
                    }
                }
                if try place(file) { summary.unchanged += 1 } else { summary.written += 1 }
            }
            // Carried over like any unchanged file, so a build that changes nothing changes no inode or mtime.
            _ = try place(OutputFile(path: Self.markerName, content: .bytes(Self.markerText)))
        } catch let unreadable as Diagnostic {
            try? manager.removeItem(atPath: stagingPath)
            throw unreadable
        } catch {
            try? manager.removeItem(atPath: stagingPath)
            throw .error("cannot write the output: \(SiteFiles.reason(error))", at: here)
        }
        try swapIntoPlace()
        return summary
    }

    /// Puts one file into the staging tree. Returns true when it was carried over unchanged.
    /// Copied files are compared and copied a chunk at a time, never read whole.
    private func place(_ file: OutputFile) throws -> Bool {
        let destination = stagingPath + "/" + file.path
        let previous = output + "/" + file.path
        // `same` compares sizes first: most changed files differ in size.
        if FileBytes.same(file.content, asFile: previous), link(previous, destination) == 0 {
            return true
        }
        switch file.content {
        case .bytes(let data): try data.write(to: URL(fileURLWithPath: destination))
        case .file(let source):
            guard FileBytes.size(source) != nil else {
                throw Diagnostic.error("cannot read file: it is gone or not a regular file any more", at: SourceLocation(path: source))
            }
            try FileBytes.copy(source, to: destination)
        }
        return false
    }

    private func swapIntoPlace() throws(Diagnostic) {
        let manager = FileManager.default
        let here = SourceLocation(path: output)
        if manager.fileExists(atPath: output) {
            if newsroom_exchange_paths(stagingPath, output) == 0 {
                try? manager.removeItem(atPath: stagingPath)
                return
            }
            // No atomic exchange here (old kernel or file system): two renames, the old tree kept until the new one is in place.
            guard rename(output, retiredPath) == 0 else {
                try? manager.removeItem(atPath: stagingPath)
                throw .error("cannot replace the output: \(String(cString: strerror(errno)))", at: here)
            }
            guard rename(stagingPath, output) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(retiredPath, output)
                throw .error("cannot replace the output: \(reason)", at: here)
            }
            try? manager.removeItem(atPath: retiredPath)
        } else if rename(stagingPath, output) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(atPath: stagingPath)
            throw .error("cannot create the output: \(reason)", at: here)
        }
    }
}
