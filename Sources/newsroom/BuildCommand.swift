import ArgumentParser
import Foundation
import NewsroomKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render the site into its output folder (atomically: the last good output survives any error)."
    )

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var publication: PublicationOptions

    @Option(name: .long, help: ArgumentHelp("The output folder (default: <site>/public).", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Override base_url from newsroom.yml.", valueName: "url"))
    var baseURL: String?

    @Flag(name: .long, help: "Treat warnings (broken internal links, missing images, unknown keys…) as errors.")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: all cores). Output is the same for any number.", valueName: "n"))
    var jobs: Int = 0

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Where the build cache is kept (default: <site>/.newsroom-cache). Safe to delete.", valueName: "dir"))
    var cacheDirectory: String?

    @Flag(name: .customLong("no-cache"), help: "Keep no build cache: parse and render everything.")
    var noCache = false

    @Flag(name: .long, help: "Print the wall time of each stage of the build.")
    var timings = false

    @Flag(name: .shortAndLong, help: "Print only warnings and errors.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Also print diagnostics for CI: github (workflow commands and a step summary; the default when GITHUB_ACTIONS=true) or plain.", valueName: "format"))
    var diagnostics: DiagnosticsFormat?

    @Option(name: .long, help: ArgumentHelp("Write a JSON report: counts, held releases and when each is due, next_due, and every output file's SHA-256.", valueName: "file"))
    var report: String?

    @Option(name: .customLong("report-codequality"), help: ArgumentHelp("Write the diagnostics as a GitLab Code Quality report.", valueName: "file"))
    var codeQualityReport: String?

    func validate() throws {
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (every core) or more") }
        // A report written into the output would be deployed with the site, and change its manifest.
        let outputFolder = URL(fileURLWithPath: output ?? siteOptions.site + "/public").standardizedFileURL.path
        for (option, file) in [("--report", report), ("--report-codequality", codeQualityReport)] {
            guard let file else { continue }
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            guard path != outputFolder, !path.hasPrefix(outputFolder + "/") else {
                throw ValidationError("\(option) \(file) is inside the output folder, which is published; write it elsewhere, such as report.json")
            }
        }
        if let cacheDirectory {
            guard !noCache else { throw ValidationError("--cache-dir and --no-cache contradict each other; give one") }
            guard !cacheDirectory.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--cache-dir needs a folder, such as .newsroom-cache")
            }
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        let options = BuildOptions(
            siteDirectory: siteOptions.site, outputDirectory: output, baseURL: baseURL,
            includeDrafts: publication.drafts, includeFuture: publication.future, strict: strict,
            clock: Clock(now: publication.now ?? Date()), threads: jobs,
            cacheDirectory: noCache ? nil : cacheDirectory ?? BuildOptions.defaultCacheDirectory(site: siteOptions.site))
        // One build, then the process ends: the build's values are kept for the operating system
        // to reclaim at exit, instead of being freed one by one (a tenth of a second on a large site).
        let session = BuildSession(cacheDirectory: options.cacheDirectory, keepingResultsUntilExit: true)
        let ci = CIReporter(format: CIReporter.format(diagnostics), codeQualityFile: codeQualityReport, reportFile: report)
        let progress = ProgressLine(quiet: quiet)
        var observed = options
        observed.progress = { progress.ended($0) }
        let built: BuildReport
        do {
            defer { progress.finish() }
            built = try session.build(observed)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            ci.failed(error)
            let count = error.errors.count
            DiagnosticPrinter.printError("build failed with \(count) error\(count == 1 ? "" : "s"); the output folder was not changed")
            throw ExitCode.failure
        }
        DiagnosticPrinter.print(built.diagnostics)
        for note in built.notes { DiagnosticPrinter.printNote(note) }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        do {
            try ci.succeeded(built, seconds: seconds)
        } catch {
            DiagnosticPrinter.printError("the site was built, but a report could not be written: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if quiet { withExtendedLifetime(session) { Foundation.exit(EXIT_SUCCESS) } }
        if timings {
            for timing in built.timings {
                print(String(format: "%8.3f s  %8.3f s CPU  %6d MiB  %@", timing.seconds, timing.cpuSeconds, timing.peakMemory >> 20, timing.stage))
            }
            if !built.upToDate {
                print("\(built.releaseValuesMade) of \(built.publishedReleases) release values made (\(built.releaseValuesKept) kept\(built.releaseValuesMadeAgain > 0 ? ", \(built.releaseValuesMadeAgain) made again" : "")), \(built.pagesFingerprinted) of \(built.pages) pages fingerprinted")
                print("\(built.bodiesLinkChecked) of \(built.bodies) bodies' links checked, output paths' folders \(built.outputNestingChecked ? "checked" : "known clear"), related releases \(built.relatedWorkedOut ? "worked out" : "known")")
                if let read = built.publishedTextsRead {
                    print("\(read) of \(built.publishedReleases) releases' texts read for the leak scan")
                }
                if built.pagesWrittenAsRendered > 0 {
                    print("\(built.pagesWrittenAsRendered) page\(built.pagesWrittenAsRendered == 1 ? "" : "s") of the whole site written as \(built.pagesWrittenAsRendered == 1 ? "it" : "they") rendered")
                }
                if let ahead = built.wholeTreeStagedAhead {
                    print(ahead ? "the whole tree staged while pages rendered" : "the whole tree staged while pages rendered, in vain: the change lay in one folder")
                }
            }
        }
        print("Built \(built.publishedReleases) release\(built.publishedReleases == 1 ? "" : "s"), \(built.pages) pages, \(built.files) files into \(built.outputDirectory) in \(String(format: "%.2f", seconds)) s (\(built.filesWritten) written, \(built.filesUnchanged) unchanged; \(built.upToDate ? "nothing changed since the last build" : "\(built.pagesRendered) pages rendered"))\(WithheldSummary(built.withheld, pages: built.withheldPages).counts).")
        if !built.withheld.isEmpty || !built.withheldPages.isEmpty {
            print(WithheldSummary(built.withheld, pages: built.withheldPages).text)
            if let next = built.schedule.next, let utc = next.dueUTC, let local = next.dueLocal {
                print("Next due: \(utc) (\(local) \(built.schedule.timeZone)); `newsroom schedule` tells CI when to rebuild.")
            }
        }
        withExtendedLifetime(session) { Foundation.exit(EXIT_SUCCESS) }
    }
}
