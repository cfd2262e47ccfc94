import Foundation

/// What a preview (`--drafts`) shows of a release that a published build would hold back,
/// for its banner. Outside a preview every flag is false and there is no due time: nothing
/// held is ever rendered there.
struct PreviewHold: Equatable {
    /// `draft: true`.
    var draft = false
    /// The embargo is after the clock.
    var embargoed = false
    /// The date is after the clock and after any embargo: the date is what holds it last.
    /// (A release dated at its embargo, the usual way to write one, is embargoed, not scheduled.)
    var scheduled = false
    /// When it goes out by itself: the later of its date and its embargo, when either is after
    /// the clock; nil for a release the clock does not hold.
    var due: Date?

    init(_ release: Release, now: Date, isPreview: Bool) {
        guard isPreview else { return }
        draft = release.draft
        let embargo = release.embargo.flatMap { $0 > now ? $0 : nil }
        embargoed = embargo != nil
        scheduled = release.date > now && release.date > (embargo ?? .distantPast)
        if embargoed || scheduled { due = max(release.date, embargo ?? release.date) }
    }
}
