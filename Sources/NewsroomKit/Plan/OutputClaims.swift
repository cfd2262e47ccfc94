/// Which source claimed which output path. Two claims on one path, a file where another needs
/// a folder, and a path the file system or the writer cannot take are errors at the source
/// that made the path.
///
/// Claims are listed as they are made, and looked over once all are made (`settled`): their
/// digest on one core while their table is made on another. Made one at a time, both took the
/// planning thread 10 ms at 10,000 releases, while the other core was idle.
struct OutputClaims {
    private struct Claim: Sendable {
        var path: String
        var origin: SourceLocation
        var held: Bool
        var note: String?
    }

    /// Who claimed a path first: what the table of claims keeps of a claim beside its path.
    fileprivate struct Owner: Sendable {
        var origin: SourceLocation
        var held: Bool
    }

    private var made: [Claim] = []

    /// Linux limits: a name of at most 255 bytes; a whole path well within PATH_MAX (4096),
    /// leaving room for the output folder's own path.
    static let maximumNameBytes = 255
    static let maximumPathBytes = 3072

    /// Makes room for `count` claims at once.
    mutating func reserve(_ count: Int) {
        made.reserveCapacity(count)
    }

    /// - Parameter held: claimed by a held release or page, which is planned but not published.
    /// - Parameter note: what `origin` made, named in a clash message after its path.
    /// A path the writer cannot take is told by `conflicts`, at every origin that claimed it.
    mutating func claim(_ path: String, by origin: SourceLocation, held: Bool = false, note: String? = nil) {
        made.append(Claim(path: path, origin: origin, held: held, note: note))
    }

    /// The claims made, looked over on `threads`.
    func settled(threads: Int = 0) -> Settled {
        let made = made
        let (digest, table) = ParallelMap.alongside(threads: threads, { () -> Fingerprint in
            // Every claim in the order made: the same digest is the same claims.
            var hasher = FingerprintHasher()
            for claim in made {
                hasher.combine(claim.path)
                hasher.combine(claim.origin.path)
                hasher.combine(claim.origin.line)
                hasher.combine(claim.origin.column)
                hasher.combine(claim.held)
                hasher.combine(claim.note)
            }
            return hasher.finalize()
        }) { () -> Settled in
            var settled = Settled(owners: PathTable(capacity: made.count))
            for claim in made {
                if let note = claim.note { settled.notes[claim.origin] = note }
                if let first = settled.owners.add(Owner(origin: claim.origin, held: claim.held), for: claim.path),
                   let owner = settled.owners.value(at: first) {
                    settled.clashes.append((claim.path, owner.origin, claim.origin))
                }
            }
            return settled
        }
        var settled = table
        settled.digest = digest
        return settled
    }

    /// The claims looked over: who claimed each path, and where two claimed one.
    struct Settled {
        /// The first claim of each path, in the order made.
        fileprivate var owners: PathTable<Owner>
        fileprivate var clashes: [(path: String, first: SourceLocation, second: SourceLocation)] = []
        /// What a claim's origin made, for origins that are not plainly a page's file:
        /// `Content/newsroom.yml` → "the media contacts page, made because it lists contacts".
        fileprivate var notes: [SourceLocation: String] = [:]
        /// Every claim in the order made, as one fingerprint: the same digest is the same
        /// claims, whose check for nested paths gives what it gave the last time (`PlanMemo`).
        var digest = Fingerprint.zero

        /// The paths claimed, for link checks: the claims' own table, not a copy of its paths (a
        /// set of 37,000 of them at 10,000 releases took a core 30 ms to make, with the other idle).
        var paths: Paths { Paths(owners: owners) }
    }

    /// The output paths claimed, published or held.
    struct Paths: Sendable {
        fileprivate var owners = PathTable<Owner>()

        /// Whether `path` is published, or with `includingHeld`, published or to be published
        /// by a held release or page.
        func contains(_ path: String, includingHeld: Bool = false) -> Bool {
            guard let owner = owners[path] else { return false }
            return includingHeld || !owner.held
        }
    }

    /// Why the writer could not create `path`, or nil. One pass over the bytes, with nothing
    /// made unless there is a problem: every page's path passes here.
    static func problem(with path: String) -> String? {
        if path.utf8.count > maximumPathBytes {
            return "the output path /\(path.prefix(60))… is \(path.utf8.count) bytes long; at most \(maximumPathBytes) fit"
        }
        var long: Range<String.Index>?
        var reserved = false
        var dots = false
        let utf8 = path.utf8
        var start = utf8.startIndex
        var index = start
        while true {
            guard index == utf8.endIndex || utf8[index] == UInt8(ascii: "/") else {
                index = utf8.index(after: index)
                continue
            }
            let name = utf8[start ..< index]
            let count = utf8.distance(from: start, to: index)
            if long == nil, count > maximumNameBytes { long = start ..< index }
            if start == utf8.startIndex, name.elementsEqual(OutputWriter.markerName.utf8) { reserved = true }
            if count == 0 || name.elementsEqual(".".utf8) || name.elementsEqual("..".utf8) { dots = true }
            guard index < utf8.endIndex else { break }
            index = utf8.index(after: index)
            start = index
        }
        if let long {
            let count = utf8.distance(from: long.lowerBound, to: long.upperBound)
            return "the name '\(Substring(utf8[long]).prefix(40))…' in the output path is \(count) bytes long; a file or folder name may be at most \(maximumNameBytes) bytes"
        }
        if reserved {
            return "the output path /\(path) is reserved: newsroom marks its output folder with the file \(OutputWriter.markerName)"
        }
        if dots {
            return "the output path /\(path) has an empty, '.' or '..' part"
        }
        return nil
    }

}

extension OutputClaims.Settled {
    /// Every path's problems, then clashes, then files that other paths need as folders; the
    /// checks of each path are spread over `threads` (every page's path passes here).
    /// - Parameter checkedBefore: whether these very claims (`digest`) were found free of
    ///   problems, clashes and files that other paths need as folders, by a build that then
    ///   succeeded: the checks of each path are left out (the paths and the rules are the
    ///   same), and only clashes are looked at.
    func conflicts(threads: Int = 0, checkedBefore: Bool = false) -> Diagnostics {
        let paths = checkedBefore ? [] : owners.paths
        let chunk = max(1, (paths.count + 63) / 64)
        let found = ParallelMap.runs(of: paths.count, run: chunk, threads: threads) { range in
            var invalid: [String: (problem: String, origin: SourceLocation)] = [:]
            var nested: [(path: String, origin: SourceLocation, folder: String, folderOrigin: SourceLocation)] = []
            // Folders no claim takes as a file, at any depth: most paths share their folder with
            // others (a release's page and its wire copy), and need look up only that one.
            var clear: Set<String> = []
            // A path's origin is looked up only for a problem, not hashed again for every path.
            for path in paths[range] {
                if let problem = OutputClaims.problem(with: path) {
                    if let origin = owners[path]?.origin { invalid[path] = (problem, origin) }
                    continue
                }
                // A file at `a/b` and another at `a/b/c` cannot both exist.
                var prefix = Route.parentFolder(of: path)
                var walked: [String] = []
                var found = false
                while !prefix.isEmpty, !clear.contains(prefix) {
                    if let other = owners[prefix], let origin = owners[path]?.origin {
                        nested.append((path, origin, prefix, other.origin))
                        found = true
                    }
                    walked.append(prefix)
                    prefix = Route.parentFolder(of: prefix)
                }
                if !found { clear.formUnion(walked) }
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
