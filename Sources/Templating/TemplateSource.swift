/// Where templates come from. A source only hands out text; parsing and checking happen in
/// `TemplateEnvironment`.
public protocol TemplateSource: Sendable {
    /// Every template name this source holds, e.g. "base.html", "partials/head.html" ('/'-separated, sorted).
    func templateNames() throws(TemplateError) -> [String]
    /// The template text, or nil when this source has no such name.
    func text(of name: String) throws(TemplateError) -> String?
}
