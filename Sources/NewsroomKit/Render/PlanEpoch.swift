import Foundation

/// What a page's variables (`TemplateContext.variables(for:)`) read, split in two: the values of
/// the releases it shows (`releasesRead(by:)`), and everything else, the same for every page of
/// a plan (the epoch, `PlanEpoch.digest`). A build whose epoch is the last build's need not
/// fingerprint a page whose releases all have the values they had: its fingerprint is the one
/// the manifest holds (`PageFingerprints.isKnown(_:)`). An edit of one release's body then
/// fingerprints the few pages that show that release, not every page of the site.
enum PageReleaseReads: Equatable {
    /// The page reads these releases (places in the plan's releases) and nothing else of any
    /// release: those `listed` (a list the plan holds) and those at the places in `span`. Told
    /// without a list made for the page: every page of an incremental build asks.
    case releases(listed: [Int], span: ClosedRange<Int>?)
    /// The page reads every release (the search index, the sitemaps).
    case every
    /// The page reads what the epoch does not cover (the media kit, a page's own text, the
    /// tags' counts), or nothing of a release: it is fingerprinted in every build.
    case other
}

extension TemplateContext {
    /// The releases `variables(for: page)` reads, through its closures or the plan. A test
    /// (`PlanEpochTests`) checks the closures read no other release on every page of the fixtures.
    func releasesRead(by page: PlannedPage) -> PageReleaseReads {
        switch page.kind {
        case .index(_, let indices), .tag(_, _, let indices): return .releases(listed: indices, span: nil)
        case .release(let index):
            // The page, its neighbours and its related releases.
            return .releases(listed: plan.related.indices.contains(index) ? plan.related[index] : [],
                             span: max(0, index - 1) ... min(plan.releases.count - 1, index + 1))
        case .wireCopy(let index), .redirect(let index, _): return .releases(listed: [], span: index ... index)
        case .year(let year): return .releases(listed: year.releases, span: nil)
        case .feed(let feed): return .releases(listed: feed.releases, span: nil)
        case .sitemap, .sitemapIndex, .searchIndex: return .every
        case .tags, .archive, .page, .contacts, .vcard, .notFound, .robots, .search: return .other
        }
    }
}

enum PlanEpoch {
    /// Everything a page whose reads are `.releases` or `.every` takes from outside the releases'
    /// values, as one fingerprint:
    /// - `base`, the templates, time zone and clock as `PageFingerprints` sees them;
    /// - `site`, the value of `site`;
    /// - `settings`, the key of the settings every release's parse reads (`ReleaseCacheKey.context`:
    ///   `Content/newsroom.yml`, the base URL given on the command line, the media files' names),
    ///   which give URLs, contacts, the organization and the feed links;
    /// - whether the build is a preview;
    /// - the plan's shape: which release is at each place, every page's path, address and kind
    ///   with the places, pages and groups it holds, the related releases, the sitemap's part size.
    static func digest(of plan: SitePlan, base: Fingerprint, site: Fingerprint, settings: Fingerprint, isPreview: Bool) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine("newsroom plan epoch 1")
        hasher.combine(base)
        hasher.combine(site)
        hasher.combine(settings)
        hasher.combine(isPreview)
        hasher.combine(plan.releases.count)
        for release in plan.releases { hasher.combine(release.sourcePath) }
        hasher.combine(plan.pages.count)
        for page in plan.pages {
            hasher.combine(page.outputPath)
            hasher.combine(page.url)
            hasher.combine(page.kind)
        }
        hasher.combine(plan.related.count)
        for related in plan.related { hasher.combine(related) }
        hasher.combine(plan.sitemapLimit)
        return hasher.finalize()
    }
}

extension FingerprintHasher {
    /// The places as one run of bytes (the length is hashed with them).
    mutating func combine(_ indices: [Int]) {
        indices.withUnsafeBytes { combine(raw: $0) }
    }

    mutating func combine(_ pagination: Pagination) {
        combine(pagination.number)
        combine(pagination.count)
        combine(pagination.totalItems)
        combine(pagination.firstURL)
    }

    /// A tag as its pages and feeds show it (`TemplateContext.tag`): its name, slug and count.
    /// Each of its pages holds the whole group, and a page's own releases are in its kind: the
    /// group's list hashed with every page would cost a tag of n releases n²/10 steps.
    mutating func combine(_ group: TagGroup) {
        combine(group.name)
        combine(group.slug)
        combine(group.releases.count)
    }

    mutating func combine(_ year: YearGroup) {
        combine(year.year)
        combine(year.releases)
        combine(year.months.count)
        for month in year.months {
            combine(month.month)
            combine(month.releases)
        }
    }

    /// A page's kind, with what it holds; a standalone page by its source only, since a page of
    /// that kind is fingerprinted in every build (`PageReleaseReads.other`).
    mutating func combine(_ kind: PlannedPage.Kind) {
        switch kind {
        case .index(let pagination, let indices): combine(0); combine(pagination); combine(indices)
        case .release(let index): combine(1); combine(index)
        case .wireCopy(let index): combine(2); combine(index)
        case .tags: combine(3)
        case .tag(let group, let pagination, let indices): combine(4); combine(group); combine(pagination); combine(indices)
        case .archive: combine(5)
        case .year(let year): combine(6); combine(year)
        case .page(let page): combine(7); combine(page.sourcePath)
        case .contacts: combine(8)
        case .vcard(let index): combine(9); combine(index)
        case .notFound: combine(10)
        case .redirect(let index, let from): combine(11); combine(index); combine(from)
        case .feed(let feed):
            combine(12)
            combine(feed.format == .atom)
            combine(feed.tag != nil)
            if let tag = feed.tag { combine(tag) }
            combine(feed.releases)
        case .sitemap(let part): combine(13); combine(part)
        case .sitemapIndex(let parts): combine(14); combine(parts)
        case .robots: combine(15)
        case .search: combine(16)
        case .searchIndex: combine(17)
        }
    }
}
