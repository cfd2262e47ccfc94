import Markdown

/// What parsing one content file needs to know about the rest of the site.
struct ContentContext: Sendable {
    var config: NewsroomConfig
    /// Paths under `Content/media/`, relative to it.
    var mediaFiles: Set<String>

    /// Root-relative links stay written from the site root in the model; `SiteURLs.html` adds
    /// the base path (or the base URL) where the body is shown.
    var markdownOptions: MarkdownOptions {
        MarkdownOptions(smartPunctuation: true, unsafeHTML: config.unsafeHTML, headingIDs: true)
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
