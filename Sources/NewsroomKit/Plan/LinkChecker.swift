import Foundation
import Markdown

/// Warns about links and images in Markdown bodies that point inside the site at nothing,
/// and is the one place that says where a link leads (the leak scan asks it too).
enum LinkChecker {
    /// What a check found.
    struct Checked {
        var diagnostics = Diagnostics()
        /// The inputs of the releases whose links all lead somewhere (`PlanMemo.cleanLinks`).
        var cleanLinks: [Fingerprint] = []
        /// How many bodies were checked, of how many.
        var bodiesChecked = 0
        var bodies = 0
    }

    /// Published bodies are checked against published paths; held ones against everything they
    /// will find once published (published and held paths). A release whose input the last build
    /// found clean, against the same claims (`known`), is not checked again.
    /// - Parameter paths: the output paths claimed, published or held; the plan does not keep
    ///   them (a table of 235,000 paths and their sources at 100,000 releases).
    static func check(_ plan: SitePlan, held: Publication, paths: OutputClaims.Paths, known: PlanMemo.Known? = nil,
                      threads: Int = 0) -> Checked {
        let inputs = plan.site.releaseInputs
        let cleanBefore = known?.previous
        let bodies: [Body] = plan.releases.map { .release($0, held: false) } + plan.site.pages.map { .page($0, held: false) }
            + held.withheld.map { .release($0.release, held: true) } + held.withheldPages.map { .page($0, held: true) }
        // Every body on every core, its address made there too: on one thread, 10,000 releases
        // kept the other core idle for 70 ms.
        let results = ParallelMap.map(bodies, threads: threads, run: 64) { body -> (found: Diagnostics, input: Fingerprint?, checked: Bool) in
            var found = Diagnostics()
            switch body {
            case .release(let release, let isHeld):
                let input = inputs[release.sourcePath]
                // A release found clean before is passed over before its address is made.
                if let input, cleanBefore?.isClean(input) == true { return (found, input, false) }
                check(release.outline.links, from: plan.url(of: release), path: release.sourcePath, firstLine: release.bodyFirstLine,
                      known: { paths.contains($0, includingHeld: isHeld) }, into: &found)
                return (found, input, true)
            case .page(let page, let isHeld):
                check(page.body.links, from: page.slug + "/", path: page.sourcePath, firstLine: page.bodyFirstLine,
                      known: { paths.contains($0, includingHeld: isHeld) }, into: &found)
                return (found, nil, true)
            }
        }
        var checked = Checked(bodies: bodies.count)
        for result in results {
            if result.checked { checked.bodiesChecked += 1 }
            if result.found.all.isEmpty, let input = result.input { checked.cleanLinks.append(input) }
            checked.diagnostics.append(contentsOf: result.found)
        }
        return checked
    }

    /// A body whose links are checked: held ones against everything they will find once published.
    private enum Body: Sendable {
        case release(Release, held: Bool)
        case page(StandalonePage, held: Bool)
    }

    private static func check(
        _ links: [MarkdownLink], from pageURL: String, path: String, firstLine: Int, known: (String) -> Bool,
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
        // Most links leave the site (`https://…`, `mailto:…`) or stay on the page (`#top`): told
        // without a copy when a colon, or a leading `#`, comes before anything that ends a scheme
        // or that a browser would clean away.
        let first = destination.utf8.firstIndex { byte in
            byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
                || byte <= 0x20 || byte == UInt8(ascii: "\\") || byte >= 0x80
        }
        if let first {
            let byte = destination.utf8[first]
            if byte == UInt8(ascii: ":") || (byte == UInt8(ascii: "#") && first == destination.utf8.startIndex) { return nil }
            // Most of the others are a plain path from the site's root (`/releases/2024/x/`):
            // the path itself, when nothing in it needs cleaning, decoding or resolving.
            if byte == UInt8(ascii: "/"), first == destination.utf8.startIndex, isPlainRootPath(destination) {
                return String(destination.utf8.dropFirst())
            }
        }
        return resolveInFull(destination, from: pageURL)
    }

    /// Printable ASCII without `%`, a backslash, `?` or `#`, and no empty, `.` or `..` part
    /// (`//` or `/.` nowhere).
    private static func isPlainRootPath(_ path: String) -> Bool {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "%"), byte != UInt8(ascii: "\\"),
                  byte != UInt8(ascii: "?"), byte != UInt8(ascii: "#") else { return false }
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") { return false }
            previous = byte
        }
        return true
    }

    /// `resolve` without its shortcuts (a test checks that both agree).
    static func resolveInFull(_ destination: String, from pageURL: String) -> String? {
        var target = destination
        // The common link needs none of this; the leak scan resolves every link of every page.
        if target.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\\") || $0 >= 0x80 }) {
            target = target.trimmingCharacters(in: .whitespacesAndNewlines)
                .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
                .replacingOccurrences(of: "\\", with: "/")
        }
        // Byte by byte, as a browser splits a URL: a combining mark after `#` or `/` does not hide it.
        let slash = UInt8(ascii: "/")
        if let cut = target.utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) {
            target = String(target[..<cut])
        }
        if target.isEmpty || target.hasPrefix("//") { return nil }
        if let colon = target.utf8.firstIndex(of: UInt8(ascii: ":")), !target.utf8[..<colon].contains(slash) { return nil }
        if target.utf8.contains(UInt8(ascii: "%")) { target = target.removingPercentEncoding ?? target }
        var segments: [Substring] = target.utf8.first == slash ? [] : pageURL.utf8.split(separator: slash).map { Substring($0) }
        for segment in target.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(Substring(segment))
        }
        var resolved = segments.joined(separator: "/")
        if target.utf8.last == slash && !resolved.isEmpty { resolved += "/" }
        return resolved
    }

    /// Whether something is published at `target` (a resolved link): the file itself, or the
    /// folder's `index.html`, with or without the trailing slash.
    static func exists(_ target: String, in known: (String) -> Bool) -> Bool {
        if target.isEmpty { return known(Route.outputPath(of: "")) }
        if known(target) { return true }
        let folder = target.hasSuffix("/") ? target : target + "/"
        return known(Route.outputPath(of: folder))
    }
}
