public import Foundation

/// Diagnostics and the build summary in the forms CI services read: GitHub workflow commands
/// (shown on the pull request's diff), a Markdown step summary, and GitLab's Code Quality report.
public enum CIOutput {
    /// `::error file=Content/x.md,line=3,col=7::message`, escaped as GitHub's runner expects.
    public static func workflowCommand(_ diagnostic: Diagnostic) -> String {
        func property(_ text: String) -> String {
            escape(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        let location = diagnostic.location
        return "::\(diagnostic.severity.rawValue) file=\(property(location.path)),line=\(location.line),col=\(location.column)::\(escape(diagnostic.message))"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The step summary of a build that succeeded.
    public static func stepSummary(_ report: BuildReport, seconds: Double) -> String {
        var lines = [
            "### newsroom build",
            "",
            "Built \(report.publishedReleases) release\(report.publishedReleases == 1 ? "" : "s"), \(report.pages) pages and \(report.files) files in \(String(format: "%.2f", seconds)) s: \(report.filesWritten) written, \(report.filesUnchanged) unchanged.",
        ]
        let schedule = report.schedule
        if !schedule.entries.isEmpty || !report.withheldPages.isEmpty {
            lines += ["", "| Held back | State | Due (UTC) | Due (\(markdown(schedule.timeZone))) |", "|---|---|---|---|"]
            for entry in schedule.entries {
                lines.append("| `\(code(entry.sourcePath))` | \(entry.reason) | \(entry.dueUTC ?? "—") | \(entry.dueLocal ?? "—") |")
            }
            for page in report.withheldPages { lines.append("| `\(code(page))` | draft | — | — |") }
            if let next = schedule.next, let utc = next.dueUTC {
                lines += ["", "Next due: **\(utc)**; rebuild then to publish it."]
            }
        }
        lines += problems(report.diagnostics.filter { $0.severity == .warning }, title: "Warnings")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The step summary of a build that failed: the output was not changed.
    public static func stepSummary(failure: BuildFailure) -> String {
        let lines = ["### newsroom build failed", "", "The output folder was not changed."]
            + problems(failure.diagnostics.filter { $0.severity == .error }, title: "Errors")
            + problems(failure.diagnostics.filter { $0.severity == .warning }, title: "Warnings")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func problems(_ diagnostics: [Diagnostic], title: String) -> [String] {
        guard !diagnostics.isEmpty else { return [] }
        return ["", "**\(title) (\(diagnostics.count))**", ""] + diagnostics.map {
            "- `\(code($0.location.description))` \(markdown($0.message))"
        }
    }

    /// GitLab's Code Quality report: one issue per diagnostic, with a fingerprint stable across
    /// builds (its location and message).
    public static func codeQuality(_ diagnostics: [Diagnostic]) throws -> Data {
        let issues: [[String: Any]] = diagnostics.map { diagnostic in
            [
                "description": diagnostic.message,
                "check_name": "newsroom-\(diagnostic.severity.rawValue)",
                "fingerprint": SHA256.hex(Array(diagnostic.description.utf8)),
                "severity": diagnostic.severity == .error ? "major" : "minor",
                "location": ["path": diagnostic.location.path, "lines": ["begin": diagnostic.location.line]],
            ]
        }
        var data = try JSONSerialization.data(withJSONObject: issues, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Text in a code span: backticks cannot end it early.
    private static func code(_ text: String) -> String { text.replacingOccurrences(of: "`", with: "'") }

    /// Text with Markdown's punctuation escaped, and `|` too, for tables.
    private static func markdown(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>|#!&".contains(character) { result.append("\\") }
            result.append(character == "\n" ? " " : character)
        }
        return result
    }
}
