import Foundation

extension LeakScanner {
    /// Whether a file at `path` can be searched a part at a time (`PartSearch`): one whose
    /// links are not read (`readsLinks`), such as the search index. The sitemaps' links are
    /// read, so they are searched whole; each holds at most `sitemap_limit` addresses.
    func searchesInParts(_ path: String) -> Bool { !readsLinks(path) }

    /// The search of one output file handed over a part at a time as it is written
    /// (`PageStream`): it finds what `findings(in:bytes:)` finds in all the file's bytes, in
    /// any parts, while keeping only the bytes that a match ending in a later part can start
    /// in or walk back over (`isOurURL`, back to the start of an address). A run with no byte
    /// that ends an address is kept whole, as the page would be without parts.
    final class PartSearch: @unchecked Sendable {  // used by the one thread that renders its page
        private let scanner: LeakScanner
        private var found = Found()
        /// Where the matcher stands after the bytes searched.
        private var state = 0
        /// The last bytes handed over that a later match may reach, then those not searched yet.
        private var kept: [UInt8] = []
        /// How many bytes of `kept` are searched: all but the last one, since whether a URL
        /// ending there counts depends on the byte after it.
        private var searched = 0
        /// `kept[..<clear]` holds no byte that ends an address (`endsAddress`), and `kept`
        /// starts where the file starts or just after such a byte: a walk back stops there.
        private var clear = 0
        /// The longest needle's length in bytes.
        private let longest: Int

        init(_ scanner: LeakScanner, path: String) {
            self.scanner = scanner
            longest = scanner.matcher.patterns.map(\.count).max() ?? 0
            scanner.searchName(path, into: &found)
        }

        /// Searches the next part of the file, but its last byte.
        func append(_ part: UnsafeRawBufferPointer) {
            guard !part.isEmpty else { return }
            kept.append(contentsOf: part)
            search(upTo: kept.count - 1)
            dropUnreachable()
        }

        /// What the whole file, `size` bytes with the digest `digest`, shows of which held item.
        /// A held file is known by its size and digest, where `findings(in:bytes:)` compares bytes.
        func finish(size: Int, digest: Fingerprint) -> [(item: Int, what: String)] {
            search(upTo: kept.count)
            kept = []
            for held in scanner.heldFiles[size] ?? [] where Fingerprint.of(held.bytes) == digest {
                found.record(held.item, "a copy of its file \(held.name)")
            }
            return found.list
        }

        private func search(upTo end: Int) {
            guard end > searched else { return }
            kept.withUnsafeBytes { raw in
                scanner.searchText(raw, range: searched..<end, state: &state, into: &found)
            }
            searched = end
        }

        /// Drops the bytes no later match can reach. A match found later ends after `searched`,
        /// so it starts at `searched + 1 - longest` or after; from its start, a URL's walk back
        /// stops at the last byte before it that ends an address.
        private func dropUnreachable() {
            let earliest = min(searched, max(0, searched + 1 - longest))
            var cut = earliest
            while cut > clear, !LeakScanner.endsAddress(kept[cut - 1]) { cut -= 1 }
            // None before `earliest`: a walk back may go to the start of `kept`.
            if cut <= clear { cut = 0 }
            kept.removeFirst(cut)
            searched -= cut
            clear = earliest - cut
        }
    }
}
