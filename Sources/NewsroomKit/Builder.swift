import Foundation

/// The build as a short list of stages, each a value in and a value out:
/// load → publication rules → plan → render → write.
public enum Builder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let writer = OutputWriter(output: options.resolvedOutputDirectory)
        let site = SiteFiles(root: options.siteDirectory)
        do {
            try writer.checkReplaceable(protected: [site.root], inputs: [site.absolute("Content"), site.absolute("Templates")])
        } catch {
            throw BuildFailure([error])
        }

        var diagnostics = Diagnostics()
        func stop(_ stageDiagnostics: Diagnostics) throws(BuildFailure) {
            diagnostics.append(contentsOf: stageDiagnostics.escalatingWarnings(options.strict))
            if diagnostics.hasErrors { throw BuildFailure(diagnostics.sorted) }
        }

        let (loaded, loadDiagnostics) = SiteLoader.load(
            siteDirectory: options.siteDirectory, baseURLOverride: options.baseURL, threads: options.threads)
        try stop(loadDiagnostics)
        guard let loaded else { throw BuildFailure(diagnostics.sorted) }

        let (published, withheld) = options.policy.apply(to: loaded)

        let (plan, planDiagnostics) = SitePlanner.plan(published, clock: options.clock)
        try stop(planDiagnostics)
        guard let plan else { throw BuildFailure(diagnostics.sorted) }

        let (renderer, templateDiagnostics) = SiteRenderer.make(plan: plan, clock: options.clock, isPreview: options.includeDrafts)
        try stop(templateDiagnostics)
        guard let renderer else { throw BuildFailure(diagnostics.sorted) }
        let (rendered, renderDiagnostics) = renderer.render(threads: options.threads)
        try stop(renderDiagnostics)

        let files: [OutputFile]
        do {
            files = try rendered.map { file throws(Diagnostic) in try file.materialized() }
        } catch {
            throw BuildFailure(diagnostics.sorted + [error])
        }
        try stop(scanForLeaks(files, withheld: withheld, plan: plan))

        let summary: OutputWriter.Summary
        do {
            summary = try writer.write(files)
        } catch {
            throw BuildFailure(diagnostics.sorted + [error])
        }
        return BuildReport(
            outputDirectory: writer.output, diagnostics: diagnostics.sorted,
            publishedReleases: plan.releases.count, pages: plan.pages.count, files: files.count,
            filesWritten: summary.written, filesUnchanged: summary.unchanged,
            withheld: withheld.sorted(by: PublicationSchedule.dueFirst),
            schedule: PublicationSchedule(withheld: withheld, timeZone: plan.site.config.timeZone))
    }

    /// Loads the site and applies the publication rules, without rendering or writing:
    /// which releases are held back, and when each becomes due.
    public static func schedule(_ options: BuildOptions) throws(BuildFailure) -> PublicationSchedule {
        let (loaded, diagnostics) = SiteLoader.load(siteDirectory: options.siteDirectory, baseURLOverride: options.baseURL)
        let escalated = diagnostics.escalatingWarnings(options.strict)
        guard let loaded, !escalated.hasErrors else { throw BuildFailure(escalated.sorted) }
        let (_, withheld) = options.policy.apply(to: loaded)
        return PublicationSchedule(withheld: withheld, timeZone: loaded.config.timeZone)
    }

    /// Reads the held releases' bundle files and searches every output file (already read in) for them.
    static func scanForLeaks(_ files: [OutputFile], withheld: [WithheldRelease], plan: SitePlan) -> Diagnostics {
        let root = plan.site.root
        let heldContents: [[(name: String, bytes: Data)]] = withheld.map { held in
            guard let bundle = held.release.bundleDirectory else { return [] }
            return held.release.bundleFiles.compactMap { name in
                FileManager.default.contents(atPath: root + "/" + bundle + "/" + name).map { (name, $0) }
            }
        }
        // A file that a published release's bundle also holds (a shared logo) is published on purpose.
        var bytesByPath: [String: Data] = [:]
        for file in files {
            if case .bytes(let data) = file.content { bytesByPath[file.path] = data }
        }
        let publishedCopies = Set(plan.releases.flatMap { release in
            release.bundleFiles.compactMap { bytesByPath[plan.url(of: release) + $0] }
        })
        let scanner = LeakScanner(withheld: withheld, published: plan, heldFileContents: heldContents,
                                  publishedFileContents: publishedCopies)
        return scanner.scan(files)
    }
}
