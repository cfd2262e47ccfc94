import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The build session's promise: an incremental build writes exactly what a clean build writes,
/// and leaves every file whose bytes did not change as it was (same inode, same time).
///
/// Each seed applies a random series of edits to a copy of the `basic` fixture (bodies and their links, titles,
/// tags (and so related releases), corrections, dates, a template, the settings, releases and
/// bundle files added, removed and resized, a hero image resized, the clock moved past an embargo and
/// back, preview mode) and after each one
/// builds incrementally and from scratch. Even steps reuse one session (caches in memory), odd
/// steps start a new one from the cache folder, as a new process would. Seeds take turns at
/// where the releases' texts wait: in memory, in texts files of the cache (`TextsFiles`), or
/// in a file with no name copied into the shards. The series runs again with sessions whose
/// outputs are private (a preview server's), which change the output in place.
/// `INCREMENTAL_SEEDS=n` runs more seeds.
@Suite struct IncrementalBuildTests {
    static let seeds: [UInt64] = Array(1 ... UInt64(ProcessInfo.processInfo.environment["INCREMENTAL_SEEDS"].flatMap(Int.init) ?? 3))

    @Test(arguments: seeds)
    func incrementalOutputEqualsACleanBuild(seed: UInt64) throws {
        try applyEditsAndCompare(seed: seed, privateOutput: false)
    }

    /// A private output is changed in place, by one session as a preview server keeps it; every
    /// fifth step's session is new (its manifests are not saved, so it stages the whole tree),
    /// after which the kept session's manifest is out of date: its check of the output finds that.
    @Test(arguments: seeds)
    func privateOutputChangedInPlaceEqualsACleanBuild(seed: UInt64) throws {
        try applyEditsAndCompare(seed: seed, privateOutput: true)
    }

    func applyEditsAndCompare(seed: UInt64, privateOutput: Bool) throws {
        var edits = SiteEdits(site: try Fixtures.copy("basic"), seed: seed)
        let work = Fixtures.temporaryDirectory("incremental")
        let output = work + "/public", cache = work + "/cache"
        let kept = Self.session(cache, seed: seed, privateOutput: privateOutput)
        var lastTree: [String: FileState] = [:]
        var kinds: [String: Int] = [:]
        var upToDate = 0, partial = 0, stagedAhead = 0, inPlace = 0
        // Whether the kept session builds a step; a new one builds the others.
        func keptBuilds(_ step: Int) -> Bool { privateOutput ? step % 5 != 4 : step % 2 == 0 }
        for step in 0 ..< 36 {
            let kind = step == 0 ? "first build" : try edits.applyRandomEdit()
            kinds[kind, default: 0] += 1
            // Older than the session's margin: the file-system signatures of this edit are trusted next time.
            Thread.sleep(forTimeInterval: 0.04)
            let options = BuildOptions(siteDirectory: edits.site, outputDirectory: output, includeDrafts: edits.drafts,
                                       clock: Clock(now: Fixtures.date(edits.now)), threads: step % 3 + 1)
            let clean = Result { () throws(BuildFailure) in
                var fresh = options
                fresh.outputDirectory = work + "/clean-\(step)"
                return try Builder.build(fresh)
            }
            let session = keptBuilds(step) ? kept : Self.session(cache, seed: seed, privateOutput: privateOutput)
            let incremental = Result { () throws(BuildFailure) in try session.build(options) }
            let context = "seed \(seed) step \(step) after '\(kind)'"
            switch (clean, incremental) {
            case (.success(let cleanReport), .success(let report)):
                #expect(report.diagnostics == cleanReport.diagnostics, "\(context)")
                #expect(report.notes == [], "\(context)")
                if report.upToDate { upToDate += 1 }
                if report.wholeTreeStagedAhead == true { stagedAhead += 1 }
                if report.writtenInPlace { inPlace += 1 }
                #expect(!report.writtenInPlace || privateOutput, "\(context): an output that is not private was changed in place")
                if report.pagesRendered < report.pages && !report.upToDate { partial += 1 }
                if kind == "nothing" && keptBuilds(step) && (!privateOutput || keptBuilds(step - 1)) {
                    #expect(report.upToDate, "\(context): nothing changed, yet the build ran")
                }
                #expect(report.withheld.map(\.release.sourcePath) == cleanReport.withheld.map(\.release.sourcePath), "\(context)")
                let tree = OutputTree(output), cleanTree = OutputTree(work + "/clean-\(step)")
                #expect(tree.paths == cleanTree.paths, "\(context)")
                for path in cleanTree.paths where tree.files[path] != cleanTree.files[path] {
                    Issue.record("\(context): \(path) differs from a clean build")
                }
                let now = FileState.read(output)
                for (path, before) in lastTree {
                    guard let after = now[path], after.bytes == before.bytes else { continue }
                    #expect(after.inode == before.inode && after.modified == before.modified,
                            "\(context): \(path) kept its bytes but not its inode and time")
                }
                lastTree = now
                // The manifest kept describes the output exactly: each file, and nothing gone.
                if let manifest = session.prepareManifest(output: OutputWriter(output: output).output).manifest {
                    let checked = manifest.validated(against: output, threads: 1)
                    #expect(checked.isComplete, "\(context): the manifest does not describe the output")
                    #expect(checked.files.keys.sorted() == now.keys.sorted(), "\(context): the manifest's files are not the output's")
                }
                #expect(Self.unreferencedTextsFiles(cache).isEmpty, "\(context): texts files no shard refers to")
            case (.failure(let cleanFailure), .failure(let failure)):
                #expect(failure.diagnostics == cleanFailure.diagnostics, "\(context)")
                #expect(FileState.read(output) == lastTree, "\(context): a failed build changed the output")
            default:
                Issue.record("\(context): clean build \(clean), incremental build \(incremental)")
            }
            try? FileManager.default.removeItem(atPath: work + "/clean-\(step)")
        }
        // Every kind of edit came up at least once over the seeds run together; each seed must at least vary.
        #expect(kinds.count >= 8, "seed \(seed) tried only \(kinds.keys.sorted())")
        #expect(upToDate > 0 && partial > 0, "seed \(seed): \(upToDate) builds found nothing changed, \(partial) rendered part of the site")
        if privateOutput {
            #expect(inPlace > 0 && stagedAhead == 0, "seed \(seed): \(inPlace) builds changed the output in place, \(stagedAhead) staged it whole ahead")
        } else {
            #expect(stagedAhead > 0, "seed \(seed): no build staged the whole tree while its pages rendered")
        }
    }

    /// A session whose file-system signatures settle fast; `seed` picks where texts wait (by
    /// default, in memory up to the usual budget).
    static func session(_ cache: String, seed: UInt64 = 2, privateOutput: Bool = false) -> BuildSession {
        let session = BuildSession(cacheDirectory: cache, privateOutputs: privateOutput)
        session.settleMargin = 20_000_000
        session.textsKeptInMemory = seed % 3 == 2 ? 64 << 20 : 0
        session.namesTextsFiles = seed % 3 != 0
        return session
    }

    /// The texts files in the cache folder that no release of the cache, read afresh, waits in.
    static func unreferencedTextsFiles(_ cache: String) -> Set<String> {
        let session = BuildSession(cacheDirectory: cache)
        _ = session.prepareContent(settledBefore: Int.max, threads: 1)
        let referred = Set(session.content.releases.values.flatMap { $0.release.storedRecords.compactMap(\.store.name) })
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter(TextsFiles.isName)
        return Set(present).subtracting(referred)
    }
}

/// A file of an output folder: its bytes, inode and modification time.
struct FileState: Equatable {
    var bytes: Data
    var inode: Int
    var modified: Int

    static func read(_ root: String) -> [String: FileState] {
        var states: [String: FileState] = [:]
        for (path, bytes) in OutputTree(root).files {
            guard let status = OutputManifest.status(root + "/" + path) else { continue }
            states[path] = FileState(bytes: bytes, inode: status.inode, modified: status.modified)
        }
        return states
    }
}

/// Random edits of a site copied from the `basic` fixture, as an editor would make them.
struct SiteEdits {
    let site: String
    var random: SeededRandom
    var now = "2026-03-15T00:00:00Z"
    var drafts = false
    private var added = 0

    init(site: String, seed: UInt64) {
        self.site = site
        random = SeededRandom(seed: seed)
    }

    static let clocks = ["2026-03-15T00:00:00Z", "2026-03-16T12:00:00Z", "2026-04-02T00:00:00Z", "2026-05-06T00:00:00Z"]
    static let tags = ["Research", "Products", "Grants", "Policy", "Events"]

    var content: String { site + "/Content" }

    func releases() -> [String] {
        (FileManager.default.enumerator(atPath: content + "/releases")?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { content + "/releases/" + $0 }
    }

    /// Applies one edit and names it.
    mutating func applyRandomEdit() throws -> String {
        let files = releases()
        let file = files.isEmpty ? nil : files[Int(random.next() % UInt64(files.count))]
        let token = String(random.next() % 100_000)
        switch random.next() % 17 {
        case 0 where file != nil:
            // A link that leads somewhere, one to a tag's page (which a tag or clock edit can
            // take away, and so break the link of a release not edited since), or one to nothing:
            // its warning stays with the release until the release changes (`PlanMemo`).
            let target = ["/media-kit/", "/tags/\(Slug.make(Self.tags[Int(random.next() % 5)]))/", "/gone-\(token)/"][Int(random.next() % 3)]
            try append("\nA paragraph added by edit \(token), with a [link](\(target)).\n", to: file!)
            return "body"
        case 1 where file != nil:
            try replaceLine(startingWith: "title:", with: "title: Retitled release \(token)", in: file!)
            return "title"
        case 2 where file != nil:
            let tags = (0 ..< Int(random.next() % 3)).map { _ in Self.tags[Int(random.next() % 5)] }
            try replaceLine(startingWith: "tags:", with: "tags: [\(tags.joined(separator: ", "))]", in: file!)
            return "tags"
        case 3 where file != nil:
            let day = String(format: "2025-%02d-%02d", Int(random.next() % 12) + 1, Int(random.next() % 28) + 1)
            try replaceLine(startingWith: "date:", with: "date: \(day)", in: file!)
            return "date"
        case 4:
            let footer = try String(contentsOfFile: Fixtures.repository.path + "/Templates/partials/footer.html", encoding: .utf8)
            let path = site + "/Templates/partials/footer.html"
            let choice = random.next() % 4
            if choice == 3 {
                // A year page that shows the bodies of the releases whose titles have an odd
                // length only: a title edit can make it read a body it did not (`PageFingerprints`).
                let year = site + "/Templates/year.html"
                if FileManager.default.fileExists(atPath: year) {
                    try FileManager.default.removeItem(atPath: year)
                } else {
                    try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
                    try """
                    {% for release in releases %}{{ release.title }}{% if release.title | length is odd %}: {{ release.body }}{% endif %}
                    {% endfor %}
                    """.write(toFile: year, atomically: false, encoding: .utf8)
                }
            } else if choice == 0 {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                try FileManager.default.createDirectory(atPath: site + "/Templates/partials", withIntermediateDirectories: true)
                try (footer + "<p>Footer edit \(token)</p>\n").write(toFile: path, atomically: false, encoding: .utf8)
            }
            return "template"
        case 5:
            try replaceLine(startingWith: "description:", with: "description: Settings edit \(token).", in: content + "/newsroom.yml")
            return "config"
        case 6:
            added += 1
            let month = Int(random.next() % 12) + 1
            try """
            ---
            title: Added release \(added) \(token)
            date: 2025-\(String(format: "%02d", month))-10
            tags: [\(Self.tags[Int(random.next() % 5)])]
            ---
            Added release body \(token).
            """.write(toFile: content + "/releases/2025/2025-\(String(format: "%02d", month))-10-added-\(added).md",
                      atomically: false, encoding: .utf8)
            return "add release"
        case 7 where files.count > 3:
            try FileManager.default.removeItem(atPath: file!)
            return "remove release"
        case 8:
            let bundle = content + "/releases/2026/bundle-release"
            guard FileManager.default.fileExists(atPath: bundle + "/index.md") else { return "nothing" }
            let choice = random.next() % 4
            if choice == 3 {
                // The attachment's size is read each build, not parsed: it is in its release's value.
                try String(repeating: "Report \(token)\n", count: Int(random.next() % 400) + 1)
                    .write(toFile: bundle + "/report.txt", atomically: false, encoding: .utf8)
                return "bundle file"
            }
            let extra = bundle + "/extra-\(choice).txt"
            if FileManager.default.fileExists(atPath: extra) {
                try FileManager.default.removeItem(atPath: extra)
            } else {
                try "Bundle file \(token)\n".write(toFile: extra, atomically: false, encoding: .utf8)
            }
            return "bundle file"
        case 9:
            // A release's hero image: its pixel size is read each build, not parsed, and is in the release's value.
            let width = random.next() % 3 == 0 ? "" : " width=\"\(random.next() % 40 + 1)\" height=\"12\""
            try "<svg xmlns=\"http://www.w3.org/2000/svg\"\(width)><title>Chart \(token)</title></svg>\n"
                .write(toFile: content + "/media/chart.svg", atomically: false, encoding: .utf8)
            return "shared file"
        case 10, 11:
            now = Self.clocks[Int(random.next() % UInt64(Self.clocks.count))]
            return "clock"
        case 12:
            drafts.toggle()
            return "preview"
        case 13 where file != nil:
            let choices = ["boilerplate: \"\"", "boilerplate: Edited *boilerplate* \(token), [kit](/media-kit/)."]
            try replaceLine(startingWith: "boilerplate:", with: choices[Int(random.next() % 2)], in: file!)
            return "boilerplate"
        case 14:
            try replaceLine(startingWith: "    organization:", with: "    organization: \"Example Foundation, Inc.; desk \(token)\"",
                            in: content + "/newsroom.yml")
            return "contact"
        case 15 where file != nil:
            // A correction: the release's modified time, its page, its feeds' entries and the sitemap.
            // Dated no earlier than the release (an earlier one is an error no later edit undoes).
            let dated = try String(contentsOfFile: file!, encoding: .utf8).components(separatedBy: "\n")
                .first { $0.hasPrefix("date:") }.map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
            let day = dated.map { $0 > "2026-03-01" ? $0 : "2026-03-01" } ?? "2026-03-01"
            try replaceLine(startingWith: "updates:", with: "updates: [{date: \(day), note: Correction \(token).}]", in: file!)
            return "updates"
        default:
            return "nothing"
        }
    }

    private func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Replaces the first front-matter line with that prefix, or adds the line after the opening `---`.
    private func replaceLine(startingWith prefix: String, with line: String, in path: String) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) {
            lines[index] = line
        } else if lines.first == "---" {
            lines.insert(line, at: 1)
        } else {
            lines.insert(line, at: 0)
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }
}
