public import Markdown
public import Templating

/// A page under `Content/pages/` (about, media kit), served at `/<slug>/`.
public struct StandalonePage: Sendable {
    public var sourcePath: String
    public var title: String
    public var description: String?
    /// May contain "/" for nested pages: `company/history`.
    public var slug: String
    public var draft: Bool
    public var params: TemplateObject
    public var body: RenderedMarkdown
    public var bodyFirstLine: Int
}
