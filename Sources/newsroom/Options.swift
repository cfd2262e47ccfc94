import ArgumentParser
import Foundation
import NewsroomKit

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder, holding Content/.", valueName: "dir"))
    var site: String = "."
}

struct PublicationOptions: ParsableArguments {
    @Flag(name: .long, help: "A local preview: include every held release (drafts, embargoed, scheduled), each with a banner; pages are noindex.")
    var drafts = false

    @Flag(name: .long, help: "Include releases dated after the clock.")
    var future = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Build as if it were this instant: ISO 8601 with an offset or Z (2026-12-01T09:00:00-05:00).",
            valueName: "instant"),
        transform: Self.instant)
    var now: Date?

    /// `--now` is read by NewsroomKit's one date reader, and must carry its own offset.
    static func instant(_ text: String) throws(ContentDate.InstantError) -> Date {
        try ContentDate.instant(text, subject: "--now")
    }
}
