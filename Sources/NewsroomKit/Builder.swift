/// The build as a short list of stages, each a value in and a value out:
/// load → publication rules → plan → render → write.
public enum Builder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let writer = OutputWriter(output: options.resolvedOutputDirectory)
        let site = SiteFiles(root: options.siteDirectory)
        do {
            try writer.checkReplaceable(protected: [site.root, site.absolute("Content"), site.absolute("Templates")])
        } catch {
            throw BuildFailure([error])
        }

        var diagnostics = Diagnostics()
        func stop(_ stageDiagnostics: Diagnostics) throws(BuildFailure) {
            diagnostics.append(contentsOf: stageDiagnostics.escalatingWarnings(options.strict))
            if diagnostics.hasErrors { throw BuildFailure(diagnostics.sorted) }
        }

        let (loaded, loadDiagnostics) = SiteLoader.load(siteDirectory: options.siteDirectory, baseURLOverride: options.baseURL)
        try stop(loadDiagnostics)
        guard let loaded else { throw BuildFailure(diagnostics.sorted) }

        let (published, withheld) = options.policy.apply(to: loaded)

        let (plan, planDiagnostics) = SitePlanner.plan(published, clock: options.clock)
        try stop(planDiagnostics)
        guard let plan else { throw BuildFailure(diagnostics.sorted) }

        let (renderer, templateDiagnostics) = SiteRenderer.make(plan: plan, clock: options.clock, isPreview: options.includeDrafts)
        try stop(templateDiagnostics)
        guard let renderer else { throw BuildFailure(diagnostics.sorted) }
        let (files, renderDiagnostics) = renderer.render(threads: options.threads)
        try stop(renderDiagnostics)

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
            withheld: withheld.sorted { a, b in
                switch (a.due, b.due) {
                case let (x?, y?) where x != y: return x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return a.release.sourcePath < b.release.sourcePath
                }
            })
    }
}
