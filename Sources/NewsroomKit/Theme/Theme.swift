import Foundation
public import Templating

/// The templates and assets a build renders with: the site's own `Templates/` over the built-in theme.
public struct Theme: Sendable {
    public var templates: any TemplateSource
    /// Template names the site itself provides (for error paths).
    public var siteTemplateNames: Set<String>
    /// Sorted by path; a site asset replaces the built-in one of the same path.
    public var assets: [ThemeAsset]

    /// The site-relative path to name in a diagnostic about a template.
    public func displayPath(ofTemplate name: String) -> String {
        siteTemplateNames.contains(name) ? "Templates/\(name)" : "(built-in theme)/Templates/\(name)"
    }
}

/// A file of `Templates/assets/`, served under `/assets/`.
public struct ThemeAsset: Sendable, Equatable {
    /// Relative to `assets/`.
    public var path: String
    public var content: OutputContent
}
