import Foundation
import Markdown
import Templating

/// The fingerprint of everything one page's rendering reads: the templates, the `date` filter's
/// time zone, what the templates can see of the clock, and the page's variables, with each
/// release in them standing for the digest of its whole value. Two builds that give a page the
/// same fingerprint render it to the same bytes, so the second one need not render it.
///
/// A page that read no release's `body` when it was last rendered (a list, the search index, a
/// neighbour's page: `DeferredReads`) is fingerprinted with each release standing for its value
/// without the body: editing a body re-renders the pages that show it, not every list that
/// names the release. Whether a page read bodies rides in its fingerprint's lowest bit, so the
/// next build knows which way to fingerprint it. A page that did not read one reads none as long
/// as everything else it reads is the same, and then its fingerprint is the same too.
///
/// A class: the pages' fingerprints are worked out on every core from one copy of it.
final class PageFingerprints: Sendable {
    let base: Fingerprint
    /// Each release as it stands in a page's variables: a NUL and the digest of its value (no
    /// text of the site holds a NUL), with the body and without it. Made at once when every
    /// page is to be fingerprinted (a list page names ten releases, and each release is named
    /// on a dozen pages); nil when only the pages that read a changed release are, and each
    /// makes its own from `releaseDigests`.
    private let madeStandIns: (withBodies: [TemplateValue], withoutBodies: [TemplateValue])?

    private func standIn(_ index: Int, withBody: Bool) -> TemplateValue {
        if let made = madeStandIns { return withBody ? made.withBodies[index] : made.withoutBodies[index] }
        return Self.placeholder("release", withBody ? releaseDigests.withBodies[index] : releaseDigests.withoutBodies[index])
    }
    /// `site` is the same value on every page: hashed once.
    let site: Fingerprint
    let context: TemplateContext
    private let urls: SiteURLs

    /// - Parameters:
    ///   - memo: the digests of the last build's release values (`ReleaseValueMemo`).
    ///   - epoch: the last build's epoch (`PlanEpoch`), which `memo` and the manifest's fingerprints go with.
    init(context: TemplateContext, environment: TemplateEnvironment, timeZone: TimeZone, threads: Int,
         memo: [ReleaseValueDigest] = [], epoch previousEpoch: Fingerprint? = nil) {
        self.context = context
        urls = context.plan.site.config.urls
        var hasher = FingerprintHasher()
        hasher.combine("newsroom page fingerprint 1")
        hasher.combine(timeZone.identifier)
        for name in environment.templateNames {
            hasher.combine(name)
            hasher.combine(environment.templateTexts[name])
        }
        // `now` changes every build; what matters is what the templates print of it (often only the year).
        hasher.combine(SiteRenderer.clockSeen(by: environment, now: context.plan.clockNow, timeZone: timeZone))
        base = hasher.finalize()
        var siteHasher = FingerprintHasher()
        siteHasher.combine(context.site)
        site = siteHasher.finalize()
        let plan = context.plan
        let (base, site) = (base, site)
        // The epoch hashes every page (20 ms at 10,000 releases), beside the releases' digests.
        let (epoch, digests) = ParallelMap.alongside(threads: threads, {
            plan.site.settingsKey.map { PlanEpoch.digest(of: plan, base: base, site: site, settings: $0, isPreview: context.isPreview) }
        }) { () -> [(key: Fingerprint?, withBodies: Fingerprint, withoutBodies: Fingerprint)] in
            let known = Dictionary(memo.map { ($0.key, $0) }) { first, _ in first }
            return ParallelMap.map(Array(plan.releases.indices), threads: threads) {
                index -> (key: Fingerprint?, withBodies: Fingerprint, withoutBodies: Fingerprint) in
                let release = plan.releases[index]
                let key = plan.site.releaseInputs[release.sourcePath].map {
                    ReleaseValueMemo.key(of: release, input: $0, isPreview: context.isPreview, now: plan.clockNow)
                }
                if let key, let found = known[key] { return (key, found.withBodies, found.withoutBodies) }
                let made = Self.digests(of: index, context: context)
                return (key, made.withBodies, made.withoutBodies)
            }
        }
        releaseDigests = (digests.map(\.withBodies), digests.map(\.withoutBodies))
        valueDigests = digests.compactMap { digest in
            digest.key.map { ReleaseValueDigest(key: $0, withBodies: digest.withBodies, withoutBodies: digest.withoutBodies) }
        }
        self.epoch = epoch
        // The same epoch means the same release at each place, so `memo` is in this plan's order
        // when it holds every release.
        if let epoch, epoch == previousEpoch, memo.count == digests.count, valueDigests.count == digests.count {
            let changed = zip(memo, valueDigests).map { $0.key != $1.key }
            self.changed = changed
            anyChanged = changed.contains(true)
        } else {
            changed = nil
            anyChanged = true
        }
        if changed == nil {
            let made = ParallelMap.map(digests, threads: threads, run: 512) {
                (Self.placeholder("release", $0.withBodies), Self.placeholder("release", $0.withoutBodies))
            }
            madeStandIns = (made.map(\.0), made.map(\.1))
        } else {
            madeStandIns = nil
        }
    }

    /// What the pages read besides the releases' values (`PlanEpoch`), nil when the build does not cache.
    let epoch: Fingerprint?
    /// Whether the value of the release at each place changed since the last build; nil when
    /// the epoch changed, or a release has no key: then every page is fingerprinted.
    private let changed: [Bool]?
    private let anyChanged: Bool

    /// Whether pages can be known unchanged by their releases (`isKnown(_:)`): the epoch is the
    /// last build's. When it is not (a template, the settings or the plan's shape changed), every
    /// page is fingerprinted, and many may be rendered.
    var knowsUnchangedPages: Bool { changed != nil }

    /// Whether the page's fingerprint is the one the last build gave it, known without working it
    /// out: the epoch is the same and so is the value of every release the page reads.
    func isKnown(_ page: PlannedPage) -> Bool {
        guard let changed else { return false }
        switch context.releasesRead(by: page) {
        case .releases(let listed, let span): return !listed.contains { changed[$0] } && !(span.map { changed[$0].contains(true) } ?? false)
        case .every: return !anyChanged
        case .other: return false
        }
    }

    /// The digests of every release's value, with its body and without, in the plan's order:
    /// what the pages of every release are fingerprinted by, and the stand-ins made from.
    private let releaseDigests: (withBodies: [Fingerprint], withoutBodies: [Fingerprint])

    /// The release values' digests, in the plan's order, for the next build (`ReleaseValueMemo`):
    /// every release that has a cache key.
    let valueDigests: [ReleaseValueDigest]

    /// The digests of the value of the release at `index`, made and hashed.
    private static func digests(of index: Int, context: TemplateContext) -> (withBodies: Fingerprint, withoutBodies: Fingerprint) {
        var hasher = FingerprintHasher()
        var bodies: [(key: String, standIn: String)] = []
        hasher.combine(context.releases[index], noted: &bodies)
        let without = hasher.finalize()
        hasher = FingerprintHasher()
        hasher.combine(without)
        for (key, standIn) in bodies {
            hasher.combine(key)
            hasher.combine(standIn)
        }
        // Where the body's relative links are: the page value shows them resolved, and the
        // same text can come from a link (made absolute in feeds) or from raw HTML (kept).
        for slot in context.plan.releases[index].outline.linkSlots {
            hasher.combine(slot.offset)
            hasher.combine(slot.base == .site)
        }
        return (hasher.finalize(), without)
    }

    private static func placeholder(_ kind: String, _ digest: Fingerprint) -> TemplateValue {
        .safe("\u{0}" + kind + ":" + String(digest.high, radix: 16) + ":" + String(digest.low, radix: 16))
    }

    /// Whether the page a fingerprint is of read a release's body when it was made.
    static func readsBodies(_ fingerprint: Fingerprint) -> Bool { fingerprint.low & 1 == 1 }

    /// A wire copy's `body_text` stands for what `SiteURLs.text` makes it from: the body's text
    /// layout, where its relative destinations are, and the bases written in front of them.
    private func bodyTextPlaceholder(_ index: Int) -> TemplateValue {
        let release = context.plan.releases[index]
        let bases = urls.textBases(page: context.plan.url(of: release))
        var hasher = FingerprintHasher()
        hasher.combine(release.textDigest)
        for slot in release.outline.textLinkSlots {
            hasher.combine(slot.offset)
            hasher.combine(slot.base == .site)
        }
        hasher.combine(bases.site)
        hasher.combine(bases.page)
        return Self.placeholder("body_text", hasher.finalize())
    }

    private func searchPlaceholder(_ index: Int, readsBodies: Bool) -> TemplateValue {
        var hasher = FingerprintHasher()
        hasher.combine(standIn(index, withBody: readsBodies))
        let release = context.plan.releases[index]
        hasher.combine(release.wordsDigest)
        return Self.placeholder("search", hasher.finalize())
    }

    /// - Parameter readsBodies: whether the page read a release's body (`readsBodies(_:)`).
    func fingerprint(of page: PlannedPage, template: String, readsBodies: Bool) -> Fingerprint {
        if let fingerprint = everyReleaseFingerprint(of: page, template: template, readsBodies: readsBodies) { return fingerprint }
        // A feed's releases are the same values with absolute URLs: the same placeholders stand
        // for them. A search index entry adds words of the body (`Release.searchWords`), which the
        // release's placeholder does not cover: the entry's placeholder covers them too.
        let shown = { (index: Int) in self.standIn(index, withBody: readsBodies) }
        let variables = context.variables(for: page, release: shown, now: .null,
                                          absoluteRelease: shown, bodyText: bodyTextPlaceholder,
                                          searchEntries: { context.plan.releases.indices.map { searchPlaceholder($0, readsBodies: readsBodies) } },
                                          sitemapEntries: { Self.placeholder("sitemap", context.sitemapDigest($0)) })
        var hasher = FingerprintHasher()
        hasher.combine(base)
        hasher.combine(template)
        hasher.combine(variables.count)
        variables.forEachPair { key, value in
            hasher.combine(key)
            if key == "site" { hasher.combine(site) } else { hasher.combine(value) }
        }
        return Self.marked(hasher.finalize(), readsBodies: readsBodies)
    }

    /// A page that reads every release (the search index, the sitemaps) by the epoch and the
    /// digests of the releases' values, not by its variables with a stand-in for each release
    /// (10,000 of them made and hashed): everything else it reads the epoch covers
    /// (`PageReleaseReads.every`). The search index reads each release's words besides; a
    /// sitemap reads only when each release last changed. Nil for another page, or without an epoch.
    private func everyReleaseFingerprint(of page: PlannedPage, template: String, readsBodies: Bool) -> Fingerprint? {
        guard let epoch, context.releasesRead(by: page) == .every else { return nil }
        var hasher = FingerprintHasher()
        hasher.combine("every release")
        hasher.combine(epoch)
        hasher.combine(template)
        hasher.combine(page.outputPath)
        hasher.combine(page.url)
        hasher.combine(page.kind)
        if case .searchIndex = page.kind {
            for digest in readsBodies ? releaseDigests.withBodies : releaseDigests.withoutBodies { hasher.combine(digest) }
            for release in context.plan.releases { hasher.combine(release.wordsDigest) }
        } else {
            // A sitemap reads of the releases only when each last changed (`sitemapModified`):
            // a title edit leaves it as it was.
            for release in context.plan.releases { hasher.combine(release.modified.timeIntervalSinceReferenceDate.bitPattern) }
        }
        return Self.marked(hasher.finalize(), readsBodies: readsBodies)
    }

    /// The fingerprint with whether the page read a release's body in its lowest bit.
    private static func marked(_ fingerprint: Fingerprint, readsBodies: Bool) -> Fingerprint {
        var fingerprint = fingerprint
        fingerprint.low = fingerprint.low & ~1 | (readsBodies ? 1 : 0)
        return fingerprint
    }
}

extension FingerprintHasher {
    /// A release's value with its body left out: its key and stand-in go to `noted`.
    mutating func combine(_ value: TemplateValue, noted: inout [(key: String, standIn: String)]) {
        guard case .object(let object) = value else { return combine(value) }
        combine(7)
        combine(object.count)
        object.forEachPairStandingIn({ key, item in
            combine(key)
            combine(item)
        }, noted: { key, standIn in noted.append((key, standIn)) })
    }

    mutating func combine(_ value: TemplateValue) {
        switch value {
        case .null: combine(0)
        case .bool(let flag): combine(1); combine(flag)
        case .int(let number): combine(2); combine(number)
        case .double(let number): combine(3); combine(number.bitPattern)
        case .string(let text): combine(4); combine(text)
        case .safe(let text): combine(5); combine(text)
        case .array(let items):
            combine(6)
            combine(items.count)
            for item in items { combine(item) }
        case .object(let object):
            combine(7)
            combine(object.count)
            object.forEachPairStandingIn { key, item in
                combine(key)
                combine(item)
            }
        }
    }
}
