import Foundation
@testable import NewsroomKit
import Testing

/// Diff-only deploys: after a one-release edit, `rsync -ai --delete` moves exactly the files
/// whose bytes changed (the release's page and the feeds that carry its body), and itemizes no
/// folder: unchanged files keep their inodes and times, and folders their times.
struct RsyncTests {
    static let rsync = ["/usr/bin/rsync", "/bin/rsync"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private func rsync(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.rsync, "rsync is installed by `make test`"))
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text
    }

    /// The basic fixture copied and built once into `work/public`, with its cache in `work/cache`;
    /// `rebuild` builds it again as a new process would.
    private func builtFixture(_ label: String) throws -> (site: String, work: String, rebuild: () throws -> Void) {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory(label)
        let options = BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        let rebuild = { _ = try BuildSession(cacheDirectory: work + "/cache").build(options) }
        try rebuild()
        return (site, work, rebuild)
    }

    @Test func aOneReleaseEditMovesOnlyTheChangedFiles() throws {
        let (site, work, rebuild) = try builtFixture("rsync")
        _ = try rsync(["-a", "--delete", work + "/public/", work + "/deployed/"])
        let before = OutputTree(work + "/public")

        try "\nA closing paragraph added later.\n".appendLine(to: site + "/Content/releases/2024/2024-01-15-alpha-launch.md")
        try rebuild()
        let after = OutputTree(work + "/public")
        let changed = Set(after.paths.filter { after.files[$0] != before.files[$0] })
        #expect(changed.contains("releases/2024/alpha-launch/index.html"))
        #expect(changed.contains("feed.xml"))

        let itemized = try rsync(["-ai", "--delete", work + "/public/", work + "/deployed/"])
        let lines = itemized.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix(">f") }, "only files are itemized: \(lines)")
        #expect(Set(lines.map { String($0.split(separator: " ", maxSplits: 1).last ?? "") }) == changed)
    }

    /// A release added gives a folder new names: that folder gets a new time, while a folder
    /// whose names stay the same keeps its time, though the whole tree was staged again.
    @Test func aReleaseAddedChangesItsFolderTimeAndKeepsTheOthers() throws {
        let (site, work, rebuild) = try builtFixture("rsync-added")
        func modified(_ folder: String) -> Int? {
            var status = stat()
            return lstat(work + "/public/" + folder, &status) == 0 ? FileBytes.nanoseconds(status.st_mtim) : nil
        }
        let before = ["releases/2024", "releases/2025", "media"].map(modified)

        try "---\ntitle: Gamma trial begins\ndate: 2024-03-03\n---\nThe trial begins today.\n"
            .write(toFile: site + "/Content/releases/2024/2024-03-03-gamma-trial.md", atomically: true, encoding: .utf8)
        try rebuild()
        let after = ["releases/2024", "releases/2025", "media"].map(modified)
        #expect(before.allSatisfy { $0 != nil })
        #expect(after[0] != before[0], "releases/2024 holds a new folder")
        #expect(after[1] == before[1] && after[2] == before[2], "releases/2025 and media hold the same names")
    }
}
