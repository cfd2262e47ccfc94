import ArgumentParser
import Foundation
import NewsroomKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new release file, dated today in the site's time zone, and print its path.",
        discussion: """
            The file is Content/releases/<year>/<date>-<slug>.md (with --bundle, \
            Content/releases/<year>/<slug>/index.md), the slug made from the title. It lists the \
            site's default contacts. An existing release with that slug is never overwritten. \
            A title that starts with '-' goes last, after '--': newsroom new --site DIR -- "-5% in a year".
            """
    )

    @Argument(help: ArgumentHelp("The headline, in quotes.", valueName: "title"))
    var title: String

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "YYYY-MM-DD, or ISO 8601 with a time (default: today; with --embargo, the embargo's instant).", valueName: "date"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("Tags, separated by commas; repeat the option for more.", valueName: "tags"))
    var tags: [String] = []

    @Option(name: .long, help: ArgumentHelp("The label above the title (it counts as a tag too).", valueName: "category"))
    var category: String?

    @Option(name: .long, help: ArgumentHelp("Where the news comes from, printed before the first paragraph.", valueName: "place"))
    var dateline: String?

    @Option(name: .long, help: ArgumentHelp(
        "Not published before this instant: ISO 8601, such as 2026-12-01T09:00:00-05:00 (without an offset, in the site's time zone).",
        valueName: "instant"))
    var embargo: String?

    @Option(name: .long, help: ArgumentHelp("The URL's last part, instead of one made from the title.", valueName: "slug"))
    var slug: String?

    @Flag(name: .long, help: "Make a bundle: a folder with index.md, for a release that brings its own files.")
    var bundle = false

    @Flag(name: .long, help: "Mark it draft: true, so no build publishes it until you remove that line.")
    var draft = false

    @Option(name: .long, help: ArgumentHelp("Take today from this instant instead of the system clock (ISO 8601 with an offset or Z).",
                                            valueName: "instant"),
            transform: PublicationOptions.instant)
    var now: Date?

    func run() throws {
        let request = ReleaseScaffold.Request(
            title: title, date: date, tags: tags, category: category, dateline: dateline, embargo: embargo,
            slug: slug, bundle: bundle, draft: draft)
        let path: String
        do {
            path = try Scaffold.newRelease(request, siteDirectory: siteOptions.site, clock: Clock(now: now ?? Date()))
        } catch {
            try ScaffoldFailure.report(error)
        }
        print(SiteOptions.path(path, in: siteOptions.site))
    }
}

/// How `new` and `init` end when they wrote nothing.
enum ScaffoldFailure {
    /// A wrong request is a command-line error (exit status 64); a site or file that refuses
    /// prints its diagnostics (exit status 1).
    static func report(_ error: ScaffoldError) throws -> Never {
        switch error {
        case .request(let message):
            DiagnosticPrinter.printError(message)
            throw ExitCode.validationFailure
        case .site(let diagnostics):
            DiagnosticPrinter.print(diagnostics)
            throw ExitCode.failure
        }
    }
}

extension SiteOptions {
    /// A site-relative path as the user reaches it from where they are: `my-site/Content/…`.
    static func path(_ relative: String, in site: String) -> String {
        if site == "." || site.isEmpty { return relative }
        return site.hasSuffix("/") ? site + relative : site + "/" + relative
    }
}
