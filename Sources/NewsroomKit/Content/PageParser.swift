import Markdown
import Templating

/// Turns the text of one file under `Content/pages/` into a `StandalonePage`.
enum PageParser {
    static let knownKeys = ["title", "description", "slug", "draft", "params"]

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
        var params = fields.params()
        for entry in fields.unknownEntries(known: knownKeys, context: "front matter", holdKeys: ["draft"], item: "page") {
            params[entry.key] = entry.value.templateValue
        }
        diagnostics.append(contentsOf: fields.diagnostics)
        guard let title, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let body = context.renderBody(split, path: path, into: &diagnostics)
        return (StandalonePage(sourcePath: path, title: title, description: description, slug: slug, draft: draft,
                               params: params, body: body, bodyFirstLine: split.bodyFirstLine), diagnostics)
    }
}
