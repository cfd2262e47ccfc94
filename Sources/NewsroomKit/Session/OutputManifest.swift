import Foundation

/// What the last build wrote into an output folder: for every file its size and digest, the
/// fingerprint of the page's inputs, and the inode, modification and change times it had when
/// written; for every folder its inode and times. The next build trusts an entry only while
/// the file still has that inode, size and those times, so it never reads old output to compare
/// it, and a file changed by hand (even with its size and modification time put back) is
/// treated as unknown.
struct OutputManifest: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var size: Int
        var digest: Fingerprint
        var inode: Int
        var modified: Int
        var changed: Int
        /// The page's input fingerprint; nil for a copied file.
        var page: Fingerprint?

        /// Whether a file with this status is still the one recorded.
        func describes(_ status: OutputStatus?) -> Bool {
            guard let status else { return false }
            return status.isFile && status.size == size && status.inode == inode && status.modified == modified && status.changed == changed
        }
    }

    struct Folder: Sendable, Equatable {
        var inode: Int
        var modified: Int
        var changed: Int

        /// Whether a folder with this status is still the one recorded.
        func describes(_ status: OutputStatus?) -> Bool {
            guard let status else { return false }
            return status.isFolder && status.inode == inode && status.modified == modified && status.changed == changed
        }
    }

    /// The files by path, and the folders: in the order of their paths as a manifest read from
    /// a file has them (`PathTable.isSorted`), so that a build that changes a few entries saves
    /// the manifest without sorting its paths again, and a build that makes the same files finds
    /// each entry at its place (`entry(of:at:)`) rather than looking it up (37,000 lookups at
    /// 10,000 releases).
    var files = PathTable<Entry>(capacity: 0, followingOrder: true)
    var folders = PathTable<Folder>(capacity: 0, followingOrder: true)
    /// False when a file or folder differs from what was recorded: then the output holds
    /// something the manifest does not describe, and it is rebuilt in full.
    var isComplete = true
    /// Set when the build that wrote the folder can vouch for its inputs (`UnchangedBuild`).
    var unchanged: UnchangedBuild?
    /// The fingerprint of the leak scan every file of the folder passed; nil when nothing was held.
    var scannedWith: Fingerprint?
    /// The digests of the release values the folder's pages were fingerprinted with, in the
    /// plan's order (`ReleaseValueMemo`).
    var releaseValues: [ReleaseValueDigest] = []
    /// The build's files in the order of their paths, as places in the renderer's list of them
    /// (`SiteRenderer.order(of:known:threads:)`): the next build takes it when it still sorts
    /// that build's list.
    var pathOrder: [Int] = []
    /// The epoch (`PlanEpoch`) the pages' fingerprints and `releaseValues` were made in.
    var epoch: Fingerprint?
    /// What the planning of the build that wrote the folder found (`PlanMemo`).
    var plan: PlanMemo?
    /// What each release's published text showed of the held text, when something was held
    /// (`LeakNeedles.PublishedText.Memo`).
    var publishedText: LeakNeedles.PublishedText.Memo?

    /// The entry of `path`: taken from `place` when the path is there, else looked up. A build
    /// whose files are the last build's finds each at its place.
    func entry(of path: String, at place: Int) -> Entry? { files.value(of: path, at: place) }

    /// What `lstat` says of a file or folder, without following a symbolic link.
    static func status(_ path: String) -> OutputStatus? {
        var status = stat()
        return lstat(path, &status) == 0 ? OutputStatus(status) : nil
    }

    /// The entries that still describe the folder at `output`; the others are dropped. Incomplete
    /// unless every file and folder is as recorded.
    func validated(against output: String, threads: Int) -> OutputManifest {
        let (filePlaces, folderPlaces) = (files.places, folders.places)
        let now = Self.statuses(of: filePlaces.map { files.paths[$0] }, folders: folderPlaces.map { folders.paths[$0] },
                                in: output, threads: threads)
        var result = self
        for (place, status) in zip(filePlaces, now.files) where files.value(at: place)?.describes(status) != true {
            result.files.setValue(nil, at: place)
        }
        result.isComplete = result.files.count == files.count
            && zip(folderPlaces, now.folders).allSatisfy { folders.value(at: $0)?.describes($1) == true }
        return result
    }

    // MARK: Persisting

    /// Hands the manifest's bytes to `emit` a part of about a megabyte at a time: a manifest of
    /// 235,000 files is 33 MB, which a build saving it need not hold at once. The long tables
    /// are encoded a few blocks at a time on `threads` (the same bytes whatever their number):
    /// on one core, the end of a one-release edit at 10,000 releases waited 6 ms for them.
    func encode(threads: Int = 1, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let part = 1 << 20
        var writer = BinaryWriter(reservingCapacity: part + 64 * 1024)
        func pass() throws {
            try writer.bytes.withUnsafeBytes { try emit($0) }
            writer.removeAll()
        }
        /// `count` items written by `item`, a block of them to a task, handed on in order.
        func items(_ count: Int, _ item: @escaping @Sendable (inout BinaryWriter, Int) -> Void) throws {
            writer.write(count: count)
            let block = 2048, wave = 8 * block
            for start in stride(from: 0, to: count, by: wave) {
                let blocks = ParallelMap.runs(of: min(wave, count - start), run: block, threads: count > block ? threads : 1) { range in
                    var encoded = BinaryWriter(reservingCapacity: 64 * range.count)
                    for index in range { item(&encoded, start + index) }
                    return encoded.bytes
                }
                for bytes in blocks {
                    writer.write(raw: bytes)
                    if writer.bytes.count >= part { try pass() }
                }
            }
        }
        let files = files, folders = folders
        // In the order of their paths, so the same manifest gives the same bytes: the places of
        // the entries, not copies of them (24 MB at 235,000 files), and sorted only when a
        // build added paths out of order.
        let places = files.placesInPathOrder
        try items(places.count) { writer, index in
            let (path, entry) = files.pair(at: places[index])
            writer.write(path)
            writer.write(entry.size)
            writer.write(entry.digest)
            writer.write(entry.inode)
            writer.write(entry.modified)
            writer.write(entry.changed)
            writer.write(entry.page != nil)
            if let page = entry.page { writer.write(page) }
        }
        let folderPlaces = folders.placesInPathOrder
        try items(folderPlaces.count) { writer, index in
            let (path, folder) = folders.pair(at: folderPlaces[index])
            writer.write(path)
            writer.write(folder.inode)
            writer.write(folder.modified)
            writer.write(folder.changed)
        }
        writer.write(unchanged != nil)
        if let unchanged { writer.write(unchanged) }
        writer.write(scannedWith != nil)
        if let scannedWith { writer.write(scannedWith) }
        let releaseValues = releaseValues
        try items(releaseValues.count) { writer, index in
            writer.write(releaseValues[index].key)
            writer.write(releaseValues[index].withBodies)
            writer.write(releaseValues[index].withoutBodies)
        }
        let pathOrder = pathOrder
        try items(pathOrder.count) { writer, index in writer.write(count: pathOrder[index]) }
        writer.write(epoch != nil)
        if let epoch { writer.write(epoch) }
        writer.write(plan != nil)
        if let plan {
            writer.write(plan.claims)
            let cleanLinks = plan.cleanLinks
            try items(cleanLinks.count) { writer, index in writer.write(cleanLinks[index]) }
            writer.write(plan.related != nil)
            if let related = plan.related {
                writer.write(related.inputs)
                let lists = related.lists
                try items(lists.count) { writer, index in
                    writer.write(count: lists[index].count)
                    for release in lists[index] { writer.write(count: release) }
                }
            }
        }
        writer.write(publishedText != nil)
        if let publishedText {
            writer.write(publishedText.needles)
            // By input, sorted: the same memo gives the same bytes.
            let inputs = publishedText.releases.keys.sorted(by: PlanMemo.precedes)
            writer.write(count: inputs.count)
            for input in inputs {
                writer.write(input)
                writer.write(publishedText.releases[input] ?? .init(titles: [], runs: [], head: [], tail: nil))
                if writer.bytes.count >= part { try pass() }
            }
        }
        try pass()
    }

    init() {}

    init(decoding reader: BinaryReader) throws(CacheFormatError) {
        var reader = reader
        let entries = try reader.readArray { reader throws(CacheFormatError) in
            (try reader.readString(),
             Entry(size: try reader.readInt(), digest: try reader.readFingerprint(), inode: try reader.readInt(),
                   modified: try reader.readInt(), changed: try reader.readInt(), page: try reader.readBool() ? try reader.readFingerprint() : nil))
        }
        let folderEntries = try reader.readArray { reader throws(CacheFormatError) in
            (try reader.readString(), Folder(inode: try reader.readInt(), modified: try reader.readInt(), changed: try reader.readInt()))
        }
        unchanged = try reader.readBool() ? try reader.readUnchangedBuild() : nil
        scannedWith = try reader.readBool() ? try reader.readFingerprint() : nil
        releaseValues = try reader.readArray { reader throws(CacheFormatError) in
            ReleaseValueDigest(key: try reader.readFingerprint(), withBodies: try reader.readFingerprint(),
                               withoutBodies: try reader.readFingerprint())
        }
        // Checked against the build's files when used.
        pathOrder = try reader.readArray { reader throws(CacheFormatError) in try reader.readCount() }
        epoch = try reader.readBool() ? try reader.readFingerprint() : nil
        if try reader.readBool() {
            let claims = try reader.readFingerprint()
            var memo = PlanMemo(claims: claims, cleanLinks: [])
            // As written, sorted: not sorted again (`isClean`).
            memo.cleanLinks = try reader.readArray { reader throws(CacheFormatError) in try reader.readFingerprint() }
            if try reader.readBool() {
                let inputs = try reader.readFingerprint()
                // Checked against the releases when used (`PlanMemo.related(for:count:)`).
                memo.related = PlanMemo.Related(inputs: inputs, lists: try reader.readArray { reader throws(CacheFormatError) in
                    try reader.readArray { reader throws(CacheFormatError) in try reader.readCount() }
                })
            }
            plan = memo
        }
        if try reader.readBool() {
            let needles = try reader.readFingerprint()
            let releases = try reader.readArray { reader throws(CacheFormatError) in
                (try reader.readFingerprint(), try reader.readReleaseText())
            }
            publishedText = .init(needles: needles, releases: Dictionary(releases, uniquingKeysWith: { first, _ in first }))
        }
        guard reader.isAtEnd else { throw CacheFormatError(reason: "it has bytes after its end") }
        // Sorted as written: each path compared with the one before, to know it still is.
        files = PathTable(entries, followingOrder: true)
        folders = PathTable(folderEntries, followingOrder: true)
    }
}
