import Foundation
import Glibc
import Testing

/// `newsroom serve` from the command line: what it says when it cannot start.
struct ServeCommandTests {
    /// A port held by another program gets a plain message and a free port to try, not a socket error.
    @Test func aBusyPortIsNamedWithAFreeOneToTry() throws {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(holder >= 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(holder, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let site = CommandLineTests.repository.appendingPathComponent("seeds/fixtures/basic").path
        let run = try CommandLineTests.run(["serve", "--site", site, "--port", String(port)])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("error: cannot listen on 127.0.0.1:\(port): the port is in use"), "\(run.stderr)")
        #expect(run.stderr.contains("is free: newsroom serve --port "))
    }

    @Test func aPortOutOfRangeIsACommandLineError() throws {
        let run = try CommandLineTests.run(["serve", "--port", "70000"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--port must be from 1 to 65535"))
    }
}
