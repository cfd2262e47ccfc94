import Foundation
import Markdown
import Templating

/// Turns the plan's models into the values templates see (DESIGN.md, "Core of the context").
/// Release values are made once, when first needed, and shared by every page that lists them.
///
/// A class: every page's render reads it, and as a struct it was copied for each page, every
/// reference it holds (the plan's tables among them) retained and released by both cores at once.
final class TemplateContext: Sendable {
    let plan: SitePlan
    let site: TemplateValue
    let releases: ReleaseValues
    /// The releases' values in feeds (`.absolute`), each made once for all the feeds that list
    /// it: only the newest of the site and of each tag, a few hundred at most.
    let absoluteReleases: ReleaseValues
    let now: String
    let isPreview: Bool
    /// The media kit's lists (`TemplateContext+Media`), made once for every standalone page.
    let media: (files: TemplateValue, groups: TemplateValue)
    /// `organization.about` (laid out as text too), the boilerplate of every release that does not set its own.
    let about: SiteBoilerplate?
    /// The organization as a release's structured data names it, author and publisher (`TemplateContext+Metadata`).
    let publisher: TemplateValue
    /// The links to the site's feeds, on every page (`feedLinks(for:)`).
    let siteFeedLinks: [TemplateValue]
    /// How many threads the search index's entries are made on (0: every core).
    let threads: Int
    /// The indices in `plan.pages` of the pages listed in the sitemap, in the plan's order.
    let sitemapPages: [Int]
    /// The newest change of any release (`Release.modified`), nil without releases.
    let newestChange: Date?

    init(plan: SitePlan, clock: Clock, isPreview: Bool, threads: Int = 0) {
        self.plan = plan
        self.threads = threads
        let config = plan.site.config
        let urls = config.urls
        self.isPreview = isPreview
        now = ContentDate.iso8601(clock.now, timeZone: config.timeZone)
        let contacts = config.contacts.map { Self.contact($0, urls: urls) }
        let aboutOptions = ContentContext(config: config, mediaFiles: []).markdownOptions(textLayout: true)
        let aboutMarkdown = config.organization.about.map { Markdown.render($0, options: aboutOptions) }
        let siteBoilerplate = aboutMarkdown.map { SiteBoilerplate($0, urls: urls) }
        about = siteBoilerplate
        let about = aboutMarkdown.map { urls.html($0, page: "") }
        let organization: TemplateValue = .object(TemplateObject([
            ("name", .string(config.organization.name)),
            ("url", config.organization.url.map(TemplateValue.string) ?? .null),
            ("about", about.map(TemplateValue.safe) ?? .null),
            ("logo", config.organization.logo.map { .string(urls.url(ofSetting: $0)) } ?? .null),
        ]))
        let pages: [TemplateValue] = plan.site.pages.sorted { $0.slug < $1.slug }.map { page in
            .object(TemplateObject([("title", .string(page.title)), ("url", .string(urls.url(page.slug + "/")))]))
        }
        let nav: [TemplateValue] = plan.nav.map { item in
            .object(TemplateObject([
                ("kind", .string(item.kind.rawValue)), ("title", item.title.map(TemplateValue.string) ?? .null),
                ("url", .string(urls.url(item.url))),
            ]))
        }
        site = .object(TemplateObject([
            ("title", .string(config.title)),
            ("base_url", .string(config.baseURL)),
            ("base_path", .string(config.basePath)),
            ("language", .string(config.language)),
            ("description", config.description.map(TemplateValue.string) ?? .null),
            ("organization", organization),
            ("contacts", .array(contacts)),
            ("default_contacts", .array(config.defaultContacts.compactMap { id in
                config.contacts.firstIndex { $0.id == id }.map { contacts[$0] }
            })),
            ("pages", .array(pages)),
            ("nav", .array(nav)),
            ("urls", .object(TemplateObject([
                ("home", .string(urls.url(""))),
                ("tags", .string(urls.url(Route.tags))),
                ("archive", .string(urls.url(Route.archive))),
                ("contacts", config.contacts.isEmpty ? .null : .string(urls.url(Route.contacts))),
                ("feed", .string(urls.url(Route.feed(.atom, tag: nil)))),
                ("json_feed", .string(urls.url(Route.feed(.json, tag: nil)))),
                ("sitemap", .string(urls.url(Route.sitemap))),
                ("assets", .string(urls.url(Route.asset("")))),
                ("search", config.search ? .string(urls.url(Route.search)) : .null),
                ("search_index", config.search ? .string(urls.url(Route.searchIndex)) : .null),
            ]))),
            ("release", .object(TemplateObject([
                ("line", config.release.line.map(TemplateValue.string) ?? .null),
                ("end_mark", .string(config.release.endMark)),
                ("dateline_format", .string(config.release.datelineFormat)),
                ("time_format", .string(config.release.timeFormat)),
            ]))),
            ("params", .object(config.params)),
        ]))
        let host = urls.host
        // One value per tag, shared by the releases that spell it as its list does.
        let tagValues = Dictionary(plan.tags.map { ($0.name, Self.releaseTag($0.name, urls: urls, .rootRelative)) }) { first, _ in first }
        releases = ReleaseValues(count: plan.releases.count) { index in
            Self.release(plan.releases[index], plan: plan, isPreview: isPreview, about: siteBoilerplate, contactValues: contacts,
                         tagValues: tagValues, host: host)
        }
        absoluteReleases = ReleaseValues(count: plan.releases.count) { index in
            Self.release(plan.releases[index], plan: plan, isPreview: isPreview, about: siteBoilerplate, form: .absolute)
        }
        media = Self.mediaKit(plan: plan)
        publisher = Self.organization(config, withContacts: false)
        siteFeedLinks = Self.feedLinks(tag: nil, urls: urls)
        sitemapPages = plan.pages.indices.filter { plan.pages[$0].kind.isListedInSitemap }
        newestChange = plan.releases.lazy.map(\.modified).max()
    }

    /// The variables of one page: `site`, `now`, `page` and what the page kind adds.
    /// - Parameter keepingEveryValue: whether a page that shows every release keeps each
    ///   release's value it makes, for the pages after it: when every page is rendered.
    func variables(for page: PlannedPage, keepingEveryValue: Bool = true) -> TemplateObject {
        variables(for: page, release: { releases[$0] }, now: .string(now), absoluteRelease: { absoluteReleases[$0] },
                  bodyText: { .string(plan.site.config.urls.text(plan.releases[$0].body(.text), page: plan.url(of: plan.releases[$0]))) },
                  searchEntries: { ParallelMap.map(Array(plan.releases.indices), threads: threads) { searchEntry($0, keepingValue: keepingEveryValue) } },
                  sitemapEntries: sitemapEntries)
    }

    /// The release's body after the `<p>` that opens it, for a dateline set inside its first
    /// paragraph: taken from the release's value, so that where `PageFingerprints` puts a stand-in
    /// for that value (a `.safe` text), the tail is a stand-in derived from it.
    static func bodyTail(of release: TemplateValue) -> TemplateValue {
        switch release {
        case .object(let object):
            guard case .safe(let body)? = object["body"], body.hasPrefix("<p>") else { return .null }
            return .safe(String(body.dropFirst(3)))
        case .safe(let standIn): return .safe(standIn + ":body_tail")
        default: return .null
        }
    }

    /// The same variables with each release given by `release(index)` (in feeds by
    /// `absoluteRelease(index)`; a wire copy's body as text by `bodyText(index)`; the search
    /// index's entries all at once by `searchEntries()`; a sitemap's entries by
    /// `sitemapEntries(part)`) and `now` given: the one description of
    /// a page's context, for rendering and for `PageFingerprints`.
    func variables(for page: PlannedPage, release: (Int) -> TemplateValue, now: TemplateValue,
                   absoluteRelease: (Int) -> TemplateValue, bodyText: (Int) -> TemplateValue,
                   searchEntries: () -> [TemplateValue], sitemapEntries: (Int) -> TemplateValue) -> TemplateObject {
        let config = plan.site.config
        let urls = config.urls
        var title = config.title
        var description = config.description
        var kind = "index"
        var extra: [(String, TemplateValue)] = []

        func list(_ indices: [Int]) -> TemplateValue { .array(indices.map(release)) }
        func paginator(_ pagination: Pagination) -> TemplateValue {
            .object(TemplateObject([
                ("page", .int(pagination.number)),
                ("pages", .int(pagination.count)),
                ("prev_url", pagination.previousURL.map { .string(urls.url($0)) } ?? .null),
                ("next_url", pagination.nextURL.map { .string(urls.url($0)) } ?? .null),
                ("total", .int(pagination.totalItems)),
                ("first_url", .string(urls.url(pagination.firstURL))),
            ]))
        }

        switch page.kind {
        case .index(let pagination, let indices):
            if pagination.number > 1 { title = "Releases, page \(pagination.number)" }
            extra = [("releases", list(indices)), ("paginator", paginator(pagination))]
        case .release(let index):
            kind = "release"
            let shown = plan.releases[index]
            title = shown.shownTitle
            description = shown.summaryText
            // The body is made once for the page, which shows it and takes its tail and its
            // structured data from it (a stand-in, for a fingerprint, stays as it is).
            var value = release(index)
            if case .object(let object) = value { value = .object(object.settlingDeferred()) }
            extra = [
                ("release", value),
                ("newer", index > 0 ? release(index - 1) : .null),
                ("older", index + 1 < releases.count ? release(index + 1) : .null),
                ("related", list(plan.related.indices.contains(index) ? plan.related[index] : [])),
                ("body_tail", Self.bodyTail(of: value)),
            ]
        case .wireCopy(let index):
            kind = "release_text"
            let shown = plan.releases[index]
            title = shown.shownTitle
            description = shown.summaryText
            extra = [
                ("release", release(index)),
                ("body_text", bodyText(index)),
            ]
        case .tags:
            kind = "tags"
            title = "Tags"
            extra = [("tags", .array(plan.tags.map { tag(name: $0.name, slug: $0.slug, count: $0.releases.count) }))]
        case .tag(let group, let pagination, let indices):
            kind = "tag"
            title = pagination.number > 1 ? "\(group.name), page \(pagination.number)" : group.name
            extra = [
                ("tag", tag(name: group.name, slug: group.slug, count: group.releases.count)),
                ("releases", list(indices)), ("paginator", paginator(pagination)),
            ]
        case .archive:
            kind = "archive"
            title = "Archive"
            extra = [("years", .array(plan.years.map { year in
                .object(TemplateObject([
                    ("year", .int(year.year)), ("url", .string(urls.url(year.url))),
                    ("count", .int(year.releases.count)),
                ]))
            }))]
        case .year(let year):
            kind = "year"
            title = "Releases from \(year.year)"
            let months: [TemplateValue] = year.months.map { month in
                .object(TemplateObject([
                    ("name", .string(ContentDate.monthNames[month.month - 1])),
                    ("number", .int(month.month)),
                    ("releases", list(month.releases)),
                ]))
            }
            let single = Pagination(number: 1, count: 1, totalItems: year.releases.count, firstURL: year.url)
            extra = [
                ("year", .object(TemplateObject([
                    ("year", .int(year.year)), ("url", .string(urls.url(year.url))),
                    ("count", .int(year.releases.count)),
                ]))),
                ("months", .array(months)),
                ("releases", list(year.releases)),
                ("paginator", paginator(single)),
            ]
        case .page(let standalone):
            kind = "page"
            title = standalone.title
            description = standalone.description ?? standalone.body.summaryText
            extra = [("media", media.files), ("media_groups", media.groups)]
        case .contacts:
            kind = "contacts"
            title = "Media contacts"
        case .vcard(let index):
            kind = "vcard"
            let contact = config.contacts[index]
            title = contact.name
            extra = [("contact", Self.contact(contact, urls: urls))]
        case .notFound:
            kind = "404"
            title = "Page not found"
        case .redirect(let index, _):
            kind = "redirect"
            let target = plan.releases[index]
            title = target.shownTitle
            let url = plan.url(of: target)
            extra = [("target", .object(TemplateObject([
                ("url", .string(urls.url(url))), ("permalink", .string(urls.permalink(url))),
                ("title", .string(title)),
            ])))]
        case .feed(let feed):
            kind = "feed"
            title = feed.tag?.name ?? config.title
            extra = feedVariables(feed, release: absoluteRelease)
        case .sitemap(let part):
            kind = "sitemap"
            extra = [("entries", sitemapEntries(part))]
        case .sitemapIndex(let parts):
            kind = "sitemap"
            extra = [("sitemaps", .array((0 ..< parts).map { part in
                .object(TemplateObject([
                    ("url", .string(urls.permalink(Route.sitemap(part: part + 1)))),
                    ("modified", time(sitemapPartModified(part))),
                ]))
            }))]
        case .robots:
            kind = "robots"
            extra = [("sitemap_url", .string(urls.permalink(Route.sitemap)))]
        case .search:
            kind = "search"
            title = "Search"
        case .searchIndex:
            kind = "search-index"
            extra = [("entries", .array(searchEntries()))]
        }

        var pageValue: [(String, TemplateValue)] = [
            ("title", .string(title)),
            ("url", .string(urls.url(page.url))),
            ("permalink", .string(urls.permalink(page.url))),
            ("description", description.map(TemplateValue.string) ?? .null),
            ("kind", .string(kind)),
            ("feeds", feedLinks(for: page)),
            ("schema", schema(for: page, release: release)),
        ]
        if case .page(let standalone) = page.kind {
            pageValue += [("body", .safe(urls.html(standalone.body, page: page.url))), ("params", .object(standalone.params))]
        }
        return TemplateObject([
            ("site", site), ("now", now), ("is_preview", .bool(isPreview)),
            ("page", .object(TemplateObject(pageValue, sharing: PageKeys.page))),
        ] + extra, sharing: PageKeys.variables[kind] ?? TemplateObject.SharedKeys())
    }

    /// The key lists of a page's variables and of its `page`, one for each kind of page: the
    /// same for every release's page, made once.
    private enum PageKeys {
        static let page = TemplateObject.SharedKeys()
        static let variables = Dictionary(uniqueKeysWithValues: [
            "index", "release", "release_text", "tags", "tag", "archive", "year", "page", "contacts", "vcard",
            "404", "redirect", "feed", "sitemap", "robots", "search", "search-index",
        ].map { ($0, TemplateObject.SharedKeys()) })
    }
}
