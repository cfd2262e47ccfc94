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

        let publication = options.policy.apply(to: loaded)
        let withheld = publication.withheld

        let (plan, planDiagnostics) = SitePlanner.plan(publication, clock: options.clock)
        try stop(planDiagnostics)
        guard let plan else { throw BuildFailure(diagnostics.sorted) }

        let (renderer, templateDiagnostics) = SiteRenderer.make(plan: plan, clock: options.clock, isPreview: options.includeDrafts)
        try stop(templateDiagnostics)
        guard let renderer else { throw BuildFailure(diagnostics.sorted) }
        let (rendered, renderDiagnostics) = renderer.render(threads: options.threads)
        try stop(renderDiagnostics)

        let files = rendered
        try stop(scanForLeaks(files, publication: publication, plan: plan, threads: options.threads))

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
            withheldPages: publication.withheldPages.map(\.sourcePath),
            schedule: PublicationSchedule(withheld: withheld, timeZone: plan.site.config.timeZone))
    }

    /// Loads the site and applies the publication rules, without rendering or writing:
    /// which releases are held back, and when each becomes due.
    public static func schedule(_ options: BuildOptions) throws(BuildFailure) -> PublicationSchedule {
        let (loaded, diagnostics) = SiteLoader.load(siteDirectory: options.siteDirectory, baseURLOverride: options.baseURL)
        let escalated = diagnostics.escalatingWarnings(options.strict)
        guard let loaded, !escalated.hasErrors else { throw BuildFailure(escalated.sorted) }
        let withheld = options.policy.apply(to: loaded).withheld
        return PublicationSchedule(withheld: withheld, timeZone: loaded.config.timeZone)
    }

    /// Searches every output file for what the build holds back.
    static func scanForLeaks(_ files: [OutputFile], publication: Publication, plan: SitePlan, threads: Int) -> Diagnostics {
        let root = plan.site.root
        let items = HeldItem.items(of: publication, plan: plan) { FileManager.default.contents(atPath: root + "/" + $0) }
        guard !items.isEmpty else { return Diagnostics() }
        // A file that published content uses (a logo in a published bundle or named by a page, a
        // theme asset) is published on purpose, even if a held bundle has a copy. A media file
        // nothing refers to is not: a copy of a held file there is a leak.
        let inUse = MediaReferences(site: plan.site).references(of: plan.site)
        var used = Set(plan.copies.map(\.path).filter { !$0.hasPrefix(Route.media("")) })
        used.formUnion(inUse.map(Route.media))
        let publishedFiles = plan.copies.filter { used.contains($0.path) }.map(\.content)
        let scanner = LeakScanner(items: items, plan: plan, publishedFiles: publishedFiles)
        return scanner.scan(files, threads: threads)
    }
}
