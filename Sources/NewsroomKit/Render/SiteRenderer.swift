import Foundation
import Templating

/// Renders every planned page through the templates. Pure: plan in, files out.
struct SiteRenderer: Sendable {
    let plan: SitePlan
    let environment: TemplateEnvironment
    let context: TemplateContext
    let theme: Theme

    /// Loads the theme's templates once, reporting every template problem.
    static func make(plan: SitePlan, clock: Clock, isPreview: Bool, threads: Int = 0) -> (renderer: SiteRenderer?, diagnostics: Diagnostics) {
        let theme = plan.site.theme
        do {
            let environment = try environment(theme: theme, timeZone: plan.site.config.timeZone)
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

    /// The theme's templates with the site's filters.
    static func environment(theme: Theme, timeZone: TimeZone) throws(TemplateErrors) -> TemplateEnvironment {
        try TemplateEnvironment(source: theme.templates, filters: ["date": DateFilter(timeZone: timeZone).filter])
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
        "404.html", "redirect.html",
    ]

    static func templateName(for kind: PlannedPage.Kind) -> String {
        switch kind {
        case .index: return "index.html"
        case .release: return "release.html"
        case .tags: return "tags.html"
        case .tag: return "tag.html"
        case .archive: return "archive.html"
        case .year: return "year.html"
        case .page: return "page.html"
        case .notFound: return "404.html"
        case .redirect: return "redirect.html"
        }
    }

    /// The pages of the output folder's previous build, by output path, with the fingerprints they were rendered from.
    struct PreviousPages: Sendable {
        var directory: String
        var fingerprints: [String: Fingerprint]
    }

    /// Renders all pages, in parallel, and returns them with the files to copy, sorted by path.
    /// With `previous`, a page whose fingerprint is unchanged is not rendered: its file is taken
    /// from the previous output as it is. The fingerprints of all pages come back for the next build.
    func render(threads: Int, previous: PreviousPages? = nil) -> (files: [OutputFile], fingerprints: [String: Fingerprint], rendered: Int, diagnostics: Diagnostics) {
        let fingerprints = previous.map { _ in
            PageFingerprints(context: context, environment: environment, timeZone: plan.site.config.timeZone, threads: threads)
        }
        let results = ParallelMap.map(plan.pages, threads: threads) { page -> Result<(OutputFile, Fingerprint?), Diagnostic> in
            let template = Self.templateName(for: page.kind)
            let fingerprint = fingerprints?.fingerprint(of: page, template: template)
            if let fingerprint, let previous, previous.fingerprints[page.outputPath] == fingerprint {
                return .success((OutputFile(path: page.outputPath, content: .file(previous.directory + "/" + page.outputPath)), fingerprint))
            }
            do throws(TemplateError) {
                let html = try environment.render(template, context: context.variables(for: page))
                return .success((OutputFile(path: page.outputPath, content: .bytes(Data(html.utf8))), fingerprint))
            } catch {
                return .failure(Self.diagnostic(for: error, theme: theme))
            }
        }
        var files: [OutputFile] = plan.copies
        var pageFingerprints: [String: Fingerprint] = [:]
        var diagnostics = Diagnostics()
        var rendered = 0
        for result in results {
            switch result {
            case .success(let (file, fingerprint)):
                if case .bytes = file.content { rendered += 1 }
                files.append(file)
                pageFingerprints[file.path] = fingerprint
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (files.sorted { $0.path < $1.path }, pageFingerprints, rendered, diagnostics)
    }

    static func diagnostic(for error: TemplateError, theme: Theme) -> Diagnostic {
        .error(error.message, at: SourceLocation(
            path: theme.displayPath(ofTemplate: error.location.template),
            line: error.location.line, column: error.location.column))
    }
}
