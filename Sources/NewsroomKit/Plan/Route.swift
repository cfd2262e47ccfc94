/// URL paths relative to the base path (`releases/2015/x/`, '' for the home page),
/// and the output file each is written as.
enum Route {
    static func release(year: Int, slug: String) -> String { "releases/\(year)/\(slug)/" }
    static func tag(_ slug: String) -> String { "tags/\(slug)/" }
    static let tags = "tags/"
    static let archive = "archive/"
    static func year(_ year: Int) -> String { "archive/\(year)/" }
    static func media(_ relativePath: String) -> String { "media/" + relativePath }
    static func asset(_ relativePath: String) -> String { "assets/" + relativePath }

    /// Page `n` of a list whose first page is at `first`.
    static func page(_ number: Int, of first: String) -> String {
        number == 1 ? first : first + "page/\(number)/"
    }

    /// `releases/2015/x/` → `releases/2015/x/index.html`; '' → `index.html`.
    static func outputPath(of url: String) -> String {
        url.isEmpty || url.hasSuffix("/") ? url + "index.html" : url
    }

    /// An alias such as `/2016/05/old.html` or `/old/path` as an output path.
    static func aliasOutputPath(_ alias: String) -> String {
        let trimmed = String(alias.drop { $0 == "/" })
        if trimmed.hasSuffix(".html") || trimmed.hasSuffix(".htm") { return trimmed }
        return outputPath(of: trimmed.hasSuffix("/") ? trimmed : trimmed + "/")
    }
}
