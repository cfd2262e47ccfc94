import ArgumentParser
import Foundation
import NewsroomKit
import Preview

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site: build it into a private folder, serve it on this machine, rebuild on every save and reload open pages."
    )

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var publication: PublicationOptions

    @Option(name: .long, help: ArgumentHelp("The address to listen on; anything but this machine shows unpublished releases to the network.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on.", valueName: "n"))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var jobs: Int = 0

    @Flag(name: .shortAndLong, help: "Print only warnings and errors, not a line per build.")
    var quiet = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (every core) or more") }
    }

    func run() async throws {
        guard PortCheck.isFree(host: host, port: port) else {
            let hint = PortCheck.freePort(after: port, host: host).map { "; port \($0) is free: newsroom serve --port \($0)" } ?? ""
            DiagnosticPrinter.printError("cannot listen on \(host):\(port): the port is in use or the address is not this machine's\(hint)")
            throw ExitCode.failure
        }
        if !PortCheck.isLoopback(host) {
            DiagnosticPrinter.printWarning("serving on \(host): other machines on the network can reach this preview, drafts and embargoed releases included")
        }
        let server = try PreviewServer(options: PreviewServer.Options(
            site: siteOptions.site, includeDrafts: publication.drafts, includeFuture: publication.future,
            now: publication.now, threads: jobs))
        let quiet = quiet
        // Begun first: a save made while the first build runs is built next.
        let watch = server.startWatching()
        if let note = watch.note { DiagnosticPrinter.printNote(note) }
        Self.report(server.rebuild(), first: true, quiet: quiet)
        let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(server.site.basePath)"
        try await server.run(host: host, port: port, watch: watch, onReady: {
            Self.say("Serving \(address)\(publication.drafts ? " with drafts and embargoed releases" : "") (watching Content/ and Templates/; Ctrl-C stops)")
        }, onNote: { DiagnosticPrinter.printNote($0) }, onBuild: { Self.report($0, first: false, quiet: quiet) })
    }

    /// One line per good build, the problems of a failed one.
    static func report(_ result: Result<BuildReport, BuildFailure>, first: Bool, quiet: Bool) {
        switch result {
        case .success(let report):
            DiagnosticPrinter.print(report.diagnostics)
            if quiet { return }
            let changed = report.upToDate ? "nothing changed" : "\(report.filesWritten) files written"
            say("\(first ? "Built" : "Rebuilt") \(report.publishedReleases) releases, \(report.pages) pages (\(changed)).")
        case .failure(let failure):
            DiagnosticPrinter.print(failure.diagnostics)
            let count = failure.errors.count
            DiagnosticPrinter.printError("build failed with \(count) error\(count == 1 ? "" : "s"); \(first ? "the browser shows them until a save fixes them" : "still serving the last good build")")
        }
    }

    /// A line on standard output, written at once (not buffered) even into a file or a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
