import Foundation
import Templating

/// Renders every planned page through the templates. Pure: plan in, files out.
struct SiteRenderer: Sendable {
    let plan: SitePlan
    let environment: TemplateEnvironment
    let context: TemplateContext
    let theme: Theme

    /// Loads the theme's templates once, reporting every template problem.
    static func make(plan: SitePlan, clock: Clock, isPreview: Bool) -> (renderer: SiteRenderer?, diagnostics: Diagnostics) {
        let theme = plan.site.theme
        let filters: [String: TemplateFilter] = ["date": DateFilter(timeZone: plan.site.config.timeZone).filter]
        do {
            let environment = try TemplateEnvironment(source: theme.templates, filters: filters)
            var diagnostics = Diagnostics()
            for name in requiredTemplates where !environment.hasTemplate(name) {
                diagnostics.error("missing template '\(name)'", at: SourceLocation(path: "Templates/\(name)"))
            }
            if diagnostics.hasErrors { return (nil, diagnostics) }
            let context = TemplateContext(plan: plan, clock: clock, isPreview: isPreview)
            return (SiteRenderer(plan: plan, environment: environment, context: context, theme: theme), diagnostics)
        } catch {
            return (nil, Diagnostics(error.errors.map { diagnostic(for: $0, theme: theme) }))
        }
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

    /// Renders all pages, in parallel, and returns them with the files to copy, sorted by path.
    func render(threads: Int) -> (files: [OutputFile], diagnostics: Diagnostics) {
        let results = ParallelMap.map(plan.pages, threads: threads) { page -> Result<OutputFile, Diagnostic> in
            do throws(TemplateError) {
                let html = try environment.render(Self.templateName(for: page.kind), context: context.variables(for: page))
                return .success(OutputFile(path: page.outputPath, content: .bytes(Data(html.utf8))))
            } catch {
                return .failure(Self.diagnostic(for: error, theme: theme))
            }
        }
        var files: [OutputFile] = plan.copies
        var diagnostics = Diagnostics()
        for result in results {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (files.sorted { $0.path < $1.path }, diagnostics)
    }

    static func diagnostic(for error: TemplateError, theme: Theme) -> Diagnostic {
        .error(error.message, at: SourceLocation(
            path: theme.displayPath(ofTemplate: error.location.template),
            line: error.location.line, column: error.location.column))
    }
}
