import Foundation

/// What `Content/` may hold directly: the settings file and three folders. Anything else there
/// is read by nothing, so a misnamed folder (`Content/release/`) would silently publish nothing.
enum ContentFolder {
    static let folders = ["releases", "pages", "media"]
    static let settingsFile = "newsroom.yml"

    /// A warning for each entry directly under `Content/` that the build does not read (names that
    /// start with "." are ignored, as everywhere), with the folder it most likely means.
    static func unreadEntries(files: SiteFiles) -> Diagnostics {
        var diagnostics = Diagnostics()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: files.absolute("Content"))) ?? []
        let advice = "releases go in Content/releases/, pages in Content/pages/, shared files in Content/media/"
        for name in names.sorted() where !name.hasPrefix(".") && name != settingsFile && !folders.contains(name) {
            let path = "Content/" + name
            if files.isDirectory(path) {
                let hint = Suggestion.closest(to: name, in: folders).map { "did you mean Content/\($0)/?" } ?? advice
                diagnostics.warning("folder Content/\(name)/ is not read, so nothing in it is published; \(hint)",
                                    at: SourceLocation(path: path))
            } else {
                diagnostics.warning("file Content/\(name) is not read, so it is not published; \(advice)",
                                    at: SourceLocation(path: path))
            }
        }
        return diagnostics
    }
}
