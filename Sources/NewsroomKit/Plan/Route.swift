import Foundation
import Templating

/// URL paths relative to the base path (`releases/2015/x/`, '' for the home page),
/// and the output file each is written as.
enum Route {
    static func release(year: Int, slug: String) -> String { "releases/\(year)/\(slug)/" }
    /// A release's URL: its year is the year of its date in the calendar's (the site's) time zone.
    static func release(_ release: Release, calendar: Calendar) -> String {
        Route.release(year: ContentDate.WallClock(release.date, timeZone: calendar.timeZone).year, slug: release.slug)
    }
    /// A release's plain-text wire copy, beside its page: `releases/2015/x/release.txt`.
    static func wireCopy(ofRelease url: String) -> String { url + "release.txt" }
    static func tag(_ slug: String) -> String { "tags/\(slug)/" }
    static let tags = "tags/"
    static let archive = "archive/"
    static let notFound = "404.html"
    /// The media contacts page, made when the site has contacts.
    static let contacts = "contacts/"
    /// A contact's vCard: `contacts/press-office.vcf`.
    static func vcard(_ contact: Contact) -> String { contacts + contact.fileName + ".vcf" }
    static func year(_ year: Int) -> String { "archive/\(year)/" }
    /// `feed.xml`, `feed.json`; a tag's beside its first page: `tags/research/feed.xml`.
    static func feed(_ format: Feed.Format, tag slug: String?) -> String {
        (slug.map(tag) ?? "") + (format == .atom ? "feed.xml" : "feed.json")
    }
    static let sitemap = "sitemap.xml"
    /// Part `number` (from 1) of a sitemap too large for one file.
    static func sitemap(part number: Int) -> String { "sitemaps/\(number).xml" }
    static let robots = "robots.txt"
    /// The search page, and the index its script reads.
    static let search = "search/"
    static let searchIndex = "search.json"
    static func media(_ relativePath: String) -> String { "media/" + relativePath }
    static func asset(_ relativePath: String) -> String { "assets/" + relativePath }

    /// A file's path as it goes into a URL: `report #1?.txt` → `report%20%231%3F.txt`, the same
    /// percent-encoding as the template engine's `urlencode`.
    static func encoded(_ path: String) -> String { TemplateEscaping.urlencode(path) }

    /// Page `n` of a list whose first page is at `first`.
    static func page(_ number: Int, of first: String) -> String {
        number == 1 ? first : first + "page/\(number)/"
    }

    /// `releases/2015/x/` → `releases/2015/x/index.html`; '' → `index.html`.
    static func outputPath(of url: String) -> String {
        url.isEmpty || url.utf8.last == UInt8(ascii: "/") ? url + "index.html" : url
    }

    /// The folder part of a '/'-separated relative path: `a/b/c.html` → `a/b`, `q` → ''.
    static func parentFolder(of path: String) -> String {
        guard let slash = lastSlash(in: path) else { return "" }
        return String(path[..<slash])
    }

    /// The last part of `path` after its last `/`, or all of it without one; found in its
    /// bytes (splitting the path into parts was a hundredth of loading a site).
    static func lastPart(of path: String) -> Substring {
        guard let slash = lastSlash(in: path) else { return path[...] }
        return path[path.utf8.index(after: slash)...]
    }

    /// Where the last `/` of `path` is, found scanning its bytes back from the end: the
    /// standard library's `lastIndex(of:)` on a string's UTF-8 moves a string index a byte at
    /// a time (0.9% of a clean build's instructions, for the output paths' folders and the
    /// releases' bundles).
    static func lastSlash(in path: String) -> String.Index? {
        let utf8 = path.utf8
        guard let offset = utf8.withContiguousStorageIfAvailable({ $0.lastIndex(of: UInt8(ascii: "/")) }) else {
            return utf8.lastIndex(of: UInt8(ascii: "/"))
        }
        return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// Every folder that holds one of `paths`, at any depth; "" (the top) is not among them.
    static func folders(holding paths: some Sequence<String>) -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            var folder = parentFolder(of: path)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = parentFolder(of: folder) }
        }
        return folders
    }

    /// The same folders, each run of paths worked out on a core of its own (a release's page
    /// has a folder of its own: ten thousand of them).
    static func folders(holding paths: [String], threads: Int) -> Set<String> {
        let run = 2048
        guard paths.count > run, threads != 1 else { return folders(holding: paths) }
        var parts = ParallelMap.runs(of: paths.count, run: run, threads: threads) { folders(holding: paths[$0]) }
        // The others joined into the largest.
        let largest = parts.indices.max { parts[$0].count < parts[$1].count } ?? 0
        var all = parts.remove(at: largest)
        for part in parts { all.formUnion(part) }
        return all
    }

    /// An alias such as `/2016/05/old.html` or `/old/path` as an output path.
    static func aliasOutputPath(_ alias: String) -> String {
        let trimmed = String(alias.drop { $0 == "/" })
        if trimmed.hasSuffix(".html") || trimmed.hasSuffix(".htm") { return trimmed }
        return outputPath(of: trimmed.hasSuffix("/") ? trimmed : trimmed + "/")
    }
}
