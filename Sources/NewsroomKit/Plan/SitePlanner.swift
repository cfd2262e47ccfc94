import Foundation
import Markdown

/// Decides every page and file of the published site, and checks that no two claim one URL
/// and that internal links lead somewhere.
enum SitePlanner {
    /// Plans the published site, and the held releases and pages as well: their URLs, aliases and
    /// files join the conflict check and their links are checked now, so a problem shows today and
    /// not at the minute an embargo lifts. Held items get no page.
    /// - Parameter previous: what the last build's planning found (`PlanMemo`), which this one
    ///   need not check again.
    static func plan(_ publication: Publication, clock: Clock, threads: Int = 0, sitemapLimit: Int = Sitemap.limit,
                     previous: PlanMemo? = nil) -> (plan: SitePlan?, diagnostics: Diagnostics) {
        // A constant, so the closures below that read it need no check of exclusive access.
        let site = {
            var site = publication.site
            site.releases = sortedNewestFirst(site.releases, threads: threads)
            return site
        }()
        let calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = site.config.timeZone
            return calendar
        }()
        let releases = site.releases
        let (years, tags) = ParallelMap.alongside(threads: threads, { YearGroup.group(releases, calendar: calendar) }, { TagGroup.group(releases) })
        // Each release's URL and output paths, worked out on every core; the pages and claims
        // below are made in order.
        let routes = ParallelMap.map(releases, threads: threads) { release -> (url: String, output: String, wireCopy: String) in
            let url = Route.release(release, calendar: calendar)
            return (url, Route.outputPath(of: url), Route.wireCopy(ofRelease: url))
        }
        let perPage = site.config.pagination

        // The pages are laid out in order on this thread while related releases are worked out
        // beside it, unless the last build worked them out from the same tags.
        let tagLists = tags.map(\.releases)
        let relatedInputs = RelatedReleases.inputs(count: releases.count, lists: tagLists)
        let relatedKnown = previous?.related(for: relatedInputs, count: releases.count)
        let (related, laidOut) = ParallelMap.alongside(threads: threads, {
            relatedKnown ?? RelatedReleases.plan(count: releases.count, lists: tagLists, threads: threads)
        }) {
            () -> (diagnostics: Diagnostics, paths: OutputClaims.Paths, known: PlanMemo.Known, pages: [PlannedPage], copies: [OutputFile]) in
            // Made here, not outside: lists that this closure and the functions below changed as
            // captured variables were checked for exclusive access at run time, 47,000 times at
            // 10,000 releases.
            var pages: [PlannedPage] = []
            var copies: [OutputFile] = []
            var claims = OutputClaims()
            // Room for every page from the start (235,000 at 100,000 releases): grown by doubling,
            // the list held half as much again, twice over while it was copied.
            func listPages(_ count: Int) -> Int { max(1, (count + max(1, perPage) - 1) / max(1, perPage)) }
            pages.reserveCapacity(listPages(releases.count) + releases.reduce(2 * releases.count) { $0 + $1.aliases.count }
                + tags.reduce(2 * tags.count) { $0 + listPages($1.releases.count) } + years.count + site.pages.count
                + site.config.contacts.count + 64)
            copies.reserveCapacity(releases.reduce(site.mediaFiles.count + site.theme.assets.count) { $0 + $1.bundleFiles.count })
            claims.reserve(pages.capacity + copies.capacity + 2 * publication.withheld.count)

            func add(_ url: String, _ kind: PlannedPage.Kind, origin: SourceLocation, note: String? = nil, output: String? = nil) {
                let output = output ?? Route.outputPath(of: url)
                claims.claim(output, by: origin, note: note)
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
                let (url, output, wireCopy) = routes[index]
                let origin = SourceLocation(path: release.sourcePath)
                add(url, .release(index), origin: origin, output: output)
                add(wireCopy, .wireCopy(index), origin: origin, output: wireCopy)
                if let bundle = release.bundleDirectory {
                    for file in release.bundleFiles {
                        let source = bundle + "/" + file
                        copy(url + file, from: source, origin: SourceLocation(path: source))
                    }
                }
                for alias in release.aliases {
                    let output = Route.aliasOutputPath(alias.path)
                    claims.claim(output, by: alias.location)
                    pages.append(PlannedPage(url: String(alias.path.dropFirst()), outputPath: output,
                                             kind: .redirect(to: index, from: alias.path)))
                }
            }
            // Held releases and pages claim what they will claim once published; nothing is made for them.
            for held in publication.withheld {
                let release = held.release
                let url = Route.release(release, calendar: calendar)
                claims.claim(Route.outputPath(of: url), by: SourceLocation(path: release.sourcePath), held: true)
                claims.claim(Route.wireCopy(ofRelease: url), by: SourceLocation(path: release.sourcePath), held: true)
                if let bundle = release.bundleDirectory {
                    for file in release.bundleFiles {
                        claims.claim(url + file, by: SourceLocation(path: bundle + "/" + file), held: true)
                    }
                }
                for alias in release.aliases { claims.claim(Route.aliasOutputPath(alias.path), by: alias.location, held: true) }
            }
            // The tag and year pages that only held releases will bring, each once.
            let publishedLists = Set(tags.map(\.url) + years.map(\.url))
            var heldLists = Set<String>()
            for held in publication.withheld {
                let lists = held.release.tagNames.map { Route.tag(Slug.make($0)) }
                    + [Route.year(ContentDate.WallClock(held.release.date, timeZone: calendar.timeZone).year)]
                for url in lists where !publishedLists.contains(url) && heldLists.insert(url).inserted {
                    claims.claim(Route.outputPath(of: url), by: SourceLocation(path: held.release.sourcePath), held: true)
                    if url.hasPrefix(Route.tags) {
                        for format in Feed.Format.allCases {
                            claims.claim(url + Route.feed(format, tag: nil), by: SourceLocation(path: held.release.sourcePath), held: true)
                        }
                    }
                }
            }
            for page in publication.withheldPages {
                claims.claim(Route.outputPath(of: page.slug + "/"), by: SourceLocation(path: page.sourcePath), held: true)
            }
            for media in publication.withheldMedia {
                claims.claim(Route.media(media.path), by: SourceLocation(path: "Content/media/" + media.path), held: true)
            }
            add(Route.tags, .tags, origin: generated)
            for tag in tags {
                for (pagination, slice) in Pagination.paginate(tag.releases, size: perPage, firstURL: tag.url) {
                    add(pagination.url, .tag(tag, pagination, releases: Array(slice)), origin: generated)
                }
            }
            for format in Feed.Format.allCases {
                let newest = Array(releases.indices.prefix(Feed.size))
                add(Route.feed(format, tag: nil), .feed(Feed(format: format, tag: nil, releases: newest)), origin: generated)
                for tag in tags {
                    let feed = Feed(format: format, tag: tag, releases: Array(tag.releases.prefix(Feed.size)))
                    add(Route.feed(format, tag: tag.slug), .feed(feed), origin: generated)
                }
            }
            add(Route.robots, .robots, origin: generated)
            if site.config.search {
                add(Route.search, .search, origin: generated)
                add(Route.searchIndex, .searchIndex, origin: generated)
            }
            add(Route.archive, .archive, origin: generated)
            for year in years {
                add(year.url, .year(year), origin: generated)
            }
            for page in site.pages {
                add(page.slug + "/", .page(page), origin: SourceLocation(path: page.sourcePath))
            }
            // The contacts page and one vCard a contact; a page of the site at /contacts/ is a clash.
            let contacts = site.config.contacts
            if !contacts.isEmpty {
                let origin = site.config.contactsLocation
                add(Route.contacts, .contacts, origin: origin,
                    note: "whose contacts make the media contacts page there; choose another URL for this file, or change the contacts page with Templates/contacts.html")
                for index in contacts.indices {
                    add(Route.vcard(contacts[index]), .vcard(index), origin: origin)
                }
            }
            let listed = pages.count { $0.kind.isListedInSitemap }
            let parts = max(1, (listed + sitemapLimit - 1) / max(1, sitemapLimit))
            if parts == 1 {
                add(Route.sitemap, .sitemap(part: 0), origin: generated)
            } else {
                add(Route.sitemap, .sitemapIndex(parts: parts), origin: generated)
                for part in 0 ..< parts { add(Route.sitemap(part: part + 1), .sitemap(part: part), origin: generated) }
            }
            claims.claim(Route.notFound, by: generated)
            pages.append(PlannedPage(url: Route.notFound, outputPath: Route.notFound, kind: .notFound))
            for file in site.mediaFiles {
                copy(Route.media(file), from: "Content/media/" + file, origin: SourceLocation(path: "Content/media/" + file))
            }
            for asset in site.theme.assets {
                let output = Route.asset(asset.path)
                claims.claim(output, by: SourceLocation(path: "Templates/assets/" + asset.path))
                copies.append(OutputFile(path: output, content: asset.content))
            }

            let settled = claims.settled(threads: threads)
            let known = PlanMemo.Known(previous, claims: settled.digest)
            var diagnostics = settled.conflicts(threads: threads, checkedBefore: known.claimsUnchanged)
            let everyRelease = releases + publication.withheld.map(\.release)
            let (now, timeZone) = (clock.now, calendar.timeZone)
            for problems in ParallelMap.map(everyRelease, threads: threads, run: 512, { $0.futureUpdateProblems(now: now, timeZone: timeZone) }) {
                for problem in problems { diagnostics.append(problem) }
            }
            return (diagnostics, diagnostics.hasErrors ? OutputClaims.Paths() : settled.paths, known, pages, copies)
        }
        var diagnostics = laidOut.diagnostics
        let nav = Navigation.items(config: site.config, pages: site.pages, heldPages: publication.withheldPages,
                                   hasContactsPage: !site.config.contacts.isEmpty)
        diagnostics.append(contentsOf: nav.diagnostics)
        if diagnostics.hasErrors { return (nil, diagnostics) }
        var plan = SitePlan(site: site, tags: tags, years: years, pages: laidOut.pages, copies: laidOut.copies,
                            clockNow: clock.now, calendar: calendar)
        plan.sitemapLimit = sitemapLimit
        plan.nav = nav.items
        plan.related = related
        let links = LinkChecker.check(plan, held: publication, paths: laidOut.paths, known: laidOut.known, threads: threads)
        diagnostics.append(contentsOf: links.diagnostics)
        plan.memo = PlanMemo(claims: laidOut.known.claims, cleanLinks: links.cleanLinks,
                             related: PlanMemo.Related(inputs: relatedInputs, lists: related))
        plan.checks = SitePlan.Checks(nestingWalked: !laidOut.known.claimsUnchanged, bodiesChecked: links.bodiesChecked, bodies: links.bodies,
                                      relatedWorkedOut: relatedKnown == nil)
        return (plan, diagnostics)
    }

    /// The releases in the order of `newestFirst`, their dates compared from one list: a
    /// release's fields sit behind a reference, which each comparison would follow (and retain)
    /// twice, 140,000 times for 10,000 releases. Each half on a core of its own.
    static func sortedNewestFirst(_ releases: [Release], threads: Int = 1) -> [Release] {
        // A closure, not the key path `\.date`: applied through the runtime, a key path cost a
        // thousand instructions a release (1.3% of a one-release edit at 10,000 releases).
        let dates = releases.map { $0.date }
        return ParallelMap.sortedIndices(count: releases.count, threads: threads) { a, b in
            dates[a] != dates[b] ? dates[a] > dates[b] : newestFirst(releases[a], releases[b])
        }.map { releases[$0] }
    }

    /// Newest first; ties broken by slug, then by source path, so the order is total.
    static func newestFirst(_ a: Release, _ b: Release) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.slug != b.slug { return a.slug < b.slug }
        return a.sourcePath < b.sourcePath
    }
}
