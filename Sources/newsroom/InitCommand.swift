import ArgumentParser
import Foundation
import NewsroomKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a new site, in an empty or new folder, that builds at once with the built-in theme."
    )

    @Argument(help: ArgumentHelp("The folder for the site: empty, or not there yet.", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("The site's IANA time zone, such as America/New_York (default: this computer's).",
                                            valueName: "zone"))
    var timezone: String?

    @Option(name: .long, help: ArgumentHelp("Date the first release from this instant instead of the system clock (ISO 8601 with an offset or Z).",
                                            valueName: "instant"),
            transform: PublicationOptions.instant)
    var now: Date?

    @Option(name: .long, help: ArgumentHelp("CI files to write: github (.github/workflows/newsroom.yml), gitlab (.gitlab-ci.yml), both or none.",
                                            valueName: "which"),
            transform: Self.ciChoice)
    var ci: CIChoice = .both

    func run() throws {
        let paths: [String]
        do {
            paths = try Scaffold.newSite(at: directory, timeZone: timezone ?? Self.systemTimeZone(), ci: ci,
                                         clock: Clock(now: now ?? Date()))
        } catch {
            try ScaffoldFailure.report(error)
        }
        let site = Self.shellQuoted(directory)
        print("Made a newsroom in \(directory):")
        for path in paths { print("  " + SiteOptions.path(path, in: directory)) }
        print("""

            Next:
              1. Edit \(SiteOptions.path("Content/newsroom.yml", in: directory)): base_url, the organization and the contacts.
              2. newsroom build --site \(site)
                 renders it into \(SiteOptions.path("public/", in: directory)), the folder to publish.
              3. newsroom serve --site \(site)
                 previews it at http://127.0.0.1:8080/ and reloads as you edit.
              4. newsroom new "Your headline" --site \(site)
                 writes your first release.
            """)
        if !ci.paths.isEmpty {
            print("""
                  5. Fill in NEWSROOM_REPO and NEWSROOM_VERSION in \(ci.paths.map { SiteOptions.path($0, in: directory) }.joined(separator: " and ")),
                     then push: pull requests are checked, main is published, and a rebuild every 10 minutes
                     publishes each embargoed release when it comes due (README: Publishing from CI).
                """)
        }
    }

    static func ciChoice(_ text: String) throws -> CIChoice {
        guard let choice = CIChoice(rawValue: text) else { throw ValidationError("use github, gitlab, both or none") }
        return choice
    }

    /// This computer's zone when it has an IANA name, else UTC.
    static func systemTimeZone() -> String {
        let identifier = TimeZone.current.identifier
        guard identifier != "GMT", TimeZone.knownTimeZoneIdentifiers.contains(identifier) else { return "UTC" }
        return identifier
    }

    /// A folder name as a shell reads it back: as it is when plain, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./+,:@%".unicodeScalars.contains($0))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
