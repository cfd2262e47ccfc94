import Foundation
import Markdown
import Templating

/// Turns the plan's models into the values templates see (DESIGN.md, "Core of the context").
/// Release values are made once and shared by every page that lists them.
struct TemplateContext: Sendable {
    let plan: SitePlan
    let site: TemplateValue
    let releases: [TemplateValue]
    let now: String
    let isPreview: Bool

    init(plan: SitePlan, clock: Clock, isPreview: Bool, threads: Int = 0) {
        self.plan = plan
        let config = plan.site.config
        self.isPreview = isPreview
        now = ContentDate.iso8601(clock.now, timeZone: config.timeZone)
        let contacts = config.contacts.map(Self.contact)
        let about = config.organization.about.map {
            Markdown.render($0, options: ContentContext(config: config, mediaFiles: []).markdownOptions).html
        }
        let organization: TemplateValue = .object(TemplateObject([
            ("name", .string(config.organization.name)),
            ("url", config.organization.url.map(TemplateValue.string) ?? .null),
            ("about", about.map(TemplateValue.safe) ?? .null),
            ("logo", config.organization.logo.map { .string(Self.assetURL($0, config: config)) } ?? .null),
        ]))
        let pages: [TemplateValue] = plan.site.pages.sorted { $0.slug < $1.slug }.map { page in
            .object(TemplateObject([("title", .string(page.title)), ("url", .string(config.url(page.slug + "/")))]))
        }
        site = .object(TemplateObject([
            ("title", .string(config.title)),
            ("base_url", .string(config.baseURL)),
            ("base_path", .string(config.basePath)),
            ("language", .string(config.language)),
            ("description", config.description.map(TemplateValue.string) ?? .null),
            ("organization", organization),
            ("contacts", .array(contacts)),
            ("pages", .array(pages)),
            ("urls", .object(TemplateObject([
                ("home", .string(config.url(""))),
                ("tags", .string(config.url(Route.tags))),
                ("archive", .string(config.url(Route.archive))),
            ]))),
            ("params", .object(config.params)),
        ]))
        releases = ParallelMap.map(plan.releases, threads: threads) { Self.release($0, plan: plan, isPreview: isPreview) }
    }

    static func assetURL(_ path: String, config: NewsroomConfig) -> String {
        let lower = path.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return path }
        if path.hasPrefix("/") { return config.basePath + path.dropFirst() }
        return config.url(Route.media(Route.encoded(path)))
    }

    /// `812 bytes`, `14 KB`, `1.2 MB` (decimal units, as download sizes are usually shown).
    static func humanSize(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(Int((Double(bytes) / 1000).rounded())) KB" }
        let megabytes = Double(bytes) / 1_000_000
        let tenths = Int((megabytes * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }

    static func contact(_ contact: Contact) -> TemplateValue {
        .object(TemplateObject([
            ("id", .string(contact.id)),
            ("name", .string(contact.name)),
            ("title", contact.title.map(TemplateValue.string) ?? .null),
            ("organization", contact.organization.map(TemplateValue.string) ?? .null),
            ("phone", contact.phone.map(TemplateValue.string) ?? .null),
            ("phone_uri", contact.phone.flatMap(phoneURI).map(TemplateValue.string) ?? .null),
            ("email", contact.email.map(TemplateValue.string) ?? .null),
        ]))
    }

    /// `(571) 319-3047` → `tel:5713193047`; `+1 555 0100` → `tel:+15550100`. Nil when no digits remain.
    static func phoneURI(_ phone: String) -> String? {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return "tel:" + (phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") ? "+" : "") + digits
    }

    func tag(name: String, slug: String, count: Int?) -> TemplateValue {
        var pairs: [(String, TemplateValue)] = [
            ("name", .string(name)), ("slug", .string(slug)),
            ("url", .string(plan.site.config.url(Route.tag(slug)))),
        ]
        if let count { pairs.append(("count", .int(count))) }
        return .object(TemplateObject(pairs))
    }

    static func release(_ release: Release, plan: SitePlan, isPreview: Bool) -> TemplateValue {
        let config = plan.site.config
        let url = plan.url(of: release)
        func assetURL(_ asset: Asset) -> String {
            switch asset {
            case .external(let address): return address
            case .bundle(let relative): return config.url(url + Route.encoded(relative))
            case .media(let relative): return config.url(Route.media(Route.encoded(relative)))
            }
        }
        let tags: [TemplateValue] = release.tagNames.map { name in
            let slug = Slug.make(name)
            return .object(TemplateObject([
                ("name", .string(name)), ("slug", .string(slug)), ("url", .string(config.url(Route.tag(slug)))),
            ]))
        }
        let attachments: [TemplateValue] = release.attachments.map { attachment in
            .object(TemplateObject([
                ("title", .string(attachment.title)), ("url", .string(assetURL(attachment.asset))),
                ("size", attachment.size.map { .string(Self.humanSize($0)) } ?? .null),
            ]))
        }
        let contacts = release.contacts.compactMap { config.contact(id: $0) }.map(Self.contact)
        let embargoed = release.embargo.map { $0 > plan.clockNow } ?? false
        return .object(TemplateObject([
            ("title", .string(release.title)),
            ("subtitle", release.subtitle.map(TemplateValue.string) ?? .null),
            ("category", release.category.map(TemplateValue.string) ?? .null),
            ("category_url", release.category.map { .string(config.url(Route.tag(Slug.make($0)))) } ?? .null),
            ("date", .string(ContentDate.iso8601(release.date, timeZone: config.timeZone))),
            ("year", .int(plan.year(of: release))),
            ("dateline", release.dateline.map(TemplateValue.string) ?? .null),
            ("summary", release.summaryText.map(TemplateValue.string) ?? .null),
            ("body", .safe(release.body.html)),
            ("url", .string(config.url(url))),
            ("permalink", .string(config.permalink(url))),
            ("slug", .string(release.slug)),
            ("tags", .array(tags)),
            ("contacts", .array(contacts)),
            ("image", release.image.map { .string(assetURL($0)) } ?? .null),
            ("image_alt", release.imageAlt.map(TemplateValue.string) ?? .null),
            ("attachments", .array(attachments)),
            ("params", .object(release.params)),
            ("draft", .bool(isPreview && release.draft)),
            ("embargoed", .bool(isPreview && embargoed)),
            ("embargo", isPreview ? release.embargo.map { .string(ContentDate.iso8601($0, timeZone: config.timeZone)) } ?? .null : .null),
        ]))
    }

    /// The variables of one page: `site`, `now`, `page` and what the page kind adds.
    func variables(for page: PlannedPage) -> TemplateObject {
        variables(for: page, release: { releases[$0] }, now: .string(now))
    }

    /// The same variables with each release given by `release(index)` and `now` given: the one
    /// description of a page's context, for rendering and for `PageFingerprints`.
    func variables(for page: PlannedPage, release: (Int) -> TemplateValue, now: TemplateValue) -> TemplateObject {
        let config = plan.site.config
        var title = config.title
        var description = config.description
        var kind = "index"
        var extra: [(String, TemplateValue)] = []

        func list(_ indices: [Int]) -> TemplateValue { .array(indices.map(release)) }
        func paginator(_ pagination: Pagination) -> TemplateValue {
            .object(TemplateObject([
                ("page", .int(pagination.number)),
                ("pages", .int(pagination.count)),
                ("prev_url", pagination.previousURL.map { .string(config.url($0)) } ?? .null),
                ("next_url", pagination.nextURL.map { .string(config.url($0)) } ?? .null),
                ("total", .int(pagination.totalItems)),
                ("first_url", .string(config.url(pagination.firstURL))),
            ]))
        }

        switch page.kind {
        case .index(let pagination, let indices):
            if pagination.number > 1 { title = "Releases, page \(pagination.number)" }
            extra = [("releases", list(indices)), ("paginator", paginator(pagination))]
        case .release(let index):
            kind = "release"
            title = plan.releases[index].title
            description = plan.releases[index].summaryText
            extra = [
                ("release", release(index)),
                ("newer", index > 0 ? release(index - 1) : .null),
                ("older", index + 1 < releases.count ? release(index + 1) : .null),
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
                    ("year", .int(year.year)), ("url", .string(config.url(year.url))),
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
                    ("year", .int(year.year)), ("url", .string(config.url(year.url))),
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
        case .notFound:
            kind = "404"
            title = "Page not found"
        case .redirect(let index, _):
            kind = "redirect"
            let target = plan.releases[index]
            title = target.title
            let url = plan.url(of: target)
            extra = [("target", .object(TemplateObject([
                ("url", .string(config.url(url))), ("permalink", .string(config.permalink(url))),
                ("title", .string(target.title)),
            ])))]
        }

        var pageValue: [(String, TemplateValue)] = [
            ("title", .string(title)),
            ("url", .string(config.url(page.url))),
            ("permalink", .string(config.permalink(page.url))),
            ("description", description.map(TemplateValue.string) ?? .null),
            ("kind", .string(kind)),
        ]
        if case .page(let standalone) = page.kind {
            pageValue += [("body", .safe(standalone.body.html)), ("params", .object(standalone.params))]
        }
        return TemplateObject([
            ("site", site), ("now", now), ("is_preview", .bool(isPreview)),
            ("page", .object(TemplateObject(pageValue))),
        ] + extra)
    }
}
