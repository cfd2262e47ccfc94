import Foundation

/// Wall time per stage of a build, and the process's peak memory at the end of each, for
/// `newsroom build --timings`.
struct StageTimer {
    private var last = ContinuousClock.now
    private(set) var laps: [BuildReport.Timing] = []
    /// Told the name of each stage as it ends (a terminal's progress line).
    var onLap: (@Sendable (String) -> Void)?

    /// Ends the stage that ran since the previous lap.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now).components
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        laps.append(BuildReport.Timing(stage: stage, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                                       peakMemory: Int(usage.ru_maxrss) * 1024))
        last = now
        onLap?(stage)
    }
}
