/// The names of content files read as Markdown: `.md` and `.markdown`, for releases, pages and
/// bundles' `index` files alike.
enum MarkdownFileName {
    static let extensions = [".md", ".markdown"]

    static func isMarkdown(_ path: String) -> Bool {
        extensions.contains { path.hasSuffix($0) }
    }

    /// `2015-10-02-study.markdown` → `2015-10-02-study`; a name of another kind as it is.
    static func droppingExtension(_ name: String) -> String {
        guard let suffix = extensions.first(where: { name.hasSuffix($0) }) else { return name }
        return String(name.dropLast(suffix.count))
    }

    /// Whether `path` is a bundle's `index.md` or `index.markdown`.
    static func isBundleIndex(_ path: String) -> Bool {
        extensions.contains { path.hasSuffix("/index" + $0) }
    }
}
