import Foundation
import Templating

/// The variables of feeds and the sitemap. Every URL in them is absolute, and every time comes
/// from content (a release's date or `updated`), never from the build's clock, so a rebuild
/// that publishes nothing new writes the same bytes.
extension TemplateContext {
    /// `feed` (title parts, ids, URLs, `updated`, author) and `releases`, absolute, newest first.
    func feedVariables(_ feed: Feed, release: (Int) -> TemplateValue) -> [(String, TemplateValue)] {
        let config = plan.site.config
        let urls = config.urls
        let home = feed.tag.map(\.url) ?? ""
        let newest = feed.releases.map { plan.releases[$0].modified }.max()
        let organization = config.organization
        let links: [(String, TemplateValue)] = Feed.Format.allCases.map { format in
            (format == .atom ? "atom_url" : "json_url", .string(urls.permalink(Route.feed(format, tag: feed.tag?.slug))))
        }
        let value = TemplateObject([
            ("id", .string(urls.permalink(Route.feed(feed.format, tag: feed.tag?.slug)))),
            ("url", .string(urls.permalink(Route.feed(feed.format, tag: feed.tag?.slug)))),
            ("home_url", .string(urls.permalink(home))),
            ("tag", feed.tag.map { tag(name: $0.name, slug: $0.slug, count: $0.releases.count, form: .absolute) } ?? .null),
            // A feed must say when it last changed; one with no releases has never changed.
            ("updated", .string(newest.map { ContentDate.iso8601($0, timeZone: config.timeZone) } ?? "1970-01-01T00:00:00Z")),
            ("author", .object(TemplateObject([
                ("name", .string(organization.name)),
                ("url", .string(organization.url ?? urls.permalink(""))),
            ]))),
            ("assets_url", .string(urls.permalink(Route.asset("")))),
            ("logo_url", organization.logo.map { .string(urls.url(ofSetting: $0, .absolute)) } ?? .null),
        ] + links)
        return [("feed", .object(value)), ("releases", .array(feed.releases.map(release)))]
    }

    /// Part `part` of the pages a search engine should index (`isListedInSitemap`), in the
    /// plan's order, each with its absolute URL and, when the page shows releases, the newest
    /// change among them.
    func sitemapPart(_ part: Int) -> [(url: String, modified: Date?)] {
        let urls = plan.site.config.urls
        return sitemapSlice(part).map { (urls.permalink(plan.pages[$0].url), sitemapModified(plan.pages[$0])) }
    }

    /// Part `part` of the sitemap as its template reads it: each page's absolute URL and when it last changed.
    func sitemapEntries(_ part: Int) -> TemplateValue {
        .array(sitemapPart(part).map { entry in
            .object(TemplateObject([("url", .string(entry.url)), ("modified", time(entry.modified))], sharing: SharedKeys.sitemapEntry))
        })
    }

    /// A time as templates get it: ISO 8601 in the site's time zone.
    func time(_ date: Date?) -> TemplateValue {
        date.map { .string(ContentDate.iso8601($0, timeZone: plan.site.config.timeZone)) } ?? .null
    }

    /// What part `part` of the sitemap is made from, as one fingerprint: each page's address and
    /// the instant it last changed, without making the absolute URLs and times the entries show
    /// (the settings and the time zone that make them are in the page's fingerprint).
    func sitemapDigest(_ part: Int) -> Fingerprint {
        var hasher = FingerprintHasher()
        let slice = sitemapSlice(part)
        hasher.combine(slice.count)
        for index in slice {
            hasher.combine(plan.pages[index].url)
            if let modified = sitemapModified(plan.pages[index]) {
                hasher.combine(true)
                hasher.combine(modified.timeIntervalSinceReferenceDate.bitPattern)
            } else {
                hasher.combine(false)
            }
        }
        return hasher.finalize()
    }

    /// The newest change among the pages of part `part`, for the sitemap index.
    func sitemapPartModified(_ part: Int) -> Date? {
        sitemapSlice(part).compactMap { sitemapModified(plan.pages[$0]) }.max()
    }

    /// The indices in `plan.pages` of part `part`'s pages.
    private func sitemapSlice(_ part: Int) -> ArraySlice<Int> {
        let start = min(part * plan.sitemapLimit, sitemapPages.count)
        return sitemapPages[start ..< min(start + plan.sitemapLimit, sitemapPages.count)]
    }

    /// When a page last changed, when it shows releases: the newest change among them.
    private func sitemapModified(_ page: PlannedPage) -> Date? {
        let releases = plan.releases
        func newest(_ indices: some Sequence<Int>) -> Date? { indices.lazy.map { releases[$0].modified }.max() }
        switch page.kind {
        case .index(_, let indices), .tag(_, _, let indices): return newest(indices)
        case .release(let index): return releases[index].modified
        case .year(let year): return newest(year.releases)
        case .tags, .archive: return newestChange
        default: return nil
        }
    }

    /// The feeds a page announces for autodiscovery: the site's, and on a tag's pages the tag's.
    func feedLinks(for page: PlannedPage) -> TemplateValue {
        guard case .tag(let group, _, _) = page.kind else { return .array(siteFeedLinks) }
        return .array(siteFeedLinks + Self.feedLinks(tag: group, urls: plan.site.config.urls))
    }

    /// The links to the feeds of one tag, or of the whole site (nil), in both formats.
    static func feedLinks(tag group: TagGroup?, urls: SiteURLs) -> [TemplateValue] {
        Feed.Format.allCases.map { format in
            .object(TemplateObject([
                ("url", .string(urls.url(Route.feed(format, tag: group?.slug)))),
                ("type", .string(format == .atom ? "application/atom+xml" : "application/feed+json")),
                ("format", .string(format == .atom ? "atom" : "json")),
                ("tag", group.map { .string($0.name) } ?? .null),
            ]))
        }
    }
}
