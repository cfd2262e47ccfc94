import Foundation
import NewsroomKit

/// Prints diagnostics to standard error in the compiler format, coloured only on a terminal.
enum DiagnosticPrinter {
    static let useColour = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let label = diagnostic.severity == .error ? colour("error:", code: "1;31") : colour("warning:", code: "1;35")
            write("\(diagnostic.location): \(label) \(diagnostic.message)\n")
        }
    }

    static func printError(_ message: String) {
        write("\(colour("error:", code: "1;31")) \(message)\n")
    }

    static func printWarning(_ message: String) {
        write("\(colour("warning:", code: "1;35")) \(message)\n")
    }

    static func printNote(_ message: String) {
        write("\(colour("note:", code: "1;36")) \(message)\n")
    }

    private static func colour(_ text: String, code: String) -> String {
        useColour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
