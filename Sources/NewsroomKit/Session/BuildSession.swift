import Foundation

/// What lives from one build to the next: parsed releases by the fingerprint of their inputs,
/// and, for each output folder, the manifest of what the last build wrote there. `newsroom
/// build` uses a session for one build, loaded from and saved to the cache folder; a long-lived
/// process (a preview server) keeps one across builds.
///
/// The cache folder is safe to delete at any time: the next build parses and renders
/// everything, and writes only files whose bytes differ.
public final class BuildSession: @unchecked Sendable {
    /// Where the cache is kept between processes; nil keeps it in memory only.
    public let cacheDirectory: String?
    let content = ContentCache()
    private var manifests: [String: OutputManifest] = [:]
    /// The signature of each manifest file as this session last read or wrote it: another
    /// process building the same output changes it, and the session then reads it again.
    private var manifestSignatures: [String: ContentCache.Signature] = [:]
    private var contentLoaded = false
    /// Shard files that could not be read or saved: written again by the next successful build.
    private var damagedShards: Set<String> = []
    private let lock = NSLock()
    /// How much older than a build a file must be for its file-system signature to vouch for it
    /// in the next build (nanoseconds). Tests that edit files between builds shorten it.
    var settleMargin = 2_000_000_000

    /// False for a one-build session without a cache folder: no later build to save work for.
    let caching: Bool
    /// What the builds keep until the process exits: nothing, but in the one build of a
    /// command that exits right after it.
    let leftovers: Leftovers
    /// The last build's parsed templates.
    var parsedTheme: SiteRenderer.ParsedTheme?
    /// Where the releases' texts that cannot be read back are noted, whichever build stored them.
    let textDamage = BodyStore.Damage()
    /// How many bytes of the releases' long texts a build keeps in memory before it stores them
    /// in a file (`BodyStore`): about 1,200 releases of 560 words. A site that fits pays no
    /// reads and writes for its texts (at 1,000 releases, storing them all made clean builds 7%
    /// slower); past it, memory kept in texts is touched twice (made, then copied into the
    /// shards), where a stored text is written once. At 10,000 releases, 16 MiB instead of
    /// 64 MiB took the clean build's peak from 181 to 132 MiB, as fast or faster (README,
    /// Performance). Tests that exercise the store set it to 0.
    var textsKeptInMemory = 16 << 20
    /// Whether the file a build stores texts in may become a texts file of the cache
    /// (`TextsFiles`); tests say no to take the way of systems where it cannot, which copy the texts.
    var namesTextsFiles = true

    /// Whether the manifests of the outputs are saved in the cache folder. A preview server's
    /// output is a private folder that no later process builds into: its manifest stays in
    /// memory, where a file of it (5 MB at 10,000 releases) would be left behind by every run.
    var savesManifests: Bool { !privateOutputs }
    /// Whether builds change the output where it is rather than exchanging a new tree for it
    /// (`OutputWriter.writeInPlace`): for a preview server's private output, which no one
    /// deploys, where relinking every unchanged file into a new tree was most of a title edit's
    /// save-to-reload time.
    var writesInPlace: Bool { privateOutputs }
    /// Whether the outputs are a preview server's private folders.
    private let privateOutputs: Bool

    /// A session for any number of builds (a preview server's), kept in memory and, when
    /// `cacheDirectory` is given, in that folder too; with `privateOutputs`, the outputs'
    /// manifests are kept in memory only (`savesManifests`) and builds change the outputs in
    /// place (`writesInPlace`).
    public convenience init(cacheDirectory: String?, privateOutputs: Bool = false) {
        self.init(cacheDirectory, caching: true, keepingResultsUntilExit: false, privateOutputs: privateOutputs)
    }

    /// A session for the one build of a command that exits right after it: it caches only when
    /// given a folder, and with `keepingResultsUntilExit` the process keeps the build's values
    /// until it ends (`Leftovers`), for the operating system to reclaim all at once instead of
    /// freeing them one by one.
    public convenience init(cacheDirectory: String?, keepingResultsUntilExit: Bool) {
        self.init(cacheDirectory, caching: cacheDirectory != nil, keepingResultsUntilExit: keepingResultsUntilExit)
    }

    /// The session of `Builder.build`: one build, caching only when given a folder.
    convenience init(oneBuildWithCacheDirectory cacheDirectory: String?) {
        self.init(cacheDirectory, caching: cacheDirectory != nil, keepingResultsUntilExit: false)
    }

    private init(_ cacheDirectory: String?, caching: Bool, keepingResultsUntilExit: Bool, privateOutputs: Bool = false) {
        self.cacheDirectory = cacheDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.caching = caching
        leftovers = Leftovers(keepingUntilExit: keepingResultsUntilExit)
        self.privateOutputs = privateOutputs
    }

    /// Builds the site; one build at a time per session.
    public func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        lock.lock()
        defer { lock.unlock() }
        return try Builder.run(options, session: self)
    }

    func manifestFile(for output: String) -> CacheFile? {
        guard savesManifests else { return nil }
        return cacheDirectory.map { CacheFile(kind: "manifest " + output,
                                           path: $0 + "/" + Self.manifestNames.prefix + "\(Fingerprint.of(Data(output.utf8)))" + Self.manifestNames.suffix) }
    }

    /// Loads the manifest the cache folder holds for this output, once per process; returns notes about a file it ignored.
    func prepareManifest(output: String) -> (manifest: OutputManifest?, notes: [String]) {
        var notes: [String] = []
        if let file = manifestFile(for: output), manifests[output] == nil || manifestSignatures[output] != ContentCache.Signature(path: file.path) {
            manifests[output] = nil
            manifestSignatures[output] = ContentCache.Signature(path: file.path)
            switch file.load() {
            case .success(let loaded):
                do throws(CacheFormatError) { manifests[output] = try OutputManifest(decoding: loaded.reader) } catch { notes.append(note(file, error)) }
            case .failure(let error): notes.append(note(file, error))
            case nil: break
            }
        }
        return (manifests[output], notes)
    }

    /// Loads the parsed releases the cache folder holds, once per process, when the build has to
    /// parse; returns notes about files it ignored.
    func prepareContent(settledBefore: Int, threads: Int) -> [String] {
        var notes: [String] = []
        if !contentLoaded, let cacheDirectory {
            contentLoaded = true
            let ignored = content.load(from: cacheDirectory, damage: textDamage, threads: threads)
            damagedShards = Set(ignored.map(\.0.path))
            // One note per reason: a new version of newsroom ignores every file for the same one.
            var reasons: [String] = []
            var files: [String: [CacheFile]] = [:]
            for (file, error) in ignored {
                if files[error.reason] == nil { reasons.append(error.reason) }
                files[error.reason, default: []].append(file)
            }
            for reason in reasons {
                let group = files[reason] ?? []
                notes.append(group.count == 1 ? note(group[0], CacheFormatError(reason: reason))
                    : "ignoring \(group.count) files of the build cache \(cacheDirectory): \(reason); they are rebuilt by this build")
            }
        }
        content.beginBuild(settledBefore: settledBefore)
        return notes
    }

    /// Keeps what a successful build used; returns notes about cache files that could not be saved.
    /// `wroteFiles` says the build wrote files, which the manifest records anew.
    func finish(output: String, manifest: OutputManifest, wroteFiles: Bool, threads: Int) -> [String] {
        var notes: [String] = []
        // A build that wrote files, or after an edit has a new record of its inputs, has a new
        // manifest, known without comparing two tables of 37,000 entries.
        let changedManifest = manifests[output].map { wroteFiles || $0.unchanged != manifest.unchanged || $0 != manifest } ?? true
        // The previous manifest is let go of with the build's other values.
        leftovers.keep(manifests[output])
        manifests[output] = manifest
        guard let cacheDirectory else {
            _ = content.endBuild()
            return notes
        }
        if let names = try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory) {
            // Left by a build killed while saving.
            for name in names where name.contains(".tmp-") { unlink(cacheDirectory + "/" + name) }
            Self.removeOrphanManifests(named: names, in: cacheDirectory, keeping: manifestFile(for: output)?.path)
        }
        // The manifest is encoded and saved while the content's build is ended (which finds
        // the shards it changed, 0.1 s on one core at 100,000 releases) and its shards saved.
        let manifestFile = changedManifest || manifestSignatures[output] == nil ? manifestFile(for: output) : nil
        let (content, damaged) = (content, damagedShards)
        let saved = ParallelMap.alongside(threads: threads, { () -> [(CacheFile, any Error)] in
            guard let manifestFile else { return [] }
            do {
                try manifestFile.save(payload: { try manifest.encode(threads: threads, $0) })
                return []
            } catch {
                return [(manifestFile, error)]
            }
        }, { () -> [(CacheFile, any Error)] in
            var shards = content.endBuild()
            for shard in 0 ..< ContentCache.shardCount where damaged.contains(ContentCache.shardFile(shard, in: cacheDirectory).path) {
                shards.insert(shard)
            }
            return content.save(shards: shards, to: cacheDirectory, threads: threads)
        })
        let (manifestFailures, shardFailures) = saved
        damagedShards = Set(shardFailures.map(\.0.path))
        let failures = shardFailures + manifestFailures
        if let manifestFile, manifestFailures.isEmpty {
            manifestSignatures[output] = ContentCache.Signature(path: manifestFile.path)
        }
        if let (file, error) = failures.first {
            let more = failures.count > 1 ? " (and \(failures.count - 1) more files)" : ""
            let reason = (error as? CacheFormatError)?.reason ?? SiteFiles.reason(error)
            // Without the record of checked shards, the cache is still used: each shard is checked in full.
            let record = ContentCache.checkedFile(in: cacheDirectory).path
            let next = failures.allSatisfy { $0.0.path == record } ? "the next build checks every cache shard in full" : "the next build starts afresh"
            notes.append("cannot save the build cache \(file.path)\(more): \(reason); \(next)")
        }
        return notes
    }

    /// A new store for the long texts of the releases a build loads.
    func textStore() -> BodyStore {
        _ = textDamage.take()
        return BodyStore(cacheDirectory: cacheDirectory, damage: textDamage, budget: textsKeptInMemory, mayBeNamed: namesTextsFiles)
    }

    /// A build that failed keeps the manifest as it was (the output is unchanged) and forgets nothing.
    func abandon() {
        content.abandonBuild()
    }

    private func note(_ file: CacheFile, _ error: CacheFormatError) -> String {
        "ignoring the build cache \(file.path): \(error.reason); it is rebuilt by this build"
    }

    static func realTimeNanoseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return FileBytes.nanoseconds(now)
    }
}
