import ArgumentParser
import Foundation
import NewsroomKit

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder, holding Content/.", valueName: "dir"))
    var site: String = "."
}

struct PublicationOptions: ParsableArguments {
    @Flag(name: .long, help: "Include drafts and embargoed releases (for a local preview).")
    var drafts = false

    @Flag(name: .long, help: "Include releases dated after the clock.")
    var future = false

    @Option(name: .long, help: ArgumentHelp("Build as if it were this instant (ISO 8601, e.g. 2026-12-01T09:00:00-05:00).", valueName: "instant"))
    var now: Instant?
}

/// An instant given on the command line; without an offset it is UTC.
struct Instant: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        guard let date = Instant.parse(argument) else { return nil }
        self.date = date
    }

    static func parse(_ text: String) -> Date? {
        let formats = ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX",
                       "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"]
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static var defaultValueDescription: String { "now" }
}
