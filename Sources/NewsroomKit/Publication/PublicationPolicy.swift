public import Foundation

/// Decides, once and before anything is derived, which releases, pages and media files are
/// published. Everything after this stage sees only what it lets through.
public struct PublicationPolicy: Sendable, Equatable {
    public var clock: Clock
    /// `--drafts`, a local preview: nothing is held, whatever its date or embargo (drafts,
    /// embargoed and scheduled releases alike, and draft pages). The theme marks each held one.
    public var includeDrafts: Bool
    /// `--future`: releases dated after the clock are published; drafts and embargoes still hold.
    public var includeFuture: Bool

    public init(clock: Clock, includeDrafts: Bool = false, includeFuture: Bool = false) {
        self.clock = clock
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
    }

    public enum Hold: Sendable, Equatable, Hashable, CustomStringConvertible {
        case draft
        case embargoed(until: Date)
        case scheduled(for: Date)

        /// "a draft", "embargoed until 2027-03-01T14:00:00Z", "scheduled for …": the one wording of
        /// why something is held, for diagnostics and summaries.
        public var description: String {
            switch self {
            case .draft: return "a draft"
            case .embargoed(let until): return "embargoed until \(ContentDate.iso8601(until, timeZone: .gmt))"
            case .scheduled(let date): return "scheduled for \(ContentDate.iso8601(date, timeZone: .gmt))"
            }
        }
    }

    /// Why a release is held back, or nil when it is published.
    public func hold(_ release: Release) -> Hold? {
        if includeDrafts { return nil }
        if release.draft { return .draft }
        if let embargo = release.embargo, embargo > clock.now { return .embargoed(until: embargo) }
        if release.date > clock.now, !includeFuture { return .scheduled(for: release.date) }
        return nil
    }

    /// Splits the site's content; the published site keeps the original order.
    public func apply(to site: Site) -> Publication {
        var published = site
        var withheld: [WithheldRelease] = []
        published.releases = site.releases.filter { release in
            guard let hold = hold(release) else { return true }
            withheld.append(WithheldRelease(release: release, hold: hold))
            return false
        }
        published.pages = site.pages.filter { !$0.draft || includeDrafts }
        let withheldPages = site.pages.filter { $0.draft && !includeDrafts }
        let withheldMedia = MediaReferences(site: site).heldOnly(by: withheld.map(\.release), published: published)
        let heldPaths = Set(withheldMedia.map(\.path))
        published.mediaFiles = site.mediaFiles.filter { !heldPaths.contains($0) }
        return Publication(site: published, withheld: withheld, withheldPages: withheldPages, withheldMedia: withheldMedia)
    }
}

/// The policy's verdict: what is published, and everything held back.
public struct Publication: Sendable {
    /// The published site: releases, pages and media files that may appear in the output.
    public var site: Site
    public var withheld: [WithheldRelease]
    /// Draft pages, held unless `--drafts`.
    public var withheldPages: [StandalonePage]
    /// Files of `Content/media/` that only held releases refer to.
    public var withheldMedia: [WithheldMedia]
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

/// A shared media file held back with the held releases that alone refer to it.
public struct WithheldMedia: Sendable, Equatable {
    /// Relative to `Content/media/`.
    public var path: String
    /// Source paths of the held releases that refer to it, sorted.
    public var heldBy: [String]
}
