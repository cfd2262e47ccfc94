import Foundation
import Testing

/// Kills a build with SIGKILL on entry to a chosen system call (strace's fault injection),
/// at many points, and checks the output folder is always a complete tree: the previous
/// output exactly, or (when the kill came after the swap) the new one exactly.
@Suite struct KillTests {
    static let site = CommandLineTests.repository.appendingPathComponent("seeds/fixtures/basic").path
    static let oldClock = "2026-03-15T00:00:00Z"
    /// After the embargo: the new output has one more release, its bundle file and a tag.
    static let newClock = "2026-04-15T00:00:00Z"

    static func strace() throws -> String {
        for path in ["/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        Issue.record("strace is needed for this test: apt-get install strace (make test installs it)")
        throw CocoaError(.fileNoSuchFile)
    }

    static func tree(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: root + "/" + relative)
            }
        }
        return files
    }

    /// Every build of a test shares one cache folder beside its output, so kills also land in
    /// cache reads and writes, and builds after a kill start from whatever the cache then holds.
    static func build(output: String, now: String, killOn syscall: String? = nil, at count: Int = 0) throws -> Int32 {
        let process = Process()
        let binary = try CommandLineTests.binary().path
        let cache = ["--cache-dir", (output as NSString).deletingLastPathComponent + "/cache"]
        if let syscall {
            process.executableURL = URL(fileURLWithPath: try strace())
            process.arguments = ["-f", "-o", "/dev/null", "-e", "inject=\(syscall):signal=KILL:when=\(count)",
                                 binary, "build", "--site", site, "--output", output, "--now", now] + cache
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["build", "--site", site, "--output", output, "--now", now] + cache
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(arguments: ["openat", "write", "mkdir", "mkdirat", "linkat", "unlink", "unlinkat", "rmdir", "renameat", "renameat2", "close", "getdents64"])
    func killedBuildLeavesACompleteOutput(syscall: String) throws {
        let folder = CommandLineTests.temporary()
        let reference = folder + "/reference"
        #expect(try Self.build(output: reference, now: Self.newClock) == 0)
        let newTree = Self.tree(reference)

        let output = folder + "/public"
        #expect(try Self.build(output: output, now: Self.oldClock) == 0)
        let oldTree = Self.tree(output)
        #expect(oldTree != newTree)

        var kills = 0
        for count in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610] {
            let status = try Self.build(output: output, now: Self.newClock, killOn: syscall, at: count)
            let after = Self.tree(output)
            #expect(after == oldTree || after == newTree,
                    "after a kill on \(syscall) #\(count) the output is neither the old nor the new tree")
            if after == newTree {
                // Put the old output back for the next kill.
                #expect(try Self.build(output: output, now: Self.oldClock) == 0)
                #expect(Self.tree(output) == oldTree)
            }
            if status == 0 { break }
            kills += 1
        }
        #expect(kills > 0, "strace never killed the build on \(syscall)")
        // The next ordinary build cleans up whatever the killed ones left beside the output.
        #expect(try Self.build(output: output, now: Self.newClock) == 0)
        #expect(Self.tree(output) == newTree)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers == [])
        let cacheLeftovers = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache").filter { $0.contains(".tmp-") }
        #expect(cacheLeftovers == [])
    }
}
