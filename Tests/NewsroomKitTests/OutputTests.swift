import Foundation
@testable import NewsroomKit
import Testing

@Suite struct OutputTests {
    @Test func buildsAreByteIdenticalAcrossRunsAndThreadCounts() throws {
        let first = Fixtures.temporaryDirectory("det1") + "/public"
        let second = Fixtures.temporaryDirectory("det2") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: first, threads: 1)
        _ = try Fixtures.build(Fixtures.site("basic"), output: second, threads: 4)
        #expect(OutputTree(first) == OutputTree(second))
    }

    @Test func unchangedFilesAreCarriedOverWithTheirTimestamps() throws {
        let output = Fixtures.temporaryDirectory("carry") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output)
        let path = output + "/releases/2024/alpha-launch/index.html"
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        let report = try Fixtures.build(Fixtures.site("basic"), output: output)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(before == after)
        #expect(report.filesWritten == 0)
        #expect(report.filesUnchanged == report.files)
    }

    /// A build that changes nothing changes no file's inode or modification time, the output
    /// marker's included, so a sync tool sees nothing to copy.
    @Test func aNoChangeBuildKeepsEveryInodeAndTimestamp() throws {
        let output = Fixtures.temporaryDirectory("same") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output)
        func identities() -> [String: [String]] {
            var result: [String: [String]] = [:]
            for path in FileManager.default.subpaths(atPath: output) ?? [] {
                var status = stat()
                guard lstat(output + "/" + path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                result[path] = ["\(status.st_ino)", "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"]
            }
            return result
        }
        let before = identities()
        #expect(before[OutputWriter.markerName] != nil)
        Thread.sleep(forTimeInterval: 0.05)
        _ = try Fixtures.build(Fixtures.site("basic"), output: output)
        #expect(identities() == before)
    }

    /// A first build writes each page straight into its place and records what the file system
    /// says of it as it is written: that record must be what `lstat` says afterwards, or the
    /// next build could not trust it (and would compare every file again).
    @Test(arguments: [1, 3])
    func aFirstBuildRecordsEveryFileAsItIs(threads: Int) throws {
        let work = Fixtures.temporaryDirectory("recorded")
        let output = work + "/public"
        let session = BuildSession(cacheDirectory: work + "/cache")
        session.settleMargin = 20_000_000
        let options = BuildOptions(siteDirectory: Fixtures.site("basic"), outputDirectory: output,
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: threads)
        let first = try session.build(options)
        #expect(first.filesWritten == first.files)
        let manifest = try #require(session.prepareManifest(output: OutputWriter(output: output).output).manifest)
        var regular: Set<String> = []
        for path in FileManager.default.subpaths(atPath: output) ?? [] {
            var status = stat()
            guard lstat(output + "/" + path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            regular.insert(path)
            let now = OutputStatus(status)
            let entry = manifest.files[path]
            #expect(entry?.inode == now.inode && entry?.size == now.size && entry?.modified == now.modified
                    && entry?.changed == now.changed, "\(path)")
        }
        #expect(Set(manifest.files.keys) == regular)
        Thread.sleep(forTimeInterval: 0.04)
        #expect(try session.build(options).upToDate)
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() throws {
        let output = Fixtures.temporaryDirectory("foreign")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: output + "/notes.txt"))
        #expect(throws: BuildFailure.self) { try Fixtures.build(Fixtures.site("basic"), output: output) }
        #expect(FileManager.default.contents(atPath: output + "/notes.txt") == Data("keep me".utf8))
    }

    @Test(arguments: ["", "/Content", "/Content/media/public", "/..", "/../.."])
    func refusesFoldersThatHoldOrFeedTheSite(suffix: String) throws {
        let site = try Fixtures.copy("basic")
        do {
            _ = try Fixtures.build(site, output: site + suffix)
            Issue.record("building into the site folder must fail")
        } catch {
            #expect(error.errors.first?.message.hasPrefix("refusing to use") == true)
        }
        #expect(FileManager.default.fileExists(atPath: site + "/Content/newsroom.yml"))
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/media/public"))
    }

    @Test func refusesTheRootAndTheHomeFolder() throws {
        for output in ["/", NSHomeDirectory()] {
            do {
                _ = try Fixtures.build(Fixtures.site("basic"), output: output)
                Issue.record("building into \(output) must fail")
            } catch {
                #expect(error.errors.first?.message.hasPrefix("refusing to use") == true)
            }
        }
    }

    @Test func aSiteWithoutTemplatesUsesTheBuiltInTheme() throws {
        #expect(!FileManager.default.fileExists(atPath: Fixtures.site("basic") + "/Templates"))
        let output = Fixtures.temporaryDirectory("builtin") + "/public"
        _ = try Fixtures.build(Fixtures.site("basic"), output: output)
        #expect(OutputTree(output).text("assets/style.css")?.isEmpty == false)
    }

    @Test func oneBuildAtATimePerOutputFolder() throws {
        let parent = Fixtures.temporaryDirectory("lock")
        let held = try OutputLock(path: OutputWriter(output: parent + "/public").lockPath, output: parent + "/public")
        do {
            _ = try Fixtures.build(Fixtures.site("basic"), output: parent + "/public")
            Issue.record("a second build must not write while the first holds the lock")
        } catch {
            #expect(error.diagnostics.map(\.description)
                == ["\(parent)/public:1:1: error: another newsroom build is writing this output folder; wait for it to finish"])
        }
        #expect(!FileManager.default.fileExists(atPath: parent + "/public"))
        // Another output folder beside it is built meanwhile, and leaves no lock file behind.
        _ = try Fixtures.build(Fixtures.site("basic"), output: parent + "/preview")
        #expect(FileManager.default.fileExists(atPath: parent + "/preview/index.html"))
        held.release()
        _ = try Fixtures.build(Fixtures.site("basic"), output: parent + "/public")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == ["preview", "public"])
    }

    /// A lock file left by a killed build is taken over; a link in its place is not followed.
    @Test func aLeftLockFileIsTakenOverAndALinkRefused() throws {
        let parent = Fixtures.temporaryDirectory("lock-left")
        let writer = OutputWriter(output: parent + "/public")
        #expect(FileManager.default.createFile(atPath: writer.lockPath, contents: Data()))
        _ = try Fixtures.build(Fixtures.site("basic"), output: writer.output)
        #expect(!FileManager.default.fileExists(atPath: writer.lockPath))
        let target = parent + "/target.txt"
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: writer.lockPath, withDestinationPath: target)
        #expect(throws: BuildFailure.self) { _ = try Fixtures.build(Fixtures.site("basic"), output: writer.output) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep\n")
    }

    /// On tmpfs a folder lists its files in creation order: copies made in opposite orders
    /// list differently, and must still build to the same bytes.
    @Test func buildsAreIdenticalWhateverOrderTheFileSystemListsFiles() throws {
        let source = Fixtures.site("basic")
        let files = OutputTree(source).paths
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var trees: [OutputTree] = []
        for (index, order) in [files, files.reversed()].enumerated() {
            let site = base + "/newsroom-order-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: site) }
            for path in order {
                let destination = site + "/" + path
                try FileManager.default.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: source + "/" + path, toPath: destination)
            }
            let output = site + "-out"
            defer { try? FileManager.default.removeItem(atPath: output) }
            _ = try Fixtures.build(site, output: output, threads: index == 0 ? 1 : 3)
            trees.append(OutputTree(output))
        }
        #expect(trees[0] == trees[1])
        #expect(trees[0].files.count > 30)
    }
}
