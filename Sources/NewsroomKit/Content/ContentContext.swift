import Markdown

/// What parsing one content file needs to know about the rest of the site.
struct ContentContext: Sendable {
    var config: NewsroomConfig
    /// Paths under `Content/media/`, relative to it.
    var mediaFiles: Set<String>
    /// Where a parsed release's long texts wait until a page needs them; nil keeps them in memory.
    var texts: BodyStore?

    /// Root-relative links stay written from the site root in the model; `SiteURLs.html` adds
    /// the base path (or the base URL) where the body is shown.
    var markdownOptions: MarkdownOptions { markdownOptions(textLayout: false) }

    /// - Parameter textLayout: also lay the text out as plain text (a release's wire copy).
    func markdownOptions(textLayout: Bool) -> MarkdownOptions {
        var options = MarkdownOptions(smartPunctuation: true, unsafeHTML: config.unsafeHTML, headingIDs: true)
        options.textLayout = textLayout
        return options
    }

    /// The body of a release or page as HTML, with a warning for each piece of raw HTML that
    /// was removed, at its line in the file. The removals are not kept in the result.
    /// - Parameter textLayout: also lay the body out as plain text (a release's wire copy).
    func renderBody(
        _ split: FrontMatterParser.Split, path: String, textLayout: Bool = false, into diagnostics: inout Diagnostics
    ) -> RenderedMarkdown {
        var body = Markdown.render(split.body, options: markdownOptions(textLayout: textLayout))
        for removed in body.removedHTML {
            let html = ControlCharacters.replaced(in: removed.excerpt)
            let what = removed.isBlock
                ? "this raw HTML is removed with all the text inside it: '\(html)'"
                : "this raw HTML tag is removed (the text around it stays): '\(html)'"
            diagnostics.warning(
                "\(what); write it in Markdown, or, if the HTML is trusted, set 'markdown: {unsafe_html: true}' in Content/newsroom.yml",
                at: SourceLocation(path: path, line: split.bodyFirstLine - 1 + removed.line, column: removed.column))
        }
        body.removedHTML = []
        return body
    }

    /// Where a file named in front matter lives: an absolute URL, a bundle file, or a shared media file.
    func resolveAsset(_ name: String, bundleFiles: [String]?) -> Asset? {
        let lower = name.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return .external(name) }
        if name.hasPrefix("/media/") {
            let relative = String(name.dropFirst("/media/".count))
            return mediaFiles.contains(relative) ? .media(relativePath: relative) : nil
        }
        let relative = name.hasPrefix("./") ? String(name.dropFirst(2)) : name
        if let bundleFiles, bundleFiles.contains(relative) { return .bundle(relativePath: relative) }
        if mediaFiles.contains(relative) { return .media(relativePath: relative) }
        return nil
    }
}
