import Foundation

/// The build as a short list of stages, each a value in and a value out:
/// load → publication rules → plan → render → write.
public enum Builder {
    /// One build, with the cache folder of `options` (or none) as its session.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        try BuildSession(oneBuildWithCacheDirectory: options.cacheDirectory).build(options)
    }

    static func run(_ options: BuildOptions, session: BuildSession) throws(BuildFailure) -> BuildReport {
        var timer = StageTimer()
        timer.onLap = options.progress
        let writer = OutputWriter(output: options.resolvedOutputDirectory)
        let site = SiteFiles(root: options.siteDirectory)
        let lock: OutputLock
        do {
            try writer.checkReplaceable(
                protected: [site.root] + (session.cacheDirectory.map { [$0] } ?? []),
                inputs: [site.absolute("Content"), site.absolute("Templates")] + (session.cacheDirectory.map { [$0] } ?? []))
            if let cache = session.cacheDirectory { try checkCacheFolder(cache, site: site) }
            // Held from before the manifest is read until the new one is saved.
            lock = try writer.lock()
        } catch {
            throw BuildFailure([error])
        }
        defer { lock.release() }
        let settledBefore = BuildSession.realTimeNanoseconds() - session.settleMargin
        // The manifest is read while the inputs are listed: neither needs the other.
        let output = writer.output
        let ((manifest, manifestNotes), taken) = ParallelMap.alongside(threads: options.threads, { session.prepareManifest(output: output) }, {
            session.caching ? InputSnapshot.takeSeeing(siteRoot: site.root, settledBefore: settledBefore, threads: options.threads) : nil
        })
        let inputs = taken?.snapshot
        var notes = manifestNotes
        let inputsKey = inputs.map { UnchangedBuild.inputs($0, options: options, siteRoot: site.root, output: writer.output) }
        if let manifest, let inputsKey,
           let report = UnchangedBuild.report(manifest: manifest, inputs: inputsKey, options: options, site: site, output: writer.output) {
            timer.lap("check for changes")
            var report = report
            report.notes = notes
            report.timings = timer.laps
            return report
        }
        timer.lap("check for changes")
        let texts = session.textStore()
        notes += session.prepareContent(settledBefore: settledBefore, threads: options.threads)
        timer.lap("read cache")

        var diagnostics = Diagnostics()
        func stop(_ stageDiagnostics: Diagnostics) throws(BuildFailure) {
            diagnostics.append(contentsOf: stageDiagnostics.escalatingWarnings(options.strict))
            if diagnostics.hasErrors {
                session.abandon()
                throw BuildFailure(diagnostics.sorted)
            }
        }

        // The previous output's files are checked against the manifest on a thread of their own
        // while the site loads and is planned: loading from the cache keeps about one core busy
        // beside it, and planning lays the pages out in order on one core. The planning thread
        // helps with what is left of the check once the plan is made. (Helped by the loading
        // thread instead, the check was done before planning, which left a core idle.)
        // The check's statuses and copies of the manifest's entries (40 MB at 100,000 releases)
        // go as soon as it is done.
        typealias Planned = (publication: Publication, plan: SitePlan?, diagnostics: Diagnostics)
        let (previous, (loaded, loadDiagnostics), planned) = { () -> (OutputManifest?, (Site?, Diagnostics), Planned?) in
            let check = manifest.map { OutputManifest.Check($0, output: output) }
            let (_, (loaded, planned)) = ParallelMap.alongside(threads: options.threads, { check?.help() }, {
                () -> ((Site?, Diagnostics), Planned?) in
                let loaded = SiteLoader.load(
                    siteDirectory: options.siteDirectory, baseURLOverride: options.baseURL, threads: options.threads,
                    cache: session.caching ? session.content : nil, texts: texts, seen: taken?.seen)
                taken?.seen.forget()
                timer.lap("load")
                guard let site = loaded.site, !loaded.diagnostics.escalatingWarnings(options.strict).hasErrors else { return (loaded, nil) }
                let publication = options.policy.apply(to: site)
                let (plan, planDiagnostics) = SitePlanner.plan(publication, clock: options.clock, threads: options.threads,
                                                               previous: session.caching ? manifest?.plan : nil)
                check?.help()
                return (loaded, (publication, plan, planDiagnostics))
            })
            return (check?.result, loaded, planned)
        }()
        try stop(loadDiagnostics)
        guard let loaded, let planned else { throw BuildFailure(diagnostics.sorted) }
        let publication = planned.publication
        let withheld = publication.withheld
        try stop(planned.diagnostics)
        timer.lap("plan")
        guard let plan = planned.plan else { throw BuildFailure(diagnostics.sorted) }
        // Copied while the templates are read, when the writer may change one folder of the output.
        let tablesAhead = options.threads == 1 || session.writesInPlace ? nil
            : previous.flatMap { $0.isComplete ? OutputManifest.TablesAhead($0) : nil }

        let (renderer, templateDiagnostics) = SiteRenderer.make(
            plan: plan, clock: options.clock, isPreview: options.includeDrafts, threads: options.threads, previous: session.parsedTheme)
        try stop(templateDiagnostics)
        timer.lap("templates and context")
        guard let renderer else { throw BuildFailure(diagnostics.sorted) }
        session.parsedTheme = SiteRenderer.ParsedTheme(filterKey: SiteFilters.Key(plan.site.config), environment: renderer.environment)
        let scanner = LeakScanner.forBuild(publication, plan: plan, threads: options.threads,
                                           memo: session.caching ? manifest?.publishedText : nil)
        // Without a manifest the whole tree is staged: its folders are made now, and pages are
        // written into their places as they finish. Otherwise they wait in the pending folder
        // until the writer knows which folder to stage.
        var prepared: OutputWriter.PreparedStaging?
        do {
            if previous == nil {
                prepared = try writer.prepareStaging(
                    holding: plan.pages.map(\.outputPath) + plan.copies.map(\.path) + [OutputWriter.markerName], threads: options.threads)
            } else {
                try writer.preparePending()
            }
        } catch {
            throw BuildFailure(diagnostics.sorted + [error])
        }
        defer { if prepared == nil { writer.removePending() } else { writer.removeStaging() } }
        // With a manifest, a page at the top of the output rendered anew means the whole tree is
        // exchanged: it is staged while the pages render, on one thread beside them (on two, it
        // slowed the page that lists every release more than it gained). Not in a build told to
        // use one thread.
        let ahead = options.threads == 1 || session.writesInPlace ? nil : previous.map { StagingAhead(writer: writer, previous: $0) }
        defer {
            // Not used by the writer (a build that failed first): removed once it is done.
            if ahead?.finish() != nil { writer.removeStaging() }
        }
        // What a build that keeps most pages from the previous output lets the process keep until
        // it exits; a clean build lets go as it goes (at 100,000 releases, to stay within 1 GiB).
        let leftovers = previous == nil ? nil : session.leftovers
        var topPageRenders: (@Sendable () -> Void)?
        if let ahead { topPageRenders = { ahead.start() } }
        var staging = SiteRenderer.Staging(writer: writer, entries: previous?.files ?? [:],
                                           // Without a manifest, pages are compared with the old output's files, when there is an old output.
                                           compareOld: previous == nil && access(writer.output, F_OK) == 0, scanner: scanner)
        staging.inPlace = prepared != nil
        let rendered = renderer.render(
            threads: options.threads,
            previous: !session.caching ? nil : SiteRenderer.PreviousPages(
                directory: writer.output, manifest: previous,
                releaseValues: manifest?.releaseValues ?? [], epoch: manifest?.epoch, pathOrder: manifest?.pathOrder ?? []),
            staging: staging, topPageRenders: topPageRenders, leftovers: leftovers)
        let files = rendered.files
        try stop(rendered.diagnostics)
        timer.lap("render")

        // Rendered pages were searched as they were rendered; the others (copied files, pages
        // kept from the previous output) are searched now, unless the previous output passed
        // this very scan and the file is unchanged since.
        if let scanner {
            let passed = previous?.scannedWith == scanner.fingerprint ? previous : nil
            let unscanned = zip(files, rendered.records).filter { file, page in
                guard page.digest == nil else { return false }
                guard let entry = passed?.files[file.path] else { return true }
                return !OutputWriter.holdsSameBytes(file, as: entry, output: writer.output, digests: session.caching ? session.content : nil)
            }.map(\.0)
            try stop(scanner.scan(unscanned, threads: options.threads))
        }
        // A release's text that could not be read back was shown empty: nothing is written, and
        // the release is parsed again by the next build.
        let damaged = session.textDamage.take()
        session.content.forget(paths: Set(damaged.map(\.location.path)))
        try stop(Diagnostics(damaged))
        timer.lap("leak scan")

        let summary: OutputWriter.Summary
        var newManifest: OutputManifest
        do {
            (summary, newManifest) = try writer.write(
                files, previous: previous, pages: rendered.records,
                digests: session.caching ? session.content : nil, threads: options.threads, prepared: prepared, ahead: ahead,
                inPlace: session.writesInPlace, tablesAhead: tablesAhead, leftovers: leftovers)
        } catch {
            session.abandon()
            throw BuildFailure(diagnostics.sorted + [error])
        }
        timer.lap("write")
        newManifest.scannedWith = scanner?.fingerprint
        newManifest.releaseValues = rendered.releaseValues
        newManifest.epoch = rendered.epoch
        newManifest.pathOrder = session.caching ? rendered.pathOrder : []
        newManifest.plan = session.caching ? plan.memo : nil
        newManifest.publishedText = session.caching ? scanner?.publishedText : nil
        var report = BuildReport(
            outputDirectory: writer.output, diagnostics: diagnostics.sorted,
            publishedReleases: plan.releases.count, pages: plan.pages.count, files: files.count,
            filesWritten: summary.written, filesUnchanged: summary.unchanged,
            withheld: withheld.sorted(by: PublicationSchedule.dueFirst),
            withheldPages: publication.withheldPages.map(\.sourcePath),
            schedule: PublicationSchedule(withheld: withheld, timeZone: plan.site.config.timeZone),
            notes: [])
        report.pagesRendered = rendered.count
        report.releaseValuesMade = rendered.releaseValuesMade
        report.releaseValuesKept = rendered.releaseValuesKept
        report.releaseValuesMadeAgain = rendered.releaseValuesMadeAgain
        report.pagesFingerprinted = rendered.pagesFingerprinted
        report.pagesWrittenAsRendered = rendered.pagesStreamed
        report.bodiesLinkChecked = plan.checks.bodiesChecked
        report.bodies = plan.checks.bodies
        report.outputNestingChecked = plan.checks.nestingWalked
        report.relatedWorkedOut = plan.checks.relatedWorkedOut
        report.publishedTextsRead = scanner?.publishedTextsRead
        if let ahead, ahead.wasStarted { report.wholeTreeStagedAhead = ahead.wasAdopted }
        report.writtenInPlace = summary.inPlace
        // Only a build whose inputs were all settled can vouch that the next one finds nothing changed.
        if let inputs, inputs.settled, let inputsKey {
            newManifest.unchanged = UnchangedBuild(
                inputs: inputsKey, releases: loaded.releases, clock: options.clock,
                clockSeen: SiteRenderer.clockSeen(by: renderer.environment, now: options.clock.now, timeZone: plan.site.config.timeZone),
                report: report)
        }
        // Kept first, so that a one-off build can let go of its pages' values before the cache is saved.
        session.leftovers.keep(loaded, plan, renderer, publication, newManifest)
        leftovers?.keep(manifest, previous, tablesAhead, rendered, taken)
        report.notes = notes + session.finish(output: writer.output, manifest: newManifest, wroteFiles: summary.written > 0, threads: options.threads)
        timer.lap("save cache")
        report.timings = timer.laps
        return report
    }

    /// The cache holds held releases: it must never be where the build publishes from.
    static func checkCacheFolder(_ cache: String, site: SiteFiles) throws(Diagnostic) {
        let resolved = URL(fileURLWithPath: cache).resolvingSymlinksInPath().path
        for folder in ["Content", "Templates"] {
            let published = URL(fileURLWithPath: site.absolute(folder)).resolvingSymlinksInPath().path
            if resolved == published || resolved.hasPrefix(published + "/") || published.hasPrefix(resolved + "/") {
                throw .error("refusing to keep the build cache in \(cache): it holds held releases, and \(folder)/ is published from",
                             at: SourceLocation(path: cache))
            }
        }
    }

    /// The path part of the site's base URL (`/` or `/news/`), from `Content/newsroom.yml` and
    /// the override, or nil when the settings cannot be read: a preview serves the site there.
    public static func basePath(siteDirectory: String, baseURLOverride: String?) -> String? {
        let files = SiteFiles(root: siteDirectory)
        guard let text = try? files.readText(ConfigLoader.path) else { return nil }
        return ConfigLoader.parse(text, baseURLOverride: baseURLOverride).config?.basePath
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

}

