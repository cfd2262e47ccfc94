import Foundation

/// Every page and file the build will produce, decided before anything is rendered.
struct SitePlan: Sendable {
    /// The published site; releases sorted newest first (date, then slug, then path).
    var site: Site
    var tags: [TagGroup]
    var years: [YearGroup]
    var pages: [PlannedPage]
    var copies: [OutputFile]
    /// The build clock, for marking embargoed releases in a preview.
    var clockNow: Date
    /// Each release's related releases, best first (`RelatedReleases`): indices into `releases`.
    var related: [[Int]] = []

    /// Gregorian, in the site's time zone: release years and months are the site's.
    var calendar: Calendar
    /// How many pages one sitemap file lists.
    var sitemapLimit = Sitemap.limit

    /// The main navigation's entries after "Releases", in order (`Navigation`).
    var nav: [NavItem] = []

    /// What planning found, for the next build (`PlanMemo`).
    var memo: PlanMemo?
    /// How much of the checks planning did again (`--timings` prints it).
    struct Checks: Sendable {
        /// Whether the output paths' folders were walked for files in the way.
        var nestingWalked = true
        var bodiesChecked = 0
        var bodies = 0
        /// Whether the related releases were worked out, not taken from the last build (`PlanMemo.related`).
        var relatedWorkedOut = true
    }
    var checks = Checks()

    var releases: [Release] { site.releases }

    /// The same year as in the release's URL (`Route.release`): exact arithmetic, no calendar lookups.
    func year(of release: Release) -> Int { ContentDate.WallClock(release.date, timeZone: calendar.timeZone).year }
    func url(of release: Release) -> String { Route.release(release, calendar: calendar) }
}

/// A feed of the newest releases, of the whole site or of one tag.
struct Feed: Sendable {
    enum Format: Sendable, CaseIterable {
        /// Atom (RFC 4287), `feed.xml`.
        case atom
        /// JSON Feed 1.1, `feed.json`.
        case json
    }

    /// How many releases a feed holds, newest first.
    static let size = 20

    var format: Format
    /// Nil for the site's feed.
    var tag: TagGroup?
    /// Indices into the plan's sorted releases, newest first.
    var releases: [Int]
}

/// The sitemaps protocol's limit: a sitemap lists at most 50,000 URLs; a site with more gets
/// `sitemap.xml` as an index of `sitemaps/1.xml`, `sitemaps/2.xml` …
enum Sitemap {
    static let limit = 50_000
}

struct PlannedPage: Sendable {
    /// The cases that carry a list's state are boxed (`indirect`): the release pages, most of a
    /// plan, then take a few words each, not the largest case's 300 bytes.
    enum Kind: Sendable {
        indirect case index(Pagination, releases: [Int])
        case release(Int)
        /// A release's plain-text wire copy, `releases/<year>/<slug>/release.txt`.
        case wireCopy(Int)
        case tags
        indirect case tag(TagGroup, Pagination, releases: [Int])
        case archive
        indirect case year(YearGroup)
        indirect case page(StandalonePage)
        /// The media contacts page (`contacts.html`).
        case contacts
        /// The vCard of `config.contacts[index]`, made in Swift (`VCard`), not by a template.
        case vcard(Int)
        case notFound
        case redirect(to: Int, from: String)
        indirect case feed(Feed)
        /// One sitemap file: the listed pages' part `part` (from 0), `Sitemap.limit` to a part.
        case sitemap(part: Int)
        /// `sitemap.xml` when the site has more pages than one sitemap may list: the parts' index.
        case sitemapIndex(parts: Int)
        case robots
        /// The search page: a form whose script searches `searchIndex` in the browser.
        case search
        /// `search.json`: every published release, newest first, for the search page.
        case searchIndex

        /// Whether a search engine should index the page: not the 404 page, redirects, feeds,
        /// sitemaps, robots.txt, wire copy (the release's page is the one to find), or the search
        /// page and its index.
        var isListedInSitemap: Bool {
            switch self {
            case .index, .release, .tags, .tag, .archive, .year, .page, .contacts: true
            case .notFound, .redirect, .feed, .sitemap, .sitemapIndex, .robots, .vcard, .wireCopy, .search, .searchIndex: false
            }
        }

        /// Whether the page lists every release or page of the site, and so takes far longer to
        /// make than the others.
        var listsWholeSite: Bool {
            switch self {
            case .searchIndex, .sitemap, .sitemapIndex: true
            default: false
            }
        }
    }

    /// Relative to the base path: `releases/2015/x/`.
    var url: String
    var outputPath: String
    var kind: Kind
}
