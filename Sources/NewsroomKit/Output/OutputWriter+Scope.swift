import Foundation

extension OutputWriter {
    /// Marks "no folder needs replacing" in `changedScope`.
    static let nothingChanged = "\u{0}"

    /// The deepest folder of the output holding every file that is new, changed or gone, and
    /// that exists both before and after; "" for the whole output; `nothingChanged` when nothing is.
    func changedScope(_ files: [OutputFile], decisions: [Decision], previous: OutputManifest) -> String? {
        guard previous.isComplete else { return "" }
        var changed: [String] = []
        var recorded = 0
        // By place, each file looked at only when it changed: taking each file out of the list
        // retained and released what it holds, 23,600 times at 10,000 releases.
        for index in decisions.indices {
            if !decisions[index].carried { changed.append(files[index].path) }
            if decisions[index].recorded { recorded += 1 }
        }
        // Changed files the new output holds (the paths gone are added below).
        let changedHere = changed
        // Every recorded path is still there when as many new paths as recorded ones have an entry.
        if recorded != previous.files.count {
            let paths = Set(files.map(\.path))
            changed += previous.files.keys.filter { !paths.contains($0) }
        }
        guard var scope = changed.first.map(Route.parentFolder) else { return Self.nothingChanged }
        for path in changed.dropFirst() {
            while !scope.isEmpty, !path.hasPrefix(scope + "/") { scope = Route.parentFolder(of: scope) }
        }
        while !scope.isEmpty, !(previous.folders[scope] != nil && Self.holdsAFile(scope, files, changed: changedHere)) {
            scope = Route.parentFolder(of: scope)
        }
        return scope
    }

    /// Whether one of `files` lies in `folder`, at any depth: one of the few `changed` among
    /// them, most often, else any, looked at by place.
    private static func holdsAFile(_ folder: String, _ files: [OutputFile], changed: [String]) -> Bool {
        let prefix = folder + "/"
        return changed.contains { $0.hasPrefix(prefix) } || files.indices.contains { files[$0].path.hasPrefix(prefix) }
    }
}
