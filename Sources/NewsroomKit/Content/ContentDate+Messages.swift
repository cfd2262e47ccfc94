public import Foundation

extension ContentDate.Problem {
    /// The whole message for a date that cannot be used.
    /// - Parameters:
    ///   - subject: what held the date: `'embargo'`, `--now`.
    ///   - text: the date as written.
    func message(subject: String, text: String) -> String {
        let written = ControlCharacters.replaced(in: text.trimmingCharacters(in: .whitespaces))
        switch self {
        case .format:
            return "\(subject) is not a date: '\(written)'; write \(ContentDate.formatDescription)"
        case .impossible(let reason):
            return "\(subject) is not a real date: '\(written)' (\(reason))"
        case .malformedOffset(let offset, let reason):
            return "\(subject) has a malformed offset '\(offset)' in '\(written)' (\(reason)); "
                + "write it as ±HH:MM, such as -05:00, or Z for UTC"
        case .offsetOutOfRange(let offset):
            return "\(subject) has an offset out of range: '\(offset)' in '\(written)' "
                + "(offsets run from -18:00 to +18:00)"
        case .skippedTime(let zone, let from, let to):
            return "\(subject) is a time that does not exist in \(zone): '\(written)' "
                + "(clocks jump from \(from) to \(to)); write a time outside the gap, or add an offset"
        case .repeatedTime(let zone, let from, let to, let first, let second):
            return "\(subject) is a time that happens twice in \(zone): '\(written)' "
                + "(clocks go back from \(from) to \(to)); add an offset to say which: "
                + "\(first) for the first ('\(written)\(first)') or \(second) for the second"
        case .missingOffset:
            return "\(subject) needs a time with an offset or Z, such as \(ContentDate.instantExample)"
        }
    }
}

extension ContentDate {
    /// An instant given outside any site (on the command line) that cannot be used.
    public struct InstantError: Error, Equatable, CustomStringConvertible {
        /// The whole message, such as "needs a time with an offset or Z, such as …".
        public var description: String
    }

    static let instantExample = "2026-12-01T09:00:00-05:00 or 2026-12-01T14:00:00Z"

    /// Reads an instant that carries its own offset, as `--now` takes it, by the same rules as
    /// dates in content files. A date or a time without an offset is refused: outside a site
    /// there is no time zone to read it in.
    /// - Parameter subject: what held the text, for the message (`--now`).
    public static func instant(_ text: String, subject: String) throws(InstantError) -> Date {
        do throws(Problem) {
            return try parse(text, timeZone: nil)
        } catch .format {
            throw InstantError(description: "\(subject) is not an instant: '\(ControlCharacters.replaced(in: text))'; "
                + "write a date, a time and an "
                + "offset or Z, such as \(instantExample)")
        } catch {
            throw InstantError(description: error.message(subject: subject, text: text))
        }
    }
}
