import Markdown

/// What parsing one content file needs to know about the rest of the site.
struct ContentContext: Sendable {
    var config: NewsroomConfig
    /// Paths under `Content/media/`, relative to it.
    var mediaFiles: Set<String>

    var markdownOptions: MarkdownOptions {
        let basePath = config.basePath
        return MarkdownOptions(
            smartPunctuation: true, unsafeHTML: config.unsafeHTML, headingIDs: true,
            rewriteDestination: { destination, _ in
                // Root-relative links are written against the site root; the base path makes them real.
                guard destination.hasPrefix("/"), !destination.hasPrefix("//") else { return destination }
                return basePath + destination.dropFirst()
            })
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
