import Foundation

extension OutputManifest {
    /// A copy of a manifest's tables of its own, made on a thread beside the build before the
    /// writer needs it.
    ///
    /// The writer records a change to one folder of the output as the previous tables with that
    /// folder's entries taken out and put back as they are now. The previous tables are shared
    /// (with the manifest the session keeps, the renderer's view of the old output, the tree
    /// staged ahead), so the writer's first change copied them: 37,000 entries at 10,000
    /// releases, about 10 ms on one core while the other waited. Made while the templates are
    /// read, the copy takes a core that is idle then. When the whole tree is exchanged after
    /// all (a page at the top changed), the copy goes unused.
    final class TablesAhead: @unchecked Sendable {  // its state is behind `done`
        typealias Tables = (files: PathTable<Entry>, folders: PathTable<Folder>)
        private var tables: Tables?
        private let done = DispatchSemaphore(value: 0)

        /// Starts copying the tables of `manifest` on a thread of its own (a task of the system's
        /// pool could wait behind the tasks of a build whose thread waits for it).
        init(_ manifest: OutputManifest) {
            let thread = Thread { [self] in
                var (files, folders) = (manifest.files, manifest.folders)
                files.makeOwn()
                folders.makeOwn()
                tables = (files, folders)
                done.signal()
            }
            thread.name = "newsroom manifest"
            thread.start()
        }

        /// The tables, once copied; nobody else holds them. Taken once.
        func take() -> Tables {
            done.wait()
            defer { tables = nil }
            guard let tables else { preconditionFailure("the tables ahead are taken once") }
            return tables
        }
    }
}
