import Foundation

/// Values a command that exits right after its build lets the operating system reclaim all at
/// once, instead of freeing them one by one.
///
/// Freeing a build's big values walks every one of them: the manifest read at the start (37,000
/// entries at 10,000 releases), the renderer's outcome for each page, the writer's list of
/// files. A one-release edit did that on one core, with the other idle, for several
/// milliseconds at a time. The session of such a command keeps them (`BuildSession`,
/// `keepingResultsUntilExit`); any other (a preview server's, the tests') lets go at once.
final class Leftovers: @unchecked Sendable {  // its state is behind `lock`
    private let lock = NSLock()
    let keepsUntilExit: Bool
    private var kept: [any Sendable] = []

    init(keepingUntilExit: Bool) {
        keepsUntilExit = keepingUntilExit
    }

    /// Keeps `values` until the process exits, when this keeps them; else lets go of them now.
    func keep(_ values: any Sendable...) {
        if keepsUntilExit { lock.withLock { kept.append(contentsOf: values) } }
    }
}
