import Foundation

/// Following the links of an output page to held URLs: every URL-bearing attribute is read
/// (`HTMLLinks`), resolved as the link checker resolves links, and compared with every held URL.
extension LeakScanner {
    /// Records each link of the page at `path` that leads to a held URL.
    func searchLinks(of path: String, in bytes: Data, into found: inout Found) {
        let folder = String(basePath.dropFirst()) + Route.parentFolder(of: path) + (path.contains("/") ? "/" : "")
        // Each link is resolved only when it may lead to a held URL: said of a value's bytes
        // where the value is read (most are never made strings), of each link after.
        let filter = linkFilter.mayResolve(folder) ? nil : linkFilter
        let destinations = bytes.withUnsafeBytes { HTMLLinks.destinations(in: $0, mayLead: filter.map { filter in { filter.mayResolve($0) } }) }
        for destination in destinations {
            guard filter?.mayResolve(destination) ?? true,
                  let target = siteTarget(of: destination, inFolder: folder),
                  let owner = heldOwner(ofKey: Self.key(of: target)) else { continue }
            found.record(owner.item, "a link to \(owner.what) ('\(destination)')")
        }
    }

    /// The site-relative path a link in an output page at `folder` (with the base path, no
    /// leading slash) leads to, or nil when it leaves the site.
    func siteTarget(of destination: String, inFolder folder: String) -> String? {
        var link = destination
        if link.utf8.first.map({ $0 <= 0x20 }) == true || link.utf8.last.map({ $0 <= 0x20 }) == true {
            link = link.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if link.utf8.contains(UInt8(ascii: ":")), let components = URLComponents(string: link),
           let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            guard components.host?.lowercased() == host else { return nil }
            link = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        } else if link.hasPrefix("//") || link.hasPrefix("\\\\") {
            guard let components = URLComponents(string: "https:" + link.replacingOccurrences(of: "\\", with: "/")),
                  components.host?.lowercased() == host else { return nil }
            link = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        }
        guard let resolved = LinkChecker.resolve(link, from: folder) else { return nil }
        let prefix = String(basePath.dropFirst())
        guard resolved.hasPrefix(prefix) else { return nil }
        return String(resolved.dropFirst(prefix.count))
    }

    /// The held item owning a key, or one of its parents for URLs that own what lies below them.
    func heldOwner(ofKey key: String) -> (item: Int, what: String)? {
        if let owner = heldURLs[key] { return (owner.item, owner.what) }
        var parent = Route.parentFolder(of: key)
        while !parent.isEmpty {
            if let owner = heldURLs[parent], owner.coversBelow { return (owner.item, owner.what) }
            parent = Route.parentFolder(of: parent)
        }
        return nil
    }

    /// One spelling for every way to name a page: `releases/2026/x/`, `releases/2026/x`,
    /// `releases/2026/x/index.html` and `releases/2026/x.html` are all `releases/2026/x`.
    static func key(of path: String) -> String {
        var key = Substring(path)
        while key.hasSuffix("/") { key = key.dropLast() }
        for suffix in ["/index.html", "/index.htm"] where key.hasSuffix(suffix) { key = key.dropLast(suffix.count) }
        if key == "index.html" || key == "index.htm" { return "" }
        for suffix in [".html", ".htm"] where key.hasSuffix(suffix) { key = key.dropLast(suffix.count) }
        return String(key)
    }
}
