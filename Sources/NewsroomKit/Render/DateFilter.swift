public import Foundation
public import Templating

/// The `date(format)` filter: an ISO 8601 value formatted with strftime-style
/// directives, in the site's time zone, with English names. `date(format, "UTC")` formats
/// it in the zone named instead (an IANA name), so a page can show a time in two zones.
public struct DateFilter: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Months as AP style writes them in dates: five spelled out, the rest cut short with a period.
    static let apMonths = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    public var filter: TemplateFilter {
        { input, arguments throws(FilterError) in
            guard case .string(let text) = input.unwrappedText else {
                throw FilterError("date expects an ISO 8601 date, not \(input.kindDescription)")
            }
            let pattern: String
            switch arguments.first {
            case nil: pattern = "%B %-d, %Y"
            case .string(let given)?: pattern = given
            case .safe(let given)?: pattern = given
            default: throw FilterError("date expects a format such as \"%B %-d, %Y\"")
            }
            var zone = timeZone
            if arguments.count > 1 {
                guard case .string(let name) = arguments[1].unwrappedText, let named = TimeZone(identifier: name) else {
                    throw FilterError("date expects a time zone such as \"UTC\" or \"America/New_York\" after the format")
                }
                zone = named
            }
            let date: Date
            do {
                date = try ContentDate.parse(text, timeZone: timeZone)
            } catch {
                throw FilterError("date cannot read '\(text)' as a date")
            }
            return .string(try format(date, with: pattern, in: zone))
        }
    }

    public func format(_ date: Date, with format: String) throws(FilterError) -> String {
        try self.format(date, with: format, in: timeZone)
    }

    /// The zone's short name at that instant, as `%Z` prints it: "UTC", "EST", "EDT", "PST",
    /// or "GMT+1" where English has no abbreviation for the zone.
    static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        if zone.secondsFromGMT(for: date) == 0, utcIdentifiers.contains(zone.identifier) { return "UTC" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "zzz"
        let name = formatter.string(from: date)
        return name.isEmpty ? zone.abbreviation(for: date) ?? zone.identifier : name
    }

    /// Names of UTC itself (Foundation on Linux calls the zone of "UTC" "GMT").
    private static let utcIdentifiers: Set<String> = [
        "UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu",
        "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "GMT0", "GMT+0", "GMT-0", "Etc/Greenwich", "Greenwich",
    ]

    private func format(_ date: Date, with format: String, in timeZone: TimeZone) throws(FilterError) -> String {
        let clock = ContentDate.WallClock(date, timeZone: timeZone)
        let (year, month, day) = (clock.year, clock.month, clock.day)
        let (hour, minute, second) = (clock.hour, clock.minute, clock.second)
        let weekday = clock.weekday
        let offset = clock.offset
        var output = ""
        var characters = format.makeIterator()
        func padded(_ value: Int, _ width: Int, unpadded: Bool) -> String {
            let text = String(value)
            return unpadded ? text : String(repeating: "0", count: max(0, width - text.count)) + text
        }
        while let character = characters.next() {
            guard character == "%" else { output.append(character); continue }
            guard var directive = characters.next() else { throw FilterError("date format ends with a lone '%'") }
            var unpadded = false
            if directive == "-" {
                unpadded = true
                guard let next = characters.next() else { throw FilterError("date format ends with '%-'") }
                directive = next
            }
            switch directive {
            case "Y": output += String(year)
            case "y": output += padded(year % 100, 2, unpadded: unpadded)
            case "m": output += padded(month, 2, unpadded: unpadded)
            case "d": output += padded(day, 2, unpadded: unpadded)
            case "e": output += unpadded ? String(day) : (day < 10 ? " \(day)" : String(day))
            case "H": output += padded(hour, 2, unpadded: unpadded)
            case "I": output += padded(hour % 12 == 0 ? 12 : hour % 12, 2, unpadded: unpadded)
            case "M": output += padded(minute, 2, unpadded: unpadded)
            case "S": output += padded(second, 2, unpadded: unpadded)
            case "p": output += hour < 12 ? "AM" : "PM"
            case "O":
                // The alternative forms, in AP style (the Associated Press's, newsrooms' own).
                switch characters.next() {
                case "b": output += Self.apMonths[month - 1]
                case "p": output += hour < 12 ? "a.m." : "p.m."
                case let other: throw FilterError("unknown date directive '%O\(other.map(String.init) ?? "")' (%Ob is the month and %Op a.m. or p.m., in AP style)")
                }
            case "B": output += ContentDate.monthNames[month - 1]
            case "b", "h": output += String(ContentDate.monthNames[month - 1].prefix(3))
            case "A": output += Self.weekdays[weekday]
            case "a": output += String(Self.weekdays[weekday].prefix(3))
            case "j": output += padded(clock.dayOfYear, 3, unpadded: unpadded)
            case "Z": output += Self.zoneName(timeZone, at: date)
            case "z", ":":
                if directive == ":" {
                    guard characters.next() == "z" else { throw FilterError("unknown date directive '%:'") }
                }
                let sign = offset < 0 ? "-" : "+"
                let hours = padded(abs(offset) / 3600, 2, unpadded: false)
                let minutes = padded(abs(offset) % 3600 / 60, 2, unpadded: false)
                output += sign + hours + (directive == ":" ? ":" : "") + minutes
            case "F": output += "\(padded(year, 4, unpadded: false))-\(padded(month, 2, unpadded: false))-\(padded(day, 2, unpadded: false))"
            case "%": output += "%"
            default: throw FilterError("unknown date directive '%\(directive)'")
            }
        }
        return output
    }
}

extension TemplateValue {
    /// `.safe` text read as plain text, for filters that only look at the characters.
    var unwrappedText: TemplateValue {
        if case .safe(let text) = self { return .string(text) }
        return self
    }

    var kindDescription: String {
        switch self {
        case .null: return "none"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string, .safe: return "text"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
