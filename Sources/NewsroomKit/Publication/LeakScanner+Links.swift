import Foundation

/// Following the links of an output page to held URLs: every URL-bearing attribute is read
/// (`HTMLLinks`), resolved as the link checker resolves links, and compared with every held URL.
extension LeakScanner {
    /// Records each link of the page at `path` that leads to a held URL.
    func searchLinks(of path: String, in bytes: Data, into found: inout Found) {
        let folder = String(basePath.dropFirst()) + Route.parentFolder(of: path) + (path.contains("/") ? "/" : "")
        let folderHoldsHeldName = linkFilter.mayLead(to: folder)
        let destinations = bytes.withUnsafeBytes { HTMLLinks.destinations(in: $0) }
        for destination in destinations {
            guard folderHoldsHeldName || linkFilter.mayLead(to: destination),
                  let target = siteTarget(of: destination, inFolder: folder),
                  let owner = heldOwner(ofKey: Self.key(of: target)) else { continue }
            found.record(owner.item, "a link to \(owner.what) ('\(destination)')")
        }
    }

    /// Tells, from a link's text alone, the links that cannot lead to a held URL, so that most
    /// links of a page are not resolved (resolving every link of every page was half the cost
    /// of the leak scan in a build that holds a release back).
    ///
    /// A link leads to a held URL when its key (`LeakScanner.key(of:)`) is that URL's key, or
    /// lies below one that covers what is below it. Either way the key holds the held key's last
    /// part, and a key's parts are parts of the link as written or of the page's folder (a
    /// relative link): resolving cuts at `#` and `?`, trims white space at the ends, drops `.`
    /// and `..` and joins parts with `/`, none of which makes a text that was not there. What
    /// does is always resolved: a link with `%` (decoded), a tab or a line break inside (taken
    /// out), a backslash (made a slash), or any byte past ASCII (keys are compared as Swift
    /// strings, by canonical equivalence: `\u{212A}` is `K`); so is every link of a page whose
    /// folder holds a held key's last part, and every link at all when a held key's last part is
    /// empty or not ASCII.
    struct LinkFilter: Sendable {
        /// The last part of every held key; nil when every link is resolved.
        private let names: PatternMatcher?

        init(heldKeys: some Collection<String>) {
            let names = heldKeys.map { key in Array(key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []) }
            let plain = names.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 < 0x80 } }
            self.names = plain ? PatternMatcher(names) : nil
        }

        /// False only when `text` cannot lead to a held URL: nothing in it is changed by
        /// resolving, and it holds no held key's last part.
        func mayLead(to text: String) -> Bool {
            guard let names else { return true }
            var text = text
            return text.withUTF8 { utf8 in
                for byte in utf8 where byte >= 0x80 || Self.changedByResolving[Int(byte)] { return true }
                var state = 0
                var holds = false
                names.scan(UnsafeRawBufferPointer(utf8), range: 0..<utf8.count, state: &state) { _, _ in
                    holds = true
                    return false
                }
                return holds
            }
        }

        /// The ASCII bytes that resolving a link changes or takes out: `%`, a backslash, a tab, a line break.
        private static let changedByResolving: [Bool] = (0..<128).map { byte in
            [UInt8(ascii: "%"), UInt8(ascii: "\\"), 0x09, 0x0A, 0x0D].contains(UInt8(byte))
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
