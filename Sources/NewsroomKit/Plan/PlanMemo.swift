/// What the last build's planning found, kept in the output's manifest, so that the next
/// build checks again only what may have changed since: an edit to one release's body leaves
/// every output path and every other release's links as they were.
///
/// Only a build that succeeded leaves a manifest, so what it found is clean: no output path
/// was a file that another needed as a folder, and the links kept here led somewhere. A
/// manifest of another version of newsroom is not read.
struct PlanMemo: Sendable, Equatable {
    /// The digest of every output path claimed, by which source, held or not (`OutputClaims.digest`).
    /// The same claims need no walk up their folders, and hold the same paths for links to lead to.
    var claims: Fingerprint
    /// The release inputs (`ReleaseCacheKey`) whose links all led somewhere, checked against
    /// the paths of `claims`. A release's links and its page's address are made from its input.
    var cleanLinks: Set<Fingerprint>

    /// What this build can take from `previous`, with its own claims' digest.
    struct Known {
        /// This build's claims.
        var claims: Fingerprint
        var claimsUnchanged = false
        var cleanLinks: Set<Fingerprint> = []

        init(_ previous: PlanMemo?, claims: Fingerprint) {
            self.claims = claims
            guard let previous, previous.claims == claims else { return }
            claimsUnchanged = true
            cleanLinks = previous.cleanLinks
        }
    }
}
