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
    static func check(_ plan: SitePlan, held: Publication, heldPaths: Set<String>, known: PlanMemo.Known? = nil,
                      threads: Int = 0) -> Checked {
        typealias Body = (links: [MarkdownLink], from: String, path: String, firstLine: Int, held: Bool, input: Fingerprint?)
        let inputs = plan.site.releaseInputs
        let cleanBefore = known?.previous
        var checked = Checked(bodies: plan.releases.count + plan.site.pages.count + held.withheld.count + held.withheldPages.count)
        // A release found clean before is passed over before its address is made.
        var bodies: [Body] = []
        func add(_ release: Release, held: Bool) {
            let input = inputs[release.sourcePath]
            if let input, cleanBefore?.isClean(input) == true {
                checked.cleanLinks.append(input)
                return
            }
            bodies.append((release.outline.links, plan.url(of: release), release.sourcePath, release.bodyFirstLine, held, input))
        }
        for release in plan.releases { add(release, held: false) }
        bodies += plan.site.pages.map { ($0.body.links, $0.slug + "/", $0.sourcePath, $0.bodyFirstLine, false, nil) }
        for item in held.withheld { add(item.release, held: true) }
        bodies += held.withheldPages.map { ($0.body.links, $0.slug + "/", $0.sourcePath, $0.bodyFirstLine, true, nil) }
        checked.bodiesChecked = bodies.count
        let all = bodies.contains(where: \.held) ? plan.knownPaths.union(heldPaths) : []
        for (body, found) in zip(bodies, ParallelMap.map(bodies, threads: threads, { body -> Diagnostics in
            var found = Diagnostics()
            check(body.links, from: body.from, path: body.path, firstLine: body.firstLine, known: body.held ? all : plan.knownPaths, into: &found)
            return found
        })) {
            if found.all.isEmpty, let input = body.input { checked.cleanLinks.append(input) }
            checked.diagnostics.append(contentsOf: found)
        }
        return checked
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
    static func exists(_ target: String, in known: Set<String>) -> Bool {
        if target.isEmpty { return known.contains(Route.outputPath(of: "")) }
        if known.contains(target) { return true }
        let folder = target.hasSuffix("/") ? target : target + "/"
        return known.contains(Route.outputPath(of: folder))
    }
}
