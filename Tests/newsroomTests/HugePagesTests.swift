import Foundation
import Glibc
import Testing

/// The command starts again with glibc asking for huge pages for its heaps (`HeapGrowth`),
/// unless `GLIBC_TUNABLES` already says whether to. Seen from outside, in a running
/// `newsroom serve`: the environment it was started with, and the flag (`hg`) the kernel
/// shows on memory that asked.
@Suite(.serialized) struct HugePagesTests {
    /// Whether this machine's kernel gives huge pages only on request; where it does not, the
    /// command is never started again.
    static let kernelAsks = ((try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? "")
        .split(whereSeparator: \.isWhitespace).contains("[madvise]")

    @Test func aCommandAsksForHugePages() throws {
        let seen = try Self.serve(tunables: nil)
        #expect(seen.tunables == (Self.kernelAsks ? "glibc.malloc.hugetlb=1" : nil))
        if Self.kernelAsks { #expect(seen.askingMappings > 0) }
    }

    /// Another setting stays first, and huge pages are asked for after it. (glibc splits the
    /// variable at its colons where it lies as it reads it, so the process's first environment
    /// shows only the first setting.)
    @Test func otherSettingsAreKept() throws {
        let seen = try Self.serve(tunables: "glibc.malloc.arena_max=4")
        #expect(seen.tunables == "glibc.malloc.arena_max=4")
        if Self.kernelAsks { #expect(seen.askingMappings > 0) }
    }

    @Test func hugetlbZeroTurnsItOff() throws {
        let seen = try Self.serve(tunables: "glibc.malloc.hugetlb=0")
        #expect(seen.tunables == "glibc.malloc.hugetlb=0")
        #expect(seen.askingMappings == 0)
    }

    /// What a `newsroom serve` started with `GLIBC_TUNABLES` set to `tunables` (unset when nil)
    /// runs with, once it serves: that variable, and how many of its mappings asked for huge pages.
    static func serve(tunables: String?) throws -> (tunables: String?, askingMappings: Int) {
        let work = CommandLineTests.temporary()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let site = work + "/site"
        try FileManager.default.copyItem(atPath: CommandLineTests.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        let server = Process()
        server.executableURL = try CommandLineTests.binary()
        server.arguments = ["serve", "--site", site, "--port", String(try ServeHTTPTests.freePort()), "--now", "2026-03-15T00:00:00Z"]
        var environment = ProcessInfo.processInfo.environment
        environment["GLIBC_TUNABLES"] = tunables
        server.environment = environment
        let said = work + "/serve.log"
        FileManager.default.createFile(atPath: said, contents: nil)
        server.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: said))
        server.standardError = server.standardOutput
        try server.run()
        defer {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        let serving = ServeHTTPTests.waitFor(seconds: 120) { ((try? String(contentsOfFile: said, encoding: .utf8)) ?? "").contains("Serving") }
        try #require(serving, "\((try? String(contentsOfFile: said, encoding: .utf8)) ?? "")")
        let process = "/proc/\(server.processIdentifier)"
        let variables = try #require(FileManager.default.contents(atPath: process + "/environ"))
        let found = variables.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            .first { $0.hasPrefix("GLIBC_TUNABLES=") }.map { String($0.dropFirst("GLIBC_TUNABLES=".count)) }
        let maps = try String(contentsOfFile: process + "/smaps", encoding: .utf8)
        let asking = maps.split(separator: "\n").filter { $0.hasPrefix("VmFlags:") && $0.split(separator: " ").contains("hg") }.count
        return (found, asking)
    }
}
