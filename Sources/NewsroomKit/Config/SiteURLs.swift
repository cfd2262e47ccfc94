import Markdown
import Foundation

/// Every URL the site writes comes from here: page links, assets, bundle files, feeds, sitemap
/// entries, `og:image`, and the links inside Markdown bodies. Paths are site-relative
/// (`releases/2015/x/`, '' for the home page); this is the one place that knows the base URL.
public struct SiteURLs: Sendable, Equatable {
    /// Absolute, ending in "/": `https://example.org/news/`.
    public let baseURL: String
    /// The path part of `baseURL`, "/" or "/news/".
    public let basePath: String

    /// Pages link root-relative (so `--base-url` can move a preview); feeds, the sitemap,
    /// canonical links and social cards need absolute URLs.
    public enum Form: Sendable, Equatable {
        case rootRelative
        case absolute
    }

    public init(baseURL: String, basePath: String) {
        self.baseURL = baseURL
        self.basePath = basePath
    }

    /// The host of `baseURL`, lower case: `https://Example.org:8080/news/` → `example.org`.
    /// (Worked out on each use: a site's `urls` are made anew wherever they are asked for.)
    public var host: String {
        var host = Substring(baseURL)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        return String(host.prefix { $0 != "/" && $0 != ":" }).lowercased()
    }

    /// `releases/2015/x/` → `/news/releases/2015/x/`, or `https://example.org/news/releases/2015/x/`.
    public func url(_ path: String, _ form: Form = .rootRelative) -> String {
        (form == .absolute ? baseURL : basePath) + path
    }

    /// The absolute URL of a site path.
    public func permalink(_ path: String) -> String { url(path, .absolute) }

    /// A file named in front matter: an absolute URL as it is, a bundle file beside the page at
    /// `page`, a shared file under `media/`.
    func url(of asset: Asset, page: String, _ form: Form = .rootRelative) -> String {
        switch asset {
        case .external(let address): address
        case .bundle(let relative): url(page + Route.encoded(relative), form)
        case .media(let relative): url(Route.media(Route.encoded(relative)), form)
        }
    }

    /// A file named in the settings (the logo): an absolute URL as it is, `/x` from the site
    /// root, anything else under `media/`.
    func url(ofSetting path: String, _ form: Form = .rootRelative) -> String {
        let lower = path.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return path }
        if path.hasPrefix("/") { return url(String(path.dropFirst()), form) }
        return url(Route.media(Route.encoded(path)), form)
    }

    /// The plain-text layout of `markdown` (`RenderedMarkdown.text`) shown at `page`: every
    /// destination absolute, as text is read away from the site.
    func text(_ markdown: RenderedMarkdown, page: String) -> String {
        let bases = textBases(page: page)
        return markdown.text(site: bases.site, page: bases.page)
    }

    /// What `text(_:page:)` writes in front of root-relative and page-relative destinations.
    func textBases(page: String) -> (site: String, page: String) {
        (String(baseURL.dropLast()), url(page, .absolute))
    }

    /// A Markdown body shown at `page`: root-relative destinations get the base path (or the
    /// whole base URL); page-relative ones stay as written on the page, and are made absolute
    /// against the page's URL in the absolute form.
    func html(_ markdown: RenderedMarkdown, page: String, _ form: Form = .rootRelative) -> String {
        switch form {
        case .rootRelative: markdown.html(site: String(basePath.dropLast()), page: "")
        case .absolute: markdown.html(site: String(baseURL.dropLast()), page: url(page, .absolute))
        }
    }
}
