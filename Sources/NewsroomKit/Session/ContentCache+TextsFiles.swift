import Foundation

/// Which texts files (`TextsFiles`) the cache refers to when it is saved.
extension ContentCache {
    struct KeptTextsFiles {
        /// The stores whose texts the shards refer to where they are, with their names.
        var referred: [ObjectIdentifier: String] = [:]
        /// Shards to save again because texts of theirs wait in a file to let go.
        var shardsCopyingTexts: Set<Int> = []
        /// The signatures of the files referred to that the cache wrote or checked.
        var checked: [String: Signature] = [:]
    }

    /// Names the stores the cache's releases wait in that can be named in `directory` (the
    /// build's own), and keeps every named one that holds at least half live texts. A file
    /// holding less (most of its releases were edited since) is let go: the texts still live
    /// in it are copied into their shards, which are saved again, and the file is removed.
    func textsFilesToKeep(in directory: String) -> KeptTextsFiles {
        // A release's texts wait in one store, as do most of the releases': the table is looked
        // up only when the store changes (at 100,000 releases, 400,000 lookups were 2% of an edit).
        var live: [(store: BodyStore, bytes: Int)] = []
        var places: [ObjectIdentifier: Int] = [:]
        var last: (identity: ObjectIdentifier, place: Int)?
        lock.withLock {
            for parsed in releases.values {
                parsed.release.forEachStoredRecord { record in
                    let identity = ObjectIdentifier(record.store)
                    if last?.identity != identity {
                        let place = places[identity] ?? live.count
                        if place == live.count {
                            places[identity] = place
                            live.append((record.store, 0))
                        }
                        last = (identity, place)
                    }
                    live[last!.place].bytes += record.count
                }
            }
        }
        var kept = KeptTextsFiles()
        var lettingGo: Set<ObjectIdentifier> = []
        let known = lock.withLock { checkedTexts }
        for (store, bytes) in live {
            let identity = ObjectIdentifier(store)
            let wasNamed = store.name != nil
            // A file another process removed or replaced since this one read it is let go too.
            guard bytes * 2 >= store.byteCount, !wasNamed || store.isAtItsName(in: directory) else {
                if wasNamed { lettingGo.insert(identity) }
                continue
            }
            guard let name = store.name(in: directory) else { continue }
            kept.referred[identity] = name
            if let signature = wasNamed ? known[name] : store.signature { kept.checked[name] = signature }
        }
        guard !lettingGo.isEmpty else { return kept }
        lock.withLock {
            for (key, parsed) in releases where parsed.release.storedRecords.contains(where: { lettingGo.contains(ObjectIdentifier($0.store)) }) {
                kept.shardsCopyingTexts.insert(Self.shard(of: key))
            }
        }
        return kept
    }

    /// The texts files a shard file names, from the start of its payload; nil when that cannot
    /// be read (a file no build would use refers to nothing, but one cut short may).
    static func textsFilesNamed(byShard shard: Int, in directory: String) -> [String]? {
        // The list is short: 4 KiB of the payload hold it, unless a shard names many files.
        for size in [4 * 1024, 64 * 1024] {
            switch shardFile(shard, in: directory).payloadStart(upTo: size) {
            case nil: return []
            case .success(var reader):
                if let names = try? reader.readArray({ reader throws(CacheFormatError) in try reader.readString() }) { return names }
            case .failure: return nil
            }
        }
        return nil
    }

    /// Removes the texts files of `directory` that neither the shards just saved (`saved`,
    /// referring to `referred`) nor the shard files left as they were name: another process
    /// sharing the cache folder may have written those.
    static func removeUnusedTextsFiles(in directory: String, saved: Set<Int>, referred: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        // The shards are only read when some texts file may go (none is there at all for most sites).
        guard names.contains(where: { TextsFiles.isName($0) && !referred.contains($0) }) else { return }
        var inUse = referred
        for shard in 0 ..< shardCount where !saved.contains(shard) {
            guard let named = textsFilesNamed(byShard: shard, in: directory) else { return }
            inUse.formUnion(named)
        }
        TextsFiles.removeUnused(named: names, in: directory, keeping: inUse)
    }
}
