import ArgumentParser
import Foundation
import NewsroomKit

/// How diagnostics are printed besides the compiler format.
enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    /// The compiler format only.
    case plain
    /// Also GitHub workflow commands, and the build summary in `$GITHUB_STEP_SUMMARY`.
    case github
}

/// What `build` writes for CI: workflow commands, the step summary, the Code Quality and
/// publish reports. Each file is written whole (a temporary file renamed), so a job that reads
/// one never sees half of it.
struct CIReporter {
    var format: DiagnosticsFormat
    var codeQualityFile: String?
    var reportFile: String?
    var environment = ProcessInfo.processInfo.environment

    /// GitHub when the job runs on GitHub Actions, unless told otherwise.
    static func format(_ given: DiagnosticsFormat?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticsFormat {
        given ?? (environment["GITHUB_ACTIONS"] == "true" ? .github : .plain)
    }

    func succeeded(_ report: BuildReport, seconds: Double) throws {
        annotate(report.diagnostics)
        if format == .github { appendSummary(CIOutput.stepSummary(report, seconds: seconds)) }
        if let codeQualityFile { try write(CIOutput.codeQuality(report.diagnostics), to: codeQualityFile) }
        if let reportFile { try write(PublishReport.json(report), to: reportFile) }
    }

    func failed(_ failure: BuildFailure) {
        annotate(failure.diagnostics)
        if format == .github { appendSummary(CIOutput.stepSummary(failure: failure)) }
        if let codeQualityFile { try? write(CIOutput.codeQuality(failure.diagnostics), to: codeQualityFile) }
    }

    private func annotate(_ diagnostics: [Diagnostic]) {
        guard format == .github else { return }
        let lines = diagnostics.map { CIOutput.workflowCommand($0) + "\n" }.joined()
        FileHandle.standardOutput.write(Data(lines.utf8))
    }

    private func appendSummary(_ text: String) {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty,
              let handle = FileHandle(forWritingAtPath: path) ?? {
                  _ = FileManager.default.createFile(atPath: path, contents: nil)
                  return FileHandle(forWritingAtPath: path)
              }() else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    private func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
