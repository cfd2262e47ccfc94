import Foundation
import Markdown

/// Decides every page and file of the published site, and checks that no two claim one URL
/// and that internal links lead somewhere.
enum SitePlanner {
    static func plan(_ published: Site, clock: Clock) -> (plan: SitePlan?, diagnostics: Diagnostics) {
        var site = published
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = site.config.timeZone
        site.releases.sort(by: newestFirst)
        let releases = site.releases
        let tags = TagGroup.group(releases)
        let years = YearGroup.group(releases, calendar: calendar)
        let perPage = site.config.pagination

        var pages: [PlannedPage] = []
        var copies: [OutputFile] = []
        var claims = Claims()

        func add(_ url: String, _ kind: PlannedPage.Kind, origin: SourceLocation) {
            let output = Route.outputPath(of: url)
            claims.claim(output, by: origin)
            pages.append(PlannedPage(url: url, outputPath: output, kind: kind))
        }
        func copy(_ output: String, from source: String, origin: SourceLocation) {
            claims.claim(output, by: origin)
            copies.append(OutputFile(path: output, content: .file(site.root + "/" + source)))
        }
        let generated = SourceLocation(path: "(generated)")

        for (pagination, slice) in Pagination.paginate(Array(releases.indices), size: perPage, firstURL: "") {
            add(pagination.url, .index(pagination, releases: Array(slice)), origin: generated)
        }
        for (index, release) in releases.enumerated() {
            let year = calendar.component(.year, from: release.date)
            let url = Route.release(year: year, slug: release.slug)
            let origin = SourceLocation(path: release.sourcePath)
            add(url, .release(index), origin: origin)
            if let bundle = release.bundleDirectory {
                for file in release.bundleFiles {
                    copy(url + file, from: bundle + "/" + file, origin: SourceLocation(path: bundle + "/" + file))
                }
            }
            for alias in release.aliases {
                let output = Route.aliasOutputPath(alias.path)
                claims.claim(output, by: alias.location)
                pages.append(PlannedPage(url: String(alias.path.dropFirst()), outputPath: output,
                                         kind: .redirect(to: index, from: alias.path)))
            }
        }
        add(Route.tags, .tags, origin: generated)
        for tag in tags {
            for (pagination, slice) in Pagination.paginate(tag.releases, size: perPage, firstURL: tag.url) {
                add(pagination.url, .tag(tag, pagination, releases: Array(slice)), origin: generated)
            }
        }
        add(Route.archive, .archive, origin: generated)
        for year in years {
            add(year.url, .year(year), origin: generated)
        }
        for page in site.pages {
            add(page.slug + "/", .page(page), origin: SourceLocation(path: page.sourcePath))
        }
        claims.claim("404.html", by: generated)
        pages.append(PlannedPage(url: "404.html", outputPath: "404.html", kind: .notFound))
        for file in site.mediaFiles {
            copy(Route.media(file), from: "Content/media/" + file, origin: SourceLocation(path: "Content/media/" + file))
        }
        for asset in site.theme.assets {
            let output = Route.asset(asset.path)
            claims.claim(output, by: SourceLocation(path: "Templates/assets/" + asset.path))
            copies.append(OutputFile(path: output, content: asset.content))
        }

        var diagnostics = claims.conflicts()
        if diagnostics.hasErrors { return (nil, diagnostics) }
        let plan = SitePlan(site: site, tags: tags, years: years, pages: pages, copies: copies,
                            knownPaths: Set(claims.owners.keys), clockNow: clock.now, calendar: calendar)
        diagnostics.append(contentsOf: LinkChecker.check(plan))
        return (plan, diagnostics)
    }

    /// Newest first; ties broken by slug, then by source path, so the order is total.
    static func newestFirst(_ a: Release, _ b: Release) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.slug != b.slug { return a.slug < b.slug }
        return a.sourcePath < b.sourcePath
    }
}

/// Which source claimed which output path; two claims on one path, or a file where another
/// needs a folder, are errors naming both sources.
private struct Claims {
    var owners: [String: SourceLocation] = [:]
    var clashes: [(path: String, first: SourceLocation, second: SourceLocation)] = []

    mutating func claim(_ path: String, by origin: SourceLocation) {
        if let first = owners[path] {
            clashes.append((path, first, origin))
        } else {
            owners[path] = origin
        }
    }

    func conflicts() -> Diagnostics {
        var diagnostics = Diagnostics()
        for clash in clashes {
            let (first, second) = clash.first < clash.second ? (clash.first, clash.second) : (clash.second, clash.first)
            let other = first.path == "(generated)" ? "a page the newsroom makes" : first.path
            diagnostics.error("two pages have the URL /\(displayURL(clash.path)): this file and \(other)", at: second)
        }
        // A file at `a/b` and another at `a/b/c` cannot both exist.
        for (path, origin) in owners {
            var prefix = (path as NSString).deletingLastPathComponent
            while !prefix.isEmpty {
                if let other = owners[prefix] {
                    diagnostics.error("/\(prefix) is a file, so nothing can be published below it (/\(path)); it comes from \(other.path)", at: origin)
                }
                prefix = (prefix as NSString).deletingLastPathComponent
            }
        }
        return diagnostics
    }

    private func displayURL(_ output: String) -> String {
        output.hasSuffix("index.html") ? String(output.dropLast("index.html".count)) : output
    }
}
