import Foundation
import NewsroomKit

/// "Held back: 1 embargoed until …, 1 draft, 1 scheduled for …", one line per release below it.
struct WithheldSummary {
    let withheld: [WithheldRelease]

    init(_ withheld: [WithheldRelease]) {
        self.withheld = withheld
    }

    var text: String {
        var lines = ["Held back \(withheld.count) release\(withheld.count == 1 ? "" : "s") (in no output file):"]
        for item in withheld {
            let reason: String
            switch item.hold {
            case .draft: reason = "draft"
            case .embargoed(let until): reason = "embargoed until \(Self.utc(until))"
            case .scheduled(let date): reason = "scheduled for \(Self.utc(date))"
            }
            lines.append("  \(item.release.sourcePath): \(reason)")
        }
        return lines.joined(separator: "\n")
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
