import Markdown
import Templating

/// Turns the text of one file under `Content/pages/` into a `StandalonePage`.
enum PageParser {
    static let knownKeys = [
        "title", "description", "slug", "draft", "params",
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
        let relative = path.dropFirst("Content/pages/".count).dropLast(3)
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
        var params = TemplateObject([])
        if let node = fields.take("params"), case .object(let object) = node.templateValue { params = object }
        for entry in fields.unknownEntries(known: knownKeys, context: "front matter", holdKeys: ["draft"], item: "page") {
            params[entry.key] = entry.value.templateValue
        }
        diagnostics.append(contentsOf: fields.diagnostics)
        guard let title, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let body = Markdown.render(split.body, options: context.markdownOptions)
        return (StandalonePage(sourcePath: path, title: title, description: description, slug: slug, draft: draft,
                               navWeight: navWeight, inNav: inNav, params: params, body: body,
                               bodyFirstLine: split.bodyFirstLine), diagnostics)
    }
}
