import Markdown
import Templating

/// Turns the text of one file under `Content/pages/` into a `StandalonePage`.
enum PageParser {
    static let knownKeys = [
        "title", "description", "slug", "draft", "params", "template",
        "nav", "nav_weight",
    ]

    static func parse(_ text: String, path: String, context: ContentContext) -> (page: StandalonePage?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let split: FrontMatterParser.Split
        let frontMatter: YAMLNode?
        do {
            (split, frontMatter, diagnostics) = try FrontMatterParser.parse(text, path: path, example: "title")
        } catch {
            diagnostics.append(error)
            return (nil, diagnostics)
        }
        guard let root = frontMatter else { return (nil, diagnostics) }
        var fields = YAMLFields(root)
        let title = fields.string("title", required: true)
        let description = fields.string("description")
        let draft = fields.bool("draft") ?? false
        let inNav = fields.bool("nav") ?? true
        let navWeight = fields.integer("nav_weight", in: -10_000...10_000)
        // `Content/pages/company/history.md` → `company/history`
        let relative = MarkdownFileName.droppingExtension(String(path.dropFirst("Content/pages/".count)))
        let madeParts = relative.split(separator: "/").map { Slug.make(String($0)) }
        var slug = madeParts.joined(separator: "/")
        if let custom = fields.string("slug") {
            let parts = custom.split(separator: "/", omittingEmptySubsequences: false)
            if !parts.isEmpty, parts.allSatisfy({ Slug.isValid(String($0)) }) {
                slug = custom
            } else {
                fields.report(.error("slug '\(custom)' may hold only lower-case letters, digits, hyphens and '/'",
                                     at: fields.valueLocation("slug")))
            }
        } else if madeParts.isEmpty || madeParts.contains(where: \.isEmpty) {
            fields.report(.error("the file or folder name gives no slug (it has no letters or digits); add a 'slug' key",
                                 at: SourceLocation(path: path)))
        }
        var template = fields.string("template")
        if let name = template, !name.hasSuffix(".html") { template = name + ".html" }
        var params = fields.params()
        for entry in fields.unknownEntries(known: knownKeys, context: "front matter", holdKeys: ["draft"], item: "page") {
            params[entry.key] = entry.value.templateValue
        }
        diagnostics.append(contentsOf: fields.diagnostics)
        guard let title, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let body = context.renderBody(split, path: path, into: &diagnostics)
        return (StandalonePage(sourcePath: path, title: title, description: description, slug: slug, draft: draft,
                               navWeight: navWeight, inNav: inNav, params: params, template: template, templateLocation: template == nil ? nil : fields.valueLocation("template"),
                               body: body, bodyFirstLine: split.bodyFirstLine), diagnostics)
    }

    /// The templates a page may name in `template:`: every template of the theme (the site's and
    /// the built-in ones) except partials, the base layout and those made for other kinds of pages.
    static func pageTemplates(of theme: Theme) -> [String] {
        let reserved = Set(SiteRenderer.requiredTemplates + ["base.html"]).subtracting(["page.html"])
        let names = (try? theme.templates.templateNames()) ?? []
        return Set(names).filter { $0.hasSuffix(".html") && !$0.hasPrefix("partials/") && !reserved.contains($0) }.sorted()
    }

    /// An error for each page whose `template:` names no page template of the theme.
    static func checkTemplates(of pages: [StandalonePage], theme: Theme, diagnostics: inout Diagnostics) {
        guard pages.contains(where: { $0.template != nil }) else { return }
        let choices = pageTemplates(of: theme)
        for page in pages {
            guard let name = page.template, !choices.contains(name) else { continue }
            let written = String(name.dropLast(".html".count))
            let hint = Suggestion.closest(to: written, in: choices.map { String($0.dropLast(".html".count)) })
                .map { "did you mean '\($0)'?" }
                ?? "the theme's page templates are " + choices.map { "'\($0.dropLast(".html".count))'" }.joined(separator: ", ")
            diagnostics.error("no page template '\(written)' in the theme; \(hint) (a site adds one as Templates/<name>.html)",
                              at: page.templateLocation ?? SourceLocation(path: page.sourcePath))
        }
    }
}
