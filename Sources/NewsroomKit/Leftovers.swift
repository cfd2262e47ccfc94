import Foundation

/// Values a command that exits right after its work lets the operating system reclaim all at
/// once, instead of freeing them one by one.
///
/// Freeing a build's big values walks every one of them: the manifest read at the start (37,000
/// entries at 10,000 releases), the renderer's outcome for each page, the writer's list of
/// files. A one-release edit did that on one core, with the other idle, for several
/// milliseconds at a time. A command opts in once (`keepUntilExit`, `newsroom build`); in any
/// other process (a preview server, the tests) `keep` lets go of the values at once.
public enum Leftovers {
    static let store = Store()

    /// Keeps what `keep` is given until the process exits.
    public static func keepUntilExit() { store.keepUntilExit() }

    /// Keeps `values` until the process exits, when it opted in; else lets go of them now.
    static func keep(_ values: any Sendable...) { store.add(values) }

    /// What the process keeps.
    final class Store: @unchecked Sendable {  // its state is behind `lock`
        private let lock = NSLock()
        private var isKeeping = false
        private var kept: [any Sendable] = []

        func keepUntilExit() { lock.withLock { isKeeping = true } }

        func add(_ values: [any Sendable]) {
            lock.withLock { if isKeeping { kept.append(contentsOf: values) } }
        }
    }
}
