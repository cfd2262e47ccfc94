import Foundation
import Markdown
@testable import NewsroomKit
import Templating
import Testing

/// A build whose epoch (`PlanEpoch`) is the last build's fingerprints only the pages that read a
/// release whose value changed (`TemplateContext.releasesRead(by:)`); every other page keeps
/// the fingerprint the manifest holds. Both halves must cover all a page's variables read.
@Suite struct PlanEpochTests {
    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))

    /// The plan and template context of a site, as a build makes them.
    static func context(of directory: String) throws -> TemplateContext {
        let site = try #require(SiteLoader.load(siteDirectory: directory, baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: directory, clock: clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: clock).plan)
        return try #require(SiteRenderer.make(plan: plan, clock: clock, isPreview: false).renderer).context
    }

    /// The releases each page's variables read through the closures all lie within the page's
    /// reads. (Reads of the plan's releases outside the closures, such as a redirect's target or
    /// a feed's dates, are of releases the same page's closures read too.)
    @Test(arguments: ["basic", "feeds/site", "release", "contacts", "media-kit", "overrides", "site-filters", "(demo)", "(larger)"])
    func theVariablesReadNoReleaseOutsideThePagesReads(site name: String) throws {
        let directory = switch name {
        case "(demo)": Fixtures.repository.path
        case "(larger)": try ReleaseValueMemoTests.largerSite()
        default: Fixtures.site(name)
        }
        let context = try Self.context(of: directory)
        #expect(context.plan.releases.count > 0)
        var checked = 0
        for page in context.plan.pages {
            var read = Set<Int>()
            var readsEvery = false
            let standIn = { (index: Int) -> TemplateValue in
                read.insert(index)
                return .safe("\u{0}release:\(index)")
            }
            _ = context.variables(for: page, release: standIn, now: .null, absoluteRelease: standIn, bodyText: standIn,
                                  searchEntries: { readsEvery = true; return [] }, sitemapEntries: { _ in readsEvery = true; return .null })
            switch context.releasesRead(by: page) {
            case .releases(let listed, let span):
                let indices = listed + (span.map(Array.init) ?? [])
                #expect(!readsEvery, "\(page.outputPath) reads every release")
                #expect(read.isSubset(of: Set(indices)), "\(page.outputPath) reads \(read.subtracting(indices).sorted())")
                checked += 1
            case .every, .other: break
            }
        }
        #expect(checked > 0)
    }

    /// The epoch changes with each part of the plan's shape and with what every page shares, and
    /// not with a release's body.
    @Test func theEpochCoversThePlansShape() throws {
        let context = try Self.context(of: Fixtures.site("basic"))
        let plan = context.plan
        let base = Fingerprint.of(Data("base".utf8)), site = Fingerprint.of(Data("site".utf8)), settings = Fingerprint.of(Data("settings".utf8))
        let epoch = { (plan: SitePlan) in PlanEpoch.digest(of: plan, base: base, site: site, settings: settings, isPreview: false) }
        let before = epoch(plan)
        #expect(epoch(plan) == before)
        #expect(PlanEpoch.digest(of: plan, base: settings, site: site, settings: settings, isPreview: false) != before)
        #expect(PlanEpoch.digest(of: plan, base: base, site: base, settings: settings, isPreview: false) != before)
        #expect(PlanEpoch.digest(of: plan, base: base, site: site, settings: base, isPreview: false) != before)
        #expect(PlanEpoch.digest(of: plan, base: base, site: site, settings: settings, isPreview: true) != before)

        var retold = plan
        retold.site.releases[0][dynamicMember: \Release.Fields.body].text += "\nAnother line.\n"
        #expect(epoch(retold) == before, "a body is a release's value, not the plan's shape")
        var moved = plan
        moved.site.releases[0].sourcePath += ".moved"
        #expect(epoch(moved) != before)
        var related = plan
        related.related[0].append(related.related[0].first ?? 1)
        #expect(epoch(related) != before)
        var limit = plan
        limit.sitemapLimit += 1
        #expect(epoch(limit) != before)
        // Every page's path, address and kind, with what the kind holds.
        for (place, page) in plan.pages.enumerated() {
            var renamed = plan
            renamed.pages[place].outputPath += "x"
            #expect(epoch(renamed) != before)
            var readdressed = plan
            readdressed.pages[place].url += "x"
            #expect(epoch(readdressed) != before)
            if let changed = Self.changed(page.kind) {
                var rekinded = plan
                rekinded.pages[place].kind = changed
                #expect(epoch(rekinded) != before, "\(page.outputPath)")
            }
        }
    }

    /// The kind changed in what it holds, where it holds anything the epoch covers.
    static func changed(_ kind: PlannedPage.Kind) -> PlannedPage.Kind? {
        func more(_ pagination: Pagination) -> Pagination {
            var changed = pagination
            changed.totalItems += 1
            return changed
        }
        switch kind {
        case .index(let pagination, let indices): return .index(more(pagination), releases: indices)
        case .release(let index): return .release(index + 1)
        case .wireCopy(let index): return .wireCopy(index + 1)
        case .tag(var group, let pagination, let indices):
            group.name += "x"
            return .tag(group, pagination, releases: indices)
        case .year(var year):
            year.months = year.months.map { ($0.month, $0.releases + [0]) }
            return .year(year)
        case .redirect(let index, let from): return .redirect(to: index, from: from + "x")
        case .feed(var feed):
            feed.releases.append(0)
            return .feed(feed)
        case .vcard(let index): return .vcard(index + 1)
        case .sitemap(let part): return .sitemap(part: part + 1)
        case .sitemapIndex(let parts): return .sitemapIndex(parts: parts + 1)
        case .page(var page):
            page.sourcePath += "x"
            return .page(page)
        case .tags, .archive, .contacts, .notFound, .robots, .search, .searchIndex: return nil
        }
    }

    /// The epoch hashes the plan's types field by field: a new field of these types must be
    /// added to `PlanEpoch.digest` when a page's variables read it (or the page's reads made `.other`).
    @Test func theEpochKnowsEveryFieldOfThePlansShape() throws {
        let context = try Self.context(of: Fixtures.site("basic"))
        let labels = { (value: Any) in Mirror(reflecting: value).children.compactMap(\.label) }
        // `tags`, `years` and `nav` are read by pages of `.other` reads and by `site`; `copies`,
        // `memo` and `checks` by no page; `calendar` and `clockNow` are the time zone and clock of `base`.
        #expect(labels(context.plan) == ["site", "tags", "years", "pages", "copies", "clockNow", "related",
                                         "calendar", "sitemapLimit", "nav", "memo", "checks"])
        #expect(labels(context.plan.pages[0]) == ["url", "outputPath", "kind"])
        #expect(labels(Pagination(number: 1, count: 1, totalItems: 0, firstURL: "")) == ["number", "count", "totalItems", "firstURL"])
        let group = TagGroup(name: "a", slug: "a", releases: [])
        #expect(labels(group) == ["name", "slug", "releases"])
        #expect(labels(YearGroup(year: 2026, releases: [], months: [])) == ["year", "releases", "months"])
        #expect(labels(Feed(format: .atom, tag: group, releases: [])) == ["format", "tag", "releases"])
    }

    static func session(_ cache: String) -> BuildSession { ReleaseValueMemoTests.session(cache) }

    /// A body edit fingerprints the pages that show the release and the few read by no release;
    /// a date edit, which moves releases, changes the epoch and fingerprints every page; both
    /// give what a clean build gives.
    @Test func aBodyEditFingerprintsOnlyThePagesThatShowTheRelease() throws {
        let site = try ReleaseValueMemoTests.largerSite()
        let work = Fixtures.temporaryDirectory("plan-epoch")
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public", clock: Self.clock, threads: 2)
        let first = try Self.session(work + "/cache").build(options)
        #expect(first.pagesFingerprinted == first.pages, "a first build renders every page, then fingerprints it for the next")

        let edited = site + "/Content/releases/2023/\(ReleaseValueMemoTests.day(18))-report-18.md"
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        let edit = { (text: String) in
            Thread.sleep(forTimeInterval: 0.04)
            try text.write(toFile: edited, atomically: false, encoding: .utf8)
        }
        try edit(text + "\n\nA paragraph added later.\n")
        let second = try Self.session(work + "/cache").build(options)
        #expect(second.pagesFingerprinted > 0 && second.pagesFingerprinted * 4 < second.pages,
                "\(second.pagesFingerprinted) of \(second.pages) pages fingerprinted")
        try #expect(OutputTree(work + "/public") == OutputTree(Fixtures.build(site, output: work + "/clean-1").outputDirectory))

        // The same edit again (nothing changed): no release changed, no page that reads only
        // releases is fingerprinted.
        try edit(text + "\n\nA paragraph added later.\n")
        let unchanged = try Self.session(work + "/cache").build(options)
        #expect(unchanged.pagesFingerprinted < second.pagesFingerprinted)

        try edit(text.replacingOccurrences(of: "date: \(ReleaseValueMemoTests.day(18))", with: "date: 2023-12-28"))
        let moved = try Self.session(work + "/cache").build(options)
        #expect(moved.pagesFingerprinted == moved.pages, "\(moved.pagesFingerprinted) of \(moved.pages) pages fingerprinted")
        try #expect(OutputTree(work + "/public") == OutputTree(Fixtures.build(site, output: work + "/clean-2").outputDirectory))
    }
}
