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
    /// `nav_weight`: pages with one come first in the main navigation, lowest first.
    public var navWeight: Int? = nil
    /// `nav: false` leaves the page out of the main navigation (unless `nav` in newsroom.yml names it).
    public var inNav: Bool = true
    public var params: TemplateObject
    /// The theme template the page is rendered with (`template:` in front matter, such as
    /// `media-kit.html`); nil for `page.html`.
    public var template: String?
    /// Where `template:` was written, for the message when the theme has no such template.
    public var templateLocation: SourceLocation?
    public var body: RenderedMarkdown
    public var bodyFirstLine: Int
}
