import Foundation
import Markdown

/// Warns about links and images in Markdown bodies that point inside the site at nothing.
enum LinkChecker {
    static func check(_ plan: SitePlan) -> Diagnostics {
        var diagnostics = Diagnostics()
        for release in plan.releases {
            check(release.body.links, from: plan.url(of: release), path: release.sourcePath,
                  firstLine: release.bodyFirstLine, plan: plan, into: &diagnostics)
        }
        for page in plan.site.pages {
            check(page.body.links, from: page.slug + "/", path: page.sourcePath,
                  firstLine: page.bodyFirstLine, plan: plan, into: &diagnostics)
        }
        return diagnostics
    }

    private static func check(
        _ links: [MarkdownLink], from pageURL: String, path: String, firstLine: Int, plan: SitePlan,
        into diagnostics: inout Diagnostics
    ) {
        for link in links {
            guard let target = resolve(link.destination, from: pageURL) else { continue }
            if exists(target, in: plan.knownPaths) { continue }
            let what = link.isImage ? "image" : "link"
            diagnostics.warning("broken internal \(what) '\(link.destination)': nothing is published at /\(target)",
                                at: SourceLocation(path: path, line: firstLine + link.line - 1, column: link.column))
        }
    }

    /// The site-relative path a link points at, or nil for links that leave the site
    /// (a scheme, `//host`, `mailto:`) or stay on the page (`#anchor`).
    static func resolve(_ destination: String, from pageURL: String) -> String? {
        var target = destination
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
        if target.isEmpty || target.hasPrefix("//") { return nil }
        if let colon = target.firstIndex(of: ":"), !target[..<colon].contains("/") { return nil }
        target = target.removingPercentEncoding ?? target
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

    private static func exists(_ target: String, in known: Set<String>) -> Bool {
        if target.isEmpty { return known.contains("index.html") }
        if known.contains(target) { return true }
        let folder = target.hasSuffix("/") ? target : target + "/"
        return known.contains(folder + "index.html")
    }
}
