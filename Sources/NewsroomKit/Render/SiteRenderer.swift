import Foundation
import Templating

/// Renders every planned page through the templates. Pure: plan in, files out.
struct SiteRenderer: Sendable {
    let plan: SitePlan
    let environment: TemplateEnvironment
    let context: TemplateContext
    let theme: Theme

    /// Loads the theme's templates once, reporting every template problem.
    /// - Parameter previous: the last build's templates; reused as they are when no template's text changed.
    static func make(
        plan: SitePlan, clock: Clock, isPreview: Bool, threads: Int = 0, previous: ParsedTheme? = nil
    ) -> (renderer: SiteRenderer?, diagnostics: Diagnostics) {
        let theme = plan.site.theme
        do throws(TemplateErrors) {
            let environment: TemplateEnvironment
            if let kept = previous?.reusable(for: theme, config: plan.site.config) {
                environment = kept
            } else {
                environment = try Self.environment(theme: theme, config: plan.site.config)
            }
            var diagnostics = Diagnostics()
            for name in requiredTemplates where !environment.hasTemplate(name) {
                diagnostics.error("missing template '\(name)'", at: SourceLocation(path: "Templates/\(name)"))
            }
            if diagnostics.hasErrors { return (nil, diagnostics) }
            let context = TemplateContext(plan: plan, clock: clock, isPreview: isPreview, threads: threads)
            return (SiteRenderer(plan: plan, environment: environment, context: context, theme: theme), diagnostics)
        } catch {
            return (nil, Diagnostics(error.errors.map { diagnostic(for: $0, theme: theme) }))
        }
    }

    /// The theme's templates with the site's filters (`SiteFilters`).
    static func environment(theme: Theme, config: NewsroomConfig) throws(TemplateErrors) -> TemplateEnvironment {
        try TemplateEnvironment(source: theme.templates, filters: SiteFilters.filters(config: config))
    }

    /// A theme's parsed templates, kept by a build session so the next build parses none of them
    /// when no template's text changed.
    struct ParsedTheme: Sendable {
        /// What the site's filters depend on: the time zone and the base URL.
        var filterKey: SiteFilters.Key
        var environment: TemplateEnvironment

        /// The kept environment when the theme's templates are the same texts, else nil.
        func reusable(for theme: Theme, config: NewsroomConfig) -> TemplateEnvironment? {
            guard SiteFilters.Key(config) == filterKey, let names = try? theme.templates.templateNames(),
                  names.sorted() == environment.templateNames else { return nil }
            for name in names {
                guard let text = try? theme.templates.text(of: name), text == environment.templateTexts[name] else { return nil }
            }
            return environment
        }
    }

    /// What the templates print of the clock (often only its year), as one fingerprint: two
    /// clocks with the same one render every page alike.
    static func clockSeen(by environment: TemplateEnvironment, now: Date, timeZone: TimeZone) -> Fingerprint {
        var hasher = FingerprintHasher()
        for observation in environment.observations(ofGlobal: "now", value: .string(ContentDate.iso8601(now, timeZone: timeZone))) {
            hasher.combine(observation)
        }
        return hasher.finalize()
    }

    static let requiredTemplates = [
        "index.html", "release.html", "tags.html", "tag.html", "archive.html", "year.html", "page.html",
        "contacts.html", "404.html", "redirect.html", "feed.xml", "feed.json", "sitemap.xml", "sitemap-index.xml", "robots.txt",
        "release.txt",
        "search.html", "search.json",
    ]

    static func templateName(for kind: PlannedPage.Kind) -> String {
        switch kind {
        case .index: return "index.html"
        case .release: return "release.html"
        case .wireCopy: return "release.txt"
        case .tags: return "tags.html"
        case .tag: return "tag.html"
        case .archive: return "archive.html"
        case .year: return "year.html"
        case .page(let page): return page.template ?? "page.html"
        case .contacts: return "contacts.html"
        case .vcard: return vcardFormat
        case .notFound: return "404.html"
        case .redirect: return "redirect.html"
        case .feed(let feed): return feed.format == .atom ? "feed.xml" : "feed.json"
        case .sitemap: return "sitemap.xml"
        case .sitemapIndex: return "sitemap-index.xml"
        case .robots: return "robots.txt"
        case .search: return "search.html"
        case .searchIndex: return "search.json"
        }
    }

    /// What stands for a template in a vCard's fingerprint: vCards are made by `VCard`, not a template.
    static let vcardFormat = "(vCard 4.0)"

    /// The files of the output folder's previous build, by output path (a page's entry holds the
    /// fingerprint it was rendered from), and the digests of the release values its pages were
    /// fingerprinted with.
    struct PreviousPages: Sendable {
        var directory: String
        /// The previous output's files that still match the manifest, as the check left it.
        var manifest: OutputManifest?
        var releaseValues: [ReleaseValueDigest] = []
        /// The epoch the entries' fingerprints and `releaseValues` were made in (`PlanEpoch`).
        var epoch: Fingerprint?
        /// The last build's files in the order of their paths (`order(of:known:threads:)`).
        var pathOrder: [Int] = []

        /// Where the manifest's list has each file of a build that lists the same files in the
        /// same order as the last: the file at each place of the renderer's list (the copies,
        /// then the pages as they are taken), the last build's sorted place of it, moved past
        /// the marker. A hint, which `OutputManifest.entry(of:at:)` checks.
        func places() -> [Int] {
            guard let manifest else { return [] }
            let paths = manifest.files.paths
            let marker = OutputWriter.markerPlace(among: paths.count) { paths[$0] }
            var places = [Int](repeating: -1, count: pathOrder.count)
            for (sorted, listed) in pathOrder.enumerated() where listed >= 0 && listed < places.count {
                places[listed] = OutputWriter.placeWithMarker(sorted, files: pathOrder.count, marker: marker)
            }
            return places
        }
    }

    /// Where rendered pages go as they finish, so that no more of them than the workers hold is
    /// in memory: each is searched for held content, then either found equal to the previous
    /// output's file (which is kept) or written to the writer's pending folder.
    struct Staging: Sendable {
        var writer: OutputWriter
        /// The previous output's files that still match the manifest.
        var entries: PathTable<OutputManifest.Entry>
        /// No manifest: compare each page with the old file's bytes instead.
        var compareOld: Bool
        var scanner: LeakScanner?
        /// The whole tree is staged and its folders are made: a page is written straight into its
        /// place there, not into the pending folder.
        var inPlace = false
    }

    /// One page's outcome: its file, what the writer and the next build need of it (input
    /// fingerprint, digest when rendered, status when written into its place), and the leaks
    /// found in it.
    struct PageResult: Sendable {
        var file: OutputFile
        var record = PageRecord()
        var leaks: [Diagnostic] = []
        /// Whether the page's fingerprint was worked out (not known from the last build, `PageFingerprints.isKnown`).
        var fingerprinted = false
        /// Whether the page was written to its file as it rendered (`PageStream`).
        var streamed = false
    }

    struct Rendered: Sendable {
        /// Sorted by path.
        var files: [OutputFile]
        /// What is known of each of `files` as a page (nothing, for a copied file), in their order:
        /// a list rather than three tables by path, which took 72 MB at 235,000 pages.
        var records: [PageRecord]
        var count: Int
        var diagnostics: Diagnostics
        /// The digests of the release values, for the next build (`ReleaseValueMemo`).
        var releaseValues: [ReleaseValueDigest] = []
        /// How many release values were made (the others were known by their digests).
        var releaseValuesMade = 0
        /// How many release values were held for the pages (`ReleaseValues.value(_:keeping:)`).
        var releaseValuesKept = 0
        /// How many release values were made a second time (`ReleaseValues.value(_:keeping:)`).
        var releaseValuesMadeAgain = 0
        /// The epoch of this build's pages (`PlanEpoch`), for the next build.
        var epoch: Fingerprint?
        /// The places of the files in the list they were sorted from, in their order, for the next build.
        var pathOrder: [Int] = []
        /// How many pages were fingerprinted (the others were rendered without a fingerprint, or known).
        var pagesFingerprinted = 0
        /// How many pages were written to their files as they rendered (`PageStream`).
        var pagesStreamed = 0
    }

    /// Renders all pages, in parallel, and returns them with the files to copy, sorted by path.
    /// With `previous`, a page whose fingerprint is unchanged is not rendered: its file is taken
    /// from the previous output as it is. With `staging`, rendered pages are written out as they finish.
    /// `topPageRenders` is called before each page at the top of the output is rendered.
    /// `leftovers` keeps the pages' outcomes until the process exits.
    func render(threads: Int, previous: PreviousPages? = nil, staging: Staging? = nil,
                topPageRenders: (@Sendable () -> Void)? = nil, leftovers: Leftovers? = nil) -> Rendered {
        let fingerprints = previous.map { previous in
            PageFingerprints(context: context, environment: environment, timeZone: plan.site.config.timeZone, threads: threads,
                             memo: previous.releaseValues, epoch: previous.epoch)
        }
        let pages = plan.pages
        let wholeSiteLimits = Self.wholeSiteLimits(releases: plan.releases.count)
        // The search index keeps every value it makes unless most pages are known unchanged by
        // their releases: a first build, or one whose epoch moved (a template edited), renders
        // many pages that show the same values again.
        let keepingEveryValue = !(fingerprints?.knowsUnchangedPages ?? false)
        // Pages that list every release (the search index, sitemaps) are taken first, so that no
        // core is left alone on one at the end.
        let order = pages.indices.filter { pages[$0].kind.listsWholeSite } + pages.indices.filter { !pages[$0].kind.listsWholeSite }
        let manifestPlaces = previous?.places() ?? []
        let copies = plan.copies
        // The previous output's folder, for the pages kept as they are: one string made once,
        // not two appends for each of 23,000 pages.
        let previousFolder = previous.map { $0.directory + "/" } ?? ""
        let renderedInOrder = ParallelMap.map(Array(order.indices), threads: threads) { taken -> Result<PageResult, Diagnostic> in
            let index = order[taken]
            let page = pages[index]
            let place = copies.count + taken < manifestPlaces.count ? manifestPlaces[copies.count + taken] : -1
            let template = Self.templateName(for: page.kind)
            // Fingerprinted the way it was last time (with the releases' bodies or without), to
            // be kept when nothing it read changed.
            var fingerprint: Fingerprint?
            var fingerprinted = false
            if let fingerprints, let kept = previous?.manifest?.entry(of: page.outputPath, at: place)?.page {
                if fingerprints.isKnown(page) {
                    fingerprint = kept
                } else {
                    fingerprint = fingerprints.fingerprint(of: page, template: template, readsBodies: PageFingerprints.readsBodies(kept))
                    fingerprinted = true
                }
                if fingerprint == kept, let previous {
                    return .success(PageResult(file: OutputFile(path: page.outputPath, content: .file(previousFolder + page.outputPath)),
                                               record: PageRecord(fingerprint: kept), fingerprinted: fingerprinted))
                }
            }
            if let topPageRenders, !page.outputPath.utf8.contains(UInt8(ascii: "/")) { topPageRenders() }
            var stream: PageStream?
            if let staging, staging.streams(page) {
                switch staging.openStream(path: page.outputPath, index: index) {
                case .success(let opened): stream = opened
                case .failure(let diagnostic): return .failure(diagnostic)
                }
            }
            let (made, readBodies) = DeferredReads.tracking { () -> Result<String, TemplateError> in
                if case .vcard(let contact) = page.kind { return .success(context.vcard(contact).text) }
                return Result { () throws(TemplateError) in
                    let variables = context.variables(for: page, keepingEveryValue: keepingEveryValue)
                    let limits = page.kind.listsWholeSite ? wholeSiteLimits : nil
                    if let stream {
                        try environment.render(template, context: variables, limits: limits,
                                               partSize: Staging.streamedPartSize, into: stream.write)
                        return ""
                    }
                    // A page of the whole site that is not written as it renders starts with
                    // room for all its limits allow, up to 256 MiB of address space (resident
                    // only as it fills; two at once stay far below what a system lets a process
                    // reserve): grown by doubling, a page of 125 MB held 190 MB while copied.
                    return try environment.render(template, context: variables, limits: limits,
                                                  capacity: page.kind.listsWholeSite ? min(wholeSiteLimits.bytes, 256 << 20) : 16_384)
                }
            }
            let html: String
            switch made {
            case .success(let text): html = text
            case .failure(let error):
                if let stream { staging?.abandon(stream) }
                return .failure(Self.diagnostic(for: error, theme: theme))
            }
            // Fingerprinted the way this render read.
            if let fingerprints, fingerprint.map({ PageFingerprints.readsBodies($0) != readBodies }) ?? true {
                fingerprint = fingerprints.fingerprint(of: page, template: template, readsBodies: readBodies)
                fingerprinted = true
            }
            func fingerprinting(_ staged: PageResult) -> PageResult {
                var result = staged
                result.record.fingerprint = fingerprint
                result.fingerprinted = fingerprinted
                return result
            }
            guard let staging else {
                return .success(PageResult(file: OutputFile(path: page.outputPath, content: .bytes(Data(html.utf8))),
                                           record: PageRecord(fingerprint: fingerprint), fingerprinted: fingerprinted))
            }
            if let stream {
                return staging.finish(stream, path: page.outputPath).map { staged in
                    var result = fingerprinting(staged)
                    result.streamed = true
                    return result
                }
            }
            // Staged from the text's own bytes, not a copy (a page can be megabytes); the stage
            // keeps nothing of them.
            var text = html
            return text.withUTF8 { utf8 in
                let bytes = utf8.baseAddress.map { Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: utf8.count, deallocator: .none) } ?? Data()
                return staging.stage(bytes, path: page.outputPath, index: index).map(fingerprinting)
            }
        }
        // Taken in the order they were rendered: the files are sorted by path and the
        // diagnostics by place, so the outcome is the same. Each step on both cores: on one,
        // the 23,600 files of 10,000 releases kept the other core idle for 60 ms.
        var (rendered, listing) = ParallelMap.alongside(threads: threads, { () -> Rendered in
            var rendered = Rendered(files: [], records: [], count: 0, diagnostics: Diagnostics())
            for result in renderedInOrder {
                switch result {
                case .success(let page):
                    if page.record.digest != nil || page.file.bytes != nil { rendered.count += 1 }
                    if page.fingerprinted { rendered.pagesFingerprinted += 1 }
                    if page.streamed { rendered.pagesStreamed += 1 }
                    for leak in page.leaks { rendered.diagnostics.append(leak) }
                case .failure(let diagnostic): rendered.diagnostics.append(diagnostic)
                }
            }
            return rendered
        }) { () -> ([OutputFile], [Int]) in
            // The copies, then the pages rendered, each page with its place in renderedInOrder.
            var files = copies
            files.reserveCapacity(copies.count + renderedInOrder.count)
            var places = [Int](repeating: -1, count: copies.count)
            places.reserveCapacity(files.capacity)
            for place in renderedInOrder.indices {
                guard case .success(let page) = renderedInOrder[place] else { continue }
                files.append(page.file)
                places.append(place)
            }
            return (files, places)
        }
        let (listed, places) = listing
        // Compared from a list of the paths alone: taken from the files, each comparison copied
        // two files and retained what they hold (3% of a one-release edit's CPU).
        let byPath = Self.order(of: listed.map(\.path), known: previous?.pathOrder ?? [], threads: threads)
        (rendered.records, rendered.files) = ParallelMap.alongside(threads: threads, {
            byPath.map { index -> PageRecord in
                guard places[index] >= 0, case .success(let page) = renderedInOrder[places[index]] else { return PageRecord() }
                return page.record
            }
        }) { byPath.map { listed[$0] } }
        rendered.releaseValues = fingerprints?.valueDigests ?? []
        rendered.epoch = fingerprints?.epoch
        rendered.pathOrder = byPath
        rendered.releaseValuesMade = context.releases.madeCount
        rendered.releaseValuesKept = context.releases.keptCount
        rendered.releaseValuesMadeAgain = context.releases.remadeCount
        // Nothing reads them now: let go before the files are written and the cache saved
        // (270 MB at 100,000 releases, let go in 0.2 s).
        context.releases.letGo(threads: threads)
        context.absoluteReleases.letGo(threads: threads)
        leftovers?.keep(renderedInOrder, listed)
        return rendered
    }

    /// The places of `paths` in the order of the paths: `known`, the order the last build found,
    /// when it holds each place once and the paths it gives strictly increase (the same pages
    /// in the same order: one comparison a path, where sorting 23,630 paths made 15), else the
    /// paths sorted.
    static func order(of paths: [String], known: [Int], threads: Int) -> [Int] {
        if known.count == paths.count {
            var seen = [Bool](repeating: false, count: paths.count)
            var holds = true
            for (place, index) in known.enumerated() {
                guard index >= 0, index < paths.count, !seen[index], place == 0 || paths[known[place - 1]] < paths[index] else {
                    holds = false
                    break
                }
                seen[index] = true
            }
            if holds { return known }
        }
        return ParallelMap.sortedIndices(count: paths.count, threads: threads) { paths[$0] < paths[$1] }
    }

    /// The render limits of a page that lists every release (the search index, a sitemap):
    /// the usual ones, and room for a few kilobytes and steps a release besides, so that a
    /// newsroom of a hundred thousand releases builds while a runaway template still stops.
    static func wholeSiteLimits(releases: Int) -> TemplateEnvironment.Limits {
        let usual = TemplateEnvironment.Limits()
        return TemplateEnvironment.Limits(steps: usual.steps + 20 * releases, bytes: usual.bytes + 4096 * releases,
                                          items: usual.items + 20 * releases)
    }

    static func diagnostic(for error: TemplateError, theme: Theme) -> Diagnostic {
        .error(error.messageWithChain { theme.displayPath(ofTemplate: $0) }, at: SourceLocation(
            path: theme.displayPath(ofTemplate: error.location.template),
            line: error.location.line, column: error.location.column))
    }
}
