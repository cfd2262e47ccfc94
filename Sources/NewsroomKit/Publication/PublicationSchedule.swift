public import Foundation

/// When held releases become due: what a scheduled CI job needs to rebuild at the right minute.
public struct PublicationSchedule: Sendable {
    public struct Entry: Sendable, Equatable {
        public var sourcePath: String
        /// "draft", "embargoed" or "scheduled".
        public var reason: String
        /// Nil for drafts, which wait for a person.
        public var due: Date?
        /// `2027-03-01T14:00:00Z`.
        public var dueUTC: String?
        /// `2027-03-01T09:00:00-05:00`, in the site's time zone.
        public var dueLocal: String?
    }

    public var timeZone: String
    /// Sorted by due date, drafts last, then by path.
    public var entries: [Entry]

    public var next: Entry? { entries.first { $0.due != nil } }

    /// A crontab line (in UTC) that fires at the minute the next release is due.
    public var nextCronUTC: String? {
        guard let due = next?.due else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.minute, .hour, .day, .month], from: due.addingTimeInterval(59))
        return "\(parts.minute ?? 0) \(parts.hour ?? 0) \(parts.day ?? 1) \(parts.month ?? 1) *"
    }

    init(withheld: [WithheldRelease], timeZone: TimeZone) {
        self.timeZone = timeZone.identifier
        let utc = TimeZone.gmt
        entries = withheld.sorted(by: Self.dueFirst).map { held in
            let reason: String
            switch held.hold {
            case .draft: reason = "draft"
            case .embargoed: reason = "embargoed"
            case .scheduled: reason = "scheduled"
            }
            return Entry(
                sourcePath: held.release.sourcePath, reason: reason, due: held.due,
                dueUTC: held.due.map { ContentDate.iso8601($0, timeZone: utc) },
                dueLocal: held.due.map { ContentDate.iso8601($0, timeZone: timeZone) })
        }
    }

    static func dueFirst(_ a: WithheldRelease, _ b: WithheldRelease) -> Bool {
        switch (a.due, b.due) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: return a.release.sourcePath < b.release.sourcePath
        }
    }
}
