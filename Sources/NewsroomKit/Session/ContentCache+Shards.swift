import Foundation

/// The content cache on disk: 64 files, each holding the releases whose key falls in it and
/// the file signatures whose path does. Editing one release rewrites one small file, and the
/// files are read, decoded, encoded and written in parallel.
extension ContentCache {
    static let shardCount = 64

    static func shard(of key: Fingerprint) -> Int { Int(key.high >> 58) }
    static func shard(ofPath path: String) -> Int {
        var path = path
        return shard(of: path.withUTF8 { Fingerprint.of(raw: UnsafeRawBufferPointer($0)) })
    }

    static func shardFile(_ shard: Int, in directory: String) -> CacheFile {
        CacheFile(kind: "releases", path: directory + "/" + String(format: "releases-%02x.cache", shard))
    }

    typealias ShardEntries = (digests: [(String, DigestEntry)], releases: [(Fingerprint, Parsed)])

    /// The entries of the shards `wanted`, grouped in one pass; the others are not copied (a
    /// one-release edit saves one or two shards of 64, and grouping every entry held the
    /// cache's lock for 1% of the edit's CPU).
    func entries(inShards wanted: Set<Int>) -> [Int: ShardEntries] {
        lock.withLock {
            var shards: [Int: ShardEntries] = [:]
            for place in digests.places {
                let (path, entry) = digests.pair(at: place)
                let shard = Self.shard(ofPath: path)
                if wanted.contains(shard) { shards[shard, default: ([], [])].digests.append((path, entry)) }
            }
            for (key, parsed) in releases {
                let shard = Self.shard(of: key)
                if wanted.contains(shard) { shards[shard, default: ([], [])].releases.append((key, parsed)) }
            }
            return shards
        }
    }

    /// One shard's payload and the releases' texts that trail it, its entries sorted so the same
    /// cache gives the same bytes. The texts stay where they wait until the file is saved; those
    /// waiting in one of `textsFiles` (stores named in the cache folder) stay there for good,
    /// the payload listing the files first.
    static func encoded(_ entries: ShardEntries, textsFiles: [ObjectIdentifier: String] = [:]) -> (payload: [UInt8], trailing: TrailingTexts) {
        var writer = BinaryWriter(reservingCapacity: entries.releases.count * 2048 + 1024)
        writer.trailing = TrailingTexts()
        let releases = entries.releases.sorted { ($0.0.high, $0.0.low) < ($1.0.high, $1.0.low) }
        var named: Set<String> = []
        if !textsFiles.isEmpty {
            for (_, parsed) in releases {
                parsed.release.forEachStoredRecord { record in
                    if let name = textsFiles[ObjectIdentifier(record.store)] { named.insert(name) }
                }
            }
        }
        let listed = named.sorted()
        writer.write(listed) { $0.write($1) }
        let places = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1, $0) })
        writer.textsFiles = textsFiles.compactMapValues { places[$0] }
        writer.write(entries.digests.sorted { $0.0 < $1.0 }) { writer, item in
            writer.write(item.0)
            writer.write(item.1.signature)
            writer.write(item.1.digest)
        }
        writer.write(count: releases.count)
        for (key, parsed) in releases {
            writer.write(key)
            writer.write(parsed.release, texts: parsed.release.textSources())
            writer.write(parsed.warnings) { $0.write($1) }
        }
        return (writer.bytes, writer.trailing ?? TrailingTexts())
    }

    /// Adds the entries of one shard's payload; on damage, adds nothing and throws. The releases'
    /// texts are left in the file or in the texts files it names (opened through `textsFiles`),
    /// and read back from there (`texts`) when a page needs them. Texts in a texts file that may
    /// have changed since the cache wrote or checked it are checked here, before anything is kept.
    func decode(shard reader: BinaryReader, texts: (store: BodyStore, count: Int)?, textsFiles: TextsFiles.Opened? = nil) throws(CacheFormatError) {
        var reader = reader
        reader.trailing = texts
        var unchecked: [ObjectIdentifier: String] = [:]
        do throws(CacheFormatError) {
            for name in try reader.readArray({ reader throws(CacheFormatError) in try reader.readString() }) {
                guard let textsFiles else { throw CacheFormatError(reason: "it names texts files where there can be none") }
                let (store, mustCheck) = try textsFiles.store(named: name)
                reader.textsFiles.append(store)
                if mustCheck { unchecked[ObjectIdentifier(store)] = name }
            }
            let digestEntries = try reader.readArray { reader throws(CacheFormatError) in
                let path = try reader.readString()
                let signature = try reader.readSignature()
                return (path, DigestEntry(signature: signature, digest: try reader.readFingerprint()))
            }
            let releaseEntries = try reader.readArray { reader throws(CacheFormatError) in
                let key = try reader.readFingerprint()
                let release = try reader.readRelease()
                return (key, Parsed(release: release, warnings: try reader.readArray { reader throws(CacheFormatError) in try reader.readDiagnostic() }))
            }
            guard reader.isAtEnd else { throw CacheFormatError(reason: "it has bytes after its end") }
            if !unchecked.isEmpty {
                for (_, parsed) in releaseEntries {
                    for record in parsed.release.storedRecords {
                        guard let name = unchecked[ObjectIdentifier(record.store)] else { continue }
                        do throws(CacheFormatError) { _ = try record.readBytes() } catch {
                            throw CacheFormatError(reason: "\(name) does not hold its texts: \(error.reason)")
                        }
                    }
                }
            }
            lock.withLock {
                for (path, entry) in digestEntries { digests[path] = entry }
                for (key, parsed) in releaseEntries { releases[key] = parsed }
            }
        } catch {
            // Not all of their texts were checked: the files are not trusted after this load.
            for name in unchecked.values { textsFiles?.refuse(name) }
            throw error
        }
    }

    /// Reads every shard file of `directory`, in parallel; returns the files ignored and why.
    /// A text that cannot be read back later is noted in `damage`.
    func load(from directory: String, damage: BodyStore.Damage, threads: Int) -> [(CacheFile, CacheFormatError)] {
        let (trusted, trustedTexts) = Self.checkedRecord(in: directory)
        let textsFiles = TextsFiles.Opened(directory: directory, trusted: trustedTexts, damage: damage)
        let results = ParallelMap.map(Array(0 ..< Self.shardCount), threads: threads) { shard -> ShardOutcome<CacheFormatError>? in
            let file = Self.shardFile(shard, in: directory)
            switch file.load(keepingTrailing: true, trusted: trusted[shard]) {
            case .success(let loaded):
                let texts = loaded.trailing.map { (store: BodyStore(reading: $0, damage: damage), count: $0.count) }
                do throws(CacheFormatError) { try decode(shard: loaded.reader, texts: texts, textsFiles: textsFiles) } catch { return .failed(file, error) }
                return .done(loaded.signature)
            case .failure(let error): return .failed(file, error)
            case nil: return nil
            }
        }
        lock.withLock {
            for (shard, result) in results.enumerated() {
                if case .done(let signature)? = result { checkedShards[shard] = signature }
            }
            checkedTexts = textsFiles.checked
        }
        return results.compactMap { $0?.failure }
    }

    /// What became of one shard file: read or written (with the file's signature, none for a
    /// file removed), or refused.
    enum ShardOutcome<Failure: Error>: @unchecked Sendable {
        case done(Signature?)
        case failed(CacheFile, Failure)

        var failure: (CacheFile, Failure)? {
            if case .failed(let file, let error) = self { return (file, error) }
            return nil
        }
    }

    /// The file that keeps `checkedShards` between processes. Unreadable, it costs only time:
    /// every shard's texts are then checked in full.
    static func checkedFile(in directory: String) -> CacheFile {
        CacheFile(kind: "release shards checked", path: directory + "/shards-checked.cache")
    }

    /// The shard files and the texts files (`TextsFiles`) the cache last wrote or checked, with their signatures.
    static func checkedRecord(in directory: String) -> (shards: [Int: Signature], texts: [String: Signature]) {
        guard case .success(let loaded)? = checkedFile(in: directory).load() else { return ([:], [:]) }
        var reader = loaded.reader
        let shards = try? reader.readArray { reader throws(CacheFormatError) in (try reader.readInt(), try reader.readSignature()) }
        let texts = try? reader.readArray { reader throws(CacheFormatError) in (try reader.readString(), try reader.readSignature()) }
        guard let shards, let texts, reader.isAtEnd else { return ([:], [:]) }
        return (Dictionary(shards) { first, _ in first }, Dictionary(texts) { first, _ in first })
    }

    /// Writes the given shards, in parallel, removing the files of shards left empty, then the
    /// signatures of the files written (`checkedShards`) and of the texts files kept; returns
    /// the errors. The build's texts file is named in the cache folder and referred to; texts
    /// files no longer referred to are removed (`textsFilesToKeep`).
    func save(shards: Set<Int>, to directory: String, threads: Int) -> [(CacheFile, any Error)] {
        let texts = textsFilesToKeep(in: directory)
        let shards = shards.union(texts.shardsCopyingTexts)
        guard !shards.isEmpty else { return [] }
        let grouped = entries(inShards: shards)
        let order = shards.sorted()
        let results = ParallelMap.map(order, threads: threads) { shard -> ShardOutcome<any Error> in
            let file = Self.shardFile(shard, in: directory)
            guard let entries = grouped[shard] else {
                unlink(file.path)
                return .done(nil)
            }
            do {
                let (payload, trailing) = Self.encoded(entries, textsFiles: texts.referred)
                try file.save(payload, trailing: trailing)
            } catch {
                return .failed(file, error)
            }
            return .done(Signature(path: file.path))
        }
        let (checked, checkedTexts) = lock.withLock {
            for (shard, result) in zip(order, results) {
                if case .done(let signature) = result { checkedShards[shard] = signature } else { checkedShards[shard] = nil }
            }
            self.checkedTexts = texts.checked
            return (checkedShards.sorted { $0.key < $1.key }, texts.checked.sorted { $0.key < $1.key })
        }
        var writer = BinaryWriter()
        writer.write(checked) { (writer: inout BinaryWriter, entry: (key: Int, value: Signature)) in
            writer.write(entry.key)
            writer.write(entry.value)
        }
        writer.write(checkedTexts) { (writer: inout BinaryWriter, entry: (key: String, value: Signature)) in
            writer.write(entry.key)
            writer.write(entry.value)
        }
        var failures = results.compactMap(\.failure)
        if failures.isEmpty { Self.removeUnusedTextsFiles(in: directory, saved: shards, referred: Set(texts.referred.values)) }
        do { try Self.checkedFile(in: directory).save(writer.bytes) } catch { failures.append((Self.checkedFile(in: directory), error)) }
        return failures
    }
}

extension BinaryWriter {
    mutating func write(_ signature: ContentCache.Signature) {
        for number in [signature.device, signature.inode, signature.size, signature.modified, signature.changed] { write(number) }
    }
}

extension BinaryReader {
    mutating func readSignature() throws(CacheFormatError) -> ContentCache.Signature {
        ContentCache.Signature(device: try readInt(), inode: try readInt(), size: try readInt(), modified: try readInt(), changed: try readInt())
    }
}
