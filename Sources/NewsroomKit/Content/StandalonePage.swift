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
    /// The theme template the page is rendered with (`template:` in front matter, such as
    /// `media-kit.html`); nil for `page.html`.
    public var template: String?
    /// Where `template:` was written, for the message when the theme has no such template.
    public var templateLocation: SourceLocation?
    public var body: RenderedMarkdown
    public var bodyFirstLine: Int
}
