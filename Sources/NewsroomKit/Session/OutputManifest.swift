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

    var files: [String: Entry] = [:] { didSet { asRead = AsRead() } }
    var folders: [String: Folder] = [:] { didSet { asRead = AsRead() } }
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
    /// The paths of `files` and `folders` in the order the manifest was read, which is sorted
    /// (empty for a manifest not read from a file): a build that changes a few entries saves
    /// the manifest without sorting its paths again, once `encode` has checked that the order
    /// still holds every path, once, in order.
    var readOrder = ReadOrder() {
        // Vouching for the list (`isChecked`) keeps the entries beside it; another list lets them go.
        didSet { if asRead.entries != nil, readOrder.files != oldValue.files || readOrder.folders != oldValue.folders { asRead = AsRead() } }
    }
    /// The entries of `readOrder`'s paths, in its order, as the manifest was read; none once a
    /// table or the list changes, and none for a manifest not read from a file, or one whose list
    /// named a path twice. The check of the output (`Check`) takes each path's entry from here
    /// rather than looking it up (37,000 lookups at 10,000 releases), and so do the renderer and
    /// the writer (`entry(of:at:)`).
    private(set) var asRead = AsRead()

    /// The entry of `path`: taken from the list as read when `place` is the path's place there,
    /// else looked up. A build whose files are the last build's finds each at its place.
    func entry(of path: String, at place: Int) -> Entry? {
        if let entries = asRead.entries?.files, place >= 0, place < readOrder.files.count, readOrder.files[place] == path {
            return entries[place]
        }
        return files[path]
    }

    /// Equal whatever it holds, as `ReadOrder`.
    struct AsRead: Sendable, Equatable {
        var entries: (files: [Entry], folders: [Folder])?
        static func == (_: AsRead, _: AsRead) -> Bool { true }
    }

    /// Equal whatever it holds: the order a manifest was read in is not part of what it says.
    struct ReadOrder: Sendable, Equatable {
        var files: [String] = []
        var folders: [String] = []
        /// Set where the check of the output (`Check`) found each path of the tables here once,
        /// in strictly increasing order: true of the manifest the check returns, until its
        /// tables change.
        var isChecked = false
        static func == (_: ReadOrder, _: ReadOrder) -> Bool { true }

        /// The places in `sorted` (strictly increasing) of the paths that start with `prefix`,
        /// which ends with "/": they sort next to one another, from the first path not below it.
        static func range(under prefix: String, in sorted: [String]) -> Range<Int> {
            var (low, high) = (0, sorted.count)
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < prefix { low = middle + 1 } else { high = middle }
            }
            var end = low
            while end < sorted.count, sorted[end].hasPrefix(prefix) { end += 1 }
            return low ..< end
        }
    }

    /// What `lstat` says of a file or folder, without following a symbolic link.
    static func status(_ path: String) -> OutputStatus? {
        var status = stat()
        return lstat(path, &status) == 0 ? OutputStatus(status) : nil
    }

    /// The entries that still describe the folder at `output`; the others are dropped.
    func validated(against output: String, threads: Int) -> OutputManifest {
        let entries = Array(files), folderEntries = Array(folders)
        let now = Self.statuses(of: entries.map(\.key), folders: folderEntries.map(\.key), in: output, threads: threads)
        return keeping(files: entries, folders: folderEntries, statuses: now)
    }

    /// The entries of `files` that describe what their statuses say; incomplete unless every
    /// file and folder is as recorded.
    func keeping(files entries: [(key: String, value: Entry)], folders folderEntries: [(key: String, value: Folder)],
                 statuses now: (files: [OutputStatus?], folders: [OutputStatus?])) -> OutputManifest {
        var result = self
        for (entry, status) in zip(entries, now.files) where !entry.value.describes(status) { result.files[entry.key] = nil }
        result.isComplete = result.files.count == files.count
        for (folder, status) in zip(folderEntries, now.folders) where !folder.value.describes(status) {
            result.isComplete = false
            break
        }
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
        // In the order of their paths, so the same manifest gives the same bytes: the entries'
        // places in the table are sorted, not copies of the entries (24 MB at 235,000 files).
        let places = Self.places(in: files, order: readOrder.files, threads: threads)
        try items(places.count) { writer, index in
            let (path, entry) = files[places[index]]
            writer.write(path)
            writer.write(entry.size)
            writer.write(entry.digest)
            writer.write(entry.inode)
            writer.write(entry.modified)
            writer.write(entry.changed)
            writer.write(entry.page != nil)
            if let page = entry.page { writer.write(page) }
        }
        let folderPlaces = Self.places(in: folders, order: readOrder.folders, threads: threads)
        try items(folderPlaces.count) { writer, index in
            let item = folders[folderPlaces[index]]
            writer.write(item.key)
            writer.write(item.value.inode)
            writer.write(item.value.modified)
            writer.write(item.value.changed)
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

    /// The places of `table`'s entries in the order of their paths: `order` looked up, when it
    /// holds each path of the table once, in strictly increasing order; else the paths sorted.
    /// Looked up and compared in runs on `threads`.
    static func places<Value: Sendable>(in table: [String: Value], order: [String], threads: Int = 1) -> [Dictionary<String, Value>.Index] {
        if order.count == table.count {
            let run = 4096
            let found = ParallelMap.runs(of: order.count, run: run, threads: order.count > run ? threads : 1) {
                range -> [Dictionary<String, Value>.Index]? in
                var places: [Dictionary<String, Value>.Index] = []
                places.reserveCapacity(range.count)
                for index in range {
                    guard index == 0 || order[index - 1] < order[index], let place = table.index(forKey: order[index]) else { return nil }
                    places.append(place)
                }
                return places
            }
            if found.allSatisfy({ $0 != nil }) { return found.flatMap { $0! } }
        }
        return table.indices.sorted { table[$0].key < table[$1].key }
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
        files = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        folders = Dictionary(folderEntries, uniquingKeysWith: { first, _ in first })
        readOrder = ReadOrder(files: entries.map(\.0), folders: folderEntries.map(\.0))
        // Each path once, so that the entry at a path's place is the table's.
        if files.count == entries.count, folders.count == folderEntries.count {
            asRead.entries = (entries.map(\.1), folderEntries.map(\.1))
        }
    }
}
