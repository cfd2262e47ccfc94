import Foundation

/// "Building… plan done (2.4 s)" on one line that rewrites itself, for builds that take more
/// than a second, on a terminal only (never into a file, a pipe or a CI log), cleared at the end.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private var stage = "starting"
    private var shown = false
    private var timer: (any DispatchSourceTimer)?

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 0.25)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    /// The stage that just ended.
    func ended(_ name: String) {
        lock.withLock { stage = name + " done" }
    }

    private func draw() {
        let elapsed = started.duration(to: .now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let text = lock.withLock { () -> String in
            shown = true
            return "\r\u{1B}[KBuilding… \(stage) (\(String(format: "%.1f", seconds)) s)"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Stops and erases the line.
    func finish() {
        timer?.cancel()
        timer = nil
        if lock.withLock({ shown }) { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }
}
