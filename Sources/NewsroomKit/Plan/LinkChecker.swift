import Foundation
import Markdown

/// Warns about links and images in Markdown bodies that point inside the site at nothing,
/// and is the one place that says where a link leads (the leak scan asks it too).
enum LinkChecker {
    /// Published bodies are checked against published paths; held ones against everything they
    /// will find once published (published and held paths).
    static func check(_ plan: SitePlan, held: Publication, heldPaths: Set<String>) -> Diagnostics {
        var diagnostics = Diagnostics()
        for release in plan.releases {
            check(release.body.links, from: plan.url(of: release), path: release.sourcePath,
                  firstLine: release.bodyFirstLine, known: plan.knownPaths, into: &diagnostics)
        }
        for page in plan.site.pages {
            check(page.body.links, from: page.slug + "/", path: page.sourcePath,
                  firstLine: page.bodyFirstLine, known: plan.knownPaths, into: &diagnostics)
        }
        guard !held.withheld.isEmpty || !held.withheldPages.isEmpty else { return diagnostics }
        let all = plan.knownPaths.union(heldPaths)
        for withheld in held.withheld {
            let release = withheld.release
            check(release.body.links, from: plan.url(of: release), path: release.sourcePath,
                  firstLine: release.bodyFirstLine, known: all, into: &diagnostics)
        }
        for page in held.withheldPages {
            check(page.body.links, from: page.slug + "/", path: page.sourcePath,
                  firstLine: page.bodyFirstLine, known: all, into: &diagnostics)
        }
        return diagnostics
    }

    private static func check(
        _ links: [MarkdownLink], from pageURL: String, path: String, firstLine: Int, known: Set<String>,
        into diagnostics: inout Diagnostics
    ) {
        for link in links {
            guard let target = resolve(link.destination, from: pageURL) else { continue }
            if exists(target, in: known) { continue }
            let what = link.isImage ? "image" : "link"
            diagnostics.warning("broken internal \(what) '\(link.destination)': nothing is published at /\(target)",
                                at: SourceLocation(path: path, line: firstLine + link.line - 1, column: link.column))
        }
    }

    /// The site-relative path a link points at, or nil for links that leave the site
    /// (a scheme, `//host`, `mailto:`) or stay on the page (`#anchor`). Read as a browser reads
    /// it: white space around it dropped, tabs and line breaks inside ignored, `\` as `/`,
    /// percent-encoding decoded, `.` and `..` resolved against the page.
    static func resolve(_ destination: String, from pageURL: String) -> String? {
        var target = destination
        // The common link needs none of this; the leak scan resolves every link of every page.
        if target.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\\") || $0 >= 0x80 }) {
            target = target.trimmingCharacters(in: .whitespacesAndNewlines)
                .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
                .replacingOccurrences(of: "\\", with: "/")
        }
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
        if target.isEmpty || target.hasPrefix("//") { return nil }
        if let colon = target.firstIndex(of: ":"), !target[..<colon].contains("/") { return nil }
        if target.utf8.contains(UInt8(ascii: "%")) { target = target.removingPercentEncoding ?? target }
        var segments: [Substring] = target.hasPrefix("/") ? [] : pageURL.split(separator: "/")
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var resolved = segments.joined(separator: "/")
        if target.hasSuffix("/") && !resolved.isEmpty { resolved += "/" }
        return resolved
    }

    /// Whether something is published at `target` (a resolved link): the file itself, or the
    /// folder's `index.html`, with or without the trailing slash.
    static func exists(_ target: String, in known: Set<String>) -> Bool {
        if target.isEmpty { return known.contains(Route.outputPath(of: "")) }
        if known.contains(target) { return true }
        let folder = target.hasSuffix("/") ? target : target + "/"
        return known.contains(Route.outputPath(of: folder))
    }
}
