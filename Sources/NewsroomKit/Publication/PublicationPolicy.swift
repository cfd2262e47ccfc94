public import Foundation

/// Decides, once and before anything is derived, which releases and pages are published.
/// Everything after this stage sees only what it lets through.
public struct PublicationPolicy: Sendable, Equatable {
    public var clock: Clock
    public var includeDrafts: Bool
    public var includeFuture: Bool

    public init(clock: Clock, includeDrafts: Bool = false, includeFuture: Bool = false) {
        self.clock = clock
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
    }

    public enum Hold: Sendable, Equatable, Hashable {
        case draft
        case embargoed(until: Date)
        case scheduled(for: Date)
    }

    /// Why a release is held back, or nil when it is published.
    public func hold(_ release: Release) -> Hold? {
        if release.draft && !includeDrafts { return .draft }
        if let embargo = release.embargo, embargo > clock.now, !includeDrafts { return .embargoed(until: embargo) }
        if release.date > clock.now, !includeFuture { return .scheduled(for: release.date) }
        return nil
    }

    /// Splits the site's content; the published site keeps the original order.
    public func apply(to site: Site) -> (published: Site, withheld: [WithheldRelease]) {
        var published = site
        var withheld: [WithheldRelease] = []
        published.releases = site.releases.filter { release in
            guard let hold = hold(release) else { return true }
            withheld.append(WithheldRelease(release: release, hold: hold))
            return false
        }
        published.pages = site.pages.filter { !$0.draft || includeDrafts }
        return (published, withheld)
    }
}

/// A release left out of the build, and why.
public struct WithheldRelease: Sendable {
    public var release: Release
    public var hold: PublicationPolicy.Hold

    /// When it becomes due by itself; nil for drafts, which wait for a person.
    public var due: Date? {
        switch hold {
        case .draft: return nil
        case .embargoed(let until): return max(until, release.date)
        case .scheduled(let date): return max(date, release.embargo ?? date)
        }
    }
}
