/// Which source claimed which output path. Two claims on one path, a file where another needs
/// a folder, and a path the file system or the writer cannot take are errors at the source
/// that made the path.
struct OutputClaims {
    private var owners: [String: (origin: SourceLocation, held: Bool)] = [:]
    private var clashes: [(path: String, first: SourceLocation, second: SourceLocation)] = []
    /// What a claim's origin made, for origins that are not plainly a page's file:
    /// `Content/newsroom.yml` → "the media contacts page, made because it lists contacts".
    private var notes: [SourceLocation: String] = [:]

    /// Linux limits: a name of at most 255 bytes; a whole path well within PATH_MAX (4096),
    /// leaving room for the output folder's own path.
    static let maximumNameBytes = 255
    static let maximumPathBytes = 3072

    /// Makes room for `count` claims at once: a table grown by doubling hashes every path again each time.
    mutating func reserve(_ count: Int) {
        owners.reserveCapacity(count)
    }

    /// - Parameter held: claimed by a held release or page, which is planned but not published.
    /// - Parameter note: what `origin` made, named in a clash message after its path.
    /// A path the writer cannot take is told by `conflicts`, at every origin that claimed it.
    mutating func claim(_ path: String, by origin: SourceLocation, held: Bool = false, note: String? = nil) {
        if let note { notes[origin] = note }
        if let first = owners[path] {
            clashes.append((path, first.origin, origin))
        } else {
            owners[path] = (origin, held)
        }
    }

    /// Output paths of published pages and files.
    var publishedPaths: Set<String> { Set(owners.filter { !$0.value.held }.keys) }
    /// Output paths that held releases and pages will have once published.
    var heldPaths: Set<String> { Set(owners.filter { $0.value.held }.keys) }

    /// Why the writer could not create `path`, or nil.
    static func problem(with path: String) -> String? {
        if path.utf8.count > maximumPathBytes {
            return "the output path /\(path.prefix(60))… is \(path.utf8.count) bytes long; at most \(maximumPathBytes) fit"
        }
        // By bytes: every page's path passes here.
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if let long = segments.first(where: { $0.count > maximumNameBytes }) {
            return "the name '\(Substring(long).prefix(40))…' in the output path is \(long.count) bytes long; a file or folder name may be at most \(maximumNameBytes) bytes"
        }
        if segments.first.map({ $0.elementsEqual(OutputWriter.markerName.utf8) }) == true {
            return "the output path /\(path) is reserved: newsroom marks its output folder with the file \(OutputWriter.markerName)"
        }
        if segments.contains(where: { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }) {
            return "the output path /\(path) has an empty, '.' or '..' part"
        }
        return nil
    }

    /// Every path's problems, then clashes, then files that other paths need as folders; the
    /// checks of each path are spread over `threads` (every page's path passes here).
    func conflicts(threads: Int = 0) -> Diagnostics {
        let paths = Array(owners.keys)
        let chunk = max(1, (paths.count + 63) / 64)
        let found = ParallelMap.runs(of: paths.count, run: chunk, threads: threads) { range in
            var invalid: [String: (problem: String, origin: SourceLocation)] = [:]
            var nested: [(path: String, origin: SourceLocation, folder: String, folderOrigin: SourceLocation)] = []
            for path in paths[range] {
                guard let origin = owners[path]?.origin else { continue }
                if let problem = Self.problem(with: path) {
                    invalid[path] = (problem, origin)
                    continue
                }
                // A file at `a/b` and another at `a/b/c` cannot both exist.
                var prefix = Route.parentFolder(of: path)
                while !prefix.isEmpty {
                    if let other = owners[prefix] { nested.append((path, origin, prefix, other.origin)) }
                    prefix = Route.parentFolder(of: prefix)
                }
            }
            return (invalid, nested)
        }
        var diagnostics = Diagnostics()
        var invalid: [String: (problem: String, origin: SourceLocation)] = [:]
        for (problems, _) in found { invalid.merge(problems) { first, _ in first } }
        for (_, found) in invalid { diagnostics.error(found.problem, at: found.origin) }
        // Two sources clash once: a release's page and its wire copy are one clash, not two.
        var reported = Set<[SourceLocation]>()
        for clash in clashes {
            if let found = invalid[clash.path] {
                diagnostics.error(found.problem, at: clash.second)
                continue
            }
            let (first, second) = clash.first < clash.second ? (clash.first, clash.second) : (clash.second, clash.first)
            guard reported.insert([first, second]).inserted else { continue }
            var other = first.path == "(generated)" ? "a page the newsroom makes" : first.path
            if let note = notes[first] { other += " (\(note))" }
            if let note = notes[second] { other += "; this file is \(note)" }
            diagnostics.error("two pages have the URL /\(displayURL(clash.path)): this file and \(other)", at: second)
        }
        for (_, nested) in found {
            for item in nested where invalid[item.folder] == nil {
                diagnostics.error("/\(item.folder) is a file, so nothing can be published below it (/\(item.path)); it comes from \(item.folderOrigin.path)",
                                  at: item.origin)
            }
        }
        return diagnostics
    }

    private func displayURL(_ output: String) -> String {
        output.hasSuffix("index.html") ? String(output.dropLast("index.html".count)) : output
    }
}
