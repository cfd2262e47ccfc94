import Foundation
import Testing

/// Copied files (press photos, videos) are compared and copied a chunk at a time: the build's
/// peak memory does not grow with their size. Measured as the child's own peak resident size
/// (`wait4`), not by timing.
@Suite struct MemoryTests {
    /// Runs the binary and returns its exit status and peak resident size in KiB.
    ///
    /// Through a small Python parent: Linux counts a process's peak from its parent's memory
    /// at the moment it is spawned, so spawned straight from this (large) test process the
    /// figure would be the test's own, not the build's.
    static func peakMemory(_ arguments: [String]) throws -> (status: Int32, kibibytes: Int) {
        let script = """
            import resource, subprocess, sys
            code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
            print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, try CommandLineTests.binary().path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard fields.count == 2 else { throw CocoaError(.executableLoad) }
        return (Int32(fields[0]), fields[1])
    }

    /// 6 files of 24 MiB (144 MiB); a build that held them in memory would peak above that.
    @Test(arguments: [false, true])
    func largeCopiedFilesDoNotRaisePeakMemory(withHeldRelease: Bool) throws {
        let shm = "/dev/shm"
        let base = FileManager.default.fileExists(atPath: shm) ? shm : FileManager.default.temporaryDirectory.path
        let root = base + "/newsroom-memory-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let media = root + "/site/Content/media"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/site/Content/releases", withIntermediateDirectories: true)
        try Data("title: T\nbase_url: https://example.org/\norganization:\n  name: O\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/site/Content/newsroom.yml"))
        try Data("---\ntitle: A published release\ndate: 2025-01-01\n---\nText.\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/site/Content/releases/a.md"))
        if withHeldRelease {
            // Something is held, so the leak scan reads every output file too.
            try Data("---\ntitle: A draft release for later\ndate: 2025-01-02\ndraft: true\n---\nLater.\n".utf8)
                .write(to: URL(fileURLWithPath: root + "/site/Content/releases/b.md"))
        }
        // The same build without the large files: what the program itself takes.
        let baseline = try Self.peakMemory(["build", "--site", root + "/site", "--output", root + "/baseline",
                                            "--now", "2026-01-01T00:00:00Z", "--jobs", "2", "--no-cache"])
        #expect(baseline.status == 0)
        var chunk = Data(count: 1 << 20)
        for file in 1...6 {
            FileManager.default.createFile(atPath: media + "/photo\(file).bin", contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: media + "/photo\(file).bin"))
            for index in 0..<24 {
                chunk[0] = UInt8(file); chunk[1] = UInt8(index)
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
        }
        let run = try Self.peakMemory(["build", "--site", root + "/site", "--output", root + "/out",
                                       "--now", "2026-01-01T00:00:00Z", "--jobs", "2"])
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: root + "/out/media/photo6.bin"))
        // A file or two per worker at most (2 workers, 24 MiB files): above the program's own
        // memory, well below the 144 MiB of files that holding them all would add.
        let allowance = withHeldRelease ? 100 * 1024 : 72 * 1024
        #expect(run.kibibytes - baseline.kibibytes < allowance,
                "peak \(run.kibibytes / 1024) MiB, \(baseline.kibibytes / 1024) MiB without the files")
    }
}
