/// What the last build's planning found, kept in the output's manifest, so that the next
/// build checks again only what may have changed since: an edit to one release's body leaves
/// every output path and every other release's links as they were.
///
/// Only a build that succeeded leaves a manifest, so what it found is clean: no output path
/// was a file that another needed as a folder, and the links kept here led somewhere. A
/// manifest of another version of newsroom is not read.
struct PlanMemo: Sendable, Equatable {
    /// The digest of every output path claimed, by which source, held or not (`OutputClaims.digest`).
    /// The same claims need no walk up their folders nor a check of each path, and hold the
    /// same paths for links to lead to.
    var claims: Fingerprint
    /// The release inputs (`ReleaseCacheKey`) whose links all led somewhere, checked against
    /// the paths of `claims`, sorted (1.6 MB at 100,000 releases, where a set takes 4 MB). A
    /// release's links and its page's address are made from its input.
    var cleanLinks: [Fingerprint]
    /// Each published release's related releases (`SitePlan.related`) and the digest of what
    /// they were worked out from (`RelatedReleases.inputs`): the same tags on the same releases
    /// in the same order give the same lists, which at 100,000 releases took half a second to
    /// work out again for an edit of one body.
    var related: Related?

    struct Related: Sendable, Equatable {
        var inputs: Fingerprint
        var lists: [[Int]]
    }

    init(claims: Fingerprint, cleanLinks: [Fingerprint], related: Related? = nil) {
        self.claims = claims
        self.cleanLinks = cleanLinks.sorted(by: Self.precedes)
        self.related = related
    }

    /// The related releases kept for `inputs`, when they were worked out from them and each
    /// names other releases of `count`, each once, at most `RelatedReleases.limit`; else nil.
    func related(for inputs: Fingerprint, count: Int) -> [[Int]]? {
        guard let related, related.inputs == inputs, related.lists.count == count else { return nil }
        // A list holds at most three: each entry compared with the ones before it, no set made
        // for each of 100,000 lists.
        for (index, list) in related.lists.enumerated() {
            guard list.count <= RelatedReleases.limit else { return nil }
            for (place, entry) in list.enumerated() {
                guard entry >= 0, entry < count, entry != index, !list[..<place].contains(entry) else { return nil }
            }
        }
        return related.lists
    }

    static func precedes(_ a: Fingerprint, _ b: Fingerprint) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// Whether `input` is among `cleanLinks`, by halving. Read from a file whose list is not
    /// sorted, it may miss an input, never find one that is not there.
    func isClean(_ input: Fingerprint) -> Bool {
        var (low, high) = (0, cleanLinks.count)
        while low < high {
            let middle = (low + high) / 2
            if cleanLinks[middle] == input { return true }
            if Self.precedes(cleanLinks[middle], input) { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// What this build can take from `previous`, with its own claims' digest.
    struct Known {
        /// This build's claims.
        var claims: Fingerprint
        var claimsUnchanged = false
        /// The last build's memo, when its claims are these.
        var previous: PlanMemo?

        init(_ previous: PlanMemo?, claims: Fingerprint) {
            self.claims = claims
            guard let previous, previous.claims == claims else { return }
            claimsUnchanged = true
            self.previous = previous
        }
    }
}
