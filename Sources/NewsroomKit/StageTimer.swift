import Foundation

/// Wall time and CPU time per stage of a build, and the process's peak memory at the end of each, for
/// `newsroom build --timings`.
struct StageTimer {
    private var last = ContinuousClock.now
    private var lastCPU = Self.usage().cpuSeconds
    private(set) var laps: [BuildReport.Timing] = []
    /// Told the name of each stage as it ends (a terminal's progress line).
    var onLap: (@Sendable (String) -> Void)?

    /// Ends the stage that ran since the previous lap.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now).components
        let (cpu, peak) = Self.usage()
        laps.append(BuildReport.Timing(stage: stage, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                                       cpuSeconds: max(0, cpu - lastCPU), peakMemory: peak))
        last = now
        lastCPU = cpu
        onLap?(stage)
    }

    /// The process's CPU time so far (every thread's, in user and system mode) and its peak
    /// resident memory in bytes.
    private static func usage() -> (cpuSeconds: Double, peakMemory: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), Int(usage.ru_maxrss) * 1024)
    }
}
