import Foundation
import Glibc
import Testing

/// `newsroom serve` over real sockets, as a browser and curl speak to it: requests one after
/// another on one connection, HEAD, conditional requests, HTTP/1.0, a method it does not
/// serve, requests that are not HTTP or too large, the reload channel hearing a save, and a
/// stop (SIGINT) while a page listens.
struct ServeHTTPTests {
    @Test func theServerSpeaksHTTPAndStreamsReloads() throws {
        let work = CommandLineTests.temporary()
        let site = work + "/site"
        try FileManager.default.copyItem(atPath: CommandLineTests.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        let port = try Self.freePort()
        let server = Process()
        server.executableURL = try CommandLineTests.binary()
        server.arguments = ["serve", "--site", site, "--port", String(port), "--now", "2026-03-15T00:00:00Z"]
        let said = work + "/serve.log"
        FileManager.default.createFile(atPath: said, contents: nil)
        server.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: said))
        server.standardError = server.standardOutput
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        #expect(Self.waitFor(seconds: 120) { ((try? String(contentsOfFile: said, encoding: .utf8)) ?? "").contains("Serving") })

        // Two requests on one connection, the second asking to close it: both answered, then closed.
        let two = try Self.exchange(port, "GET /news/ HTTP/1.1\r\nHost: x\r\n\r\nGET /news/tags/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (twoClosed, answers) = (two.closed, two.text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1)
        #expect(twoClosed, "the connection stayed open after a request that asked to close it")
        #expect(answers == 2, "\(two.text.prefix(300))")
        let tags = two.text.contains("<title>Tags")
        #expect(tags)

        let get = try Self.exchange(port, "GET /news/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (getHead, getBody) = Self.split(get.text)
        let length = try #require(Self.header("Content-Length", in: getHead).flatMap { Int($0) })
        #expect(getBody.utf8.count == length)
        #expect(getBody.contains("__newsroom/events?since="))

        // HEAD: the length of what GET sends, and nothing after the head.
        let head = try Self.exchange(port, "HEAD /news/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(head.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(Self.header("Content-Length", in: Self.split(head.text).head) == String(length))
        #expect(Self.split(head.text).body.isEmpty)

        // The page's tag again: not modified, no body.
        let tag = try #require(Self.header("ETag", in: getHead))
        let again = try Self.exchange(port, "GET /news/ HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\", \(tag)\r\nConnection: close\r\n\r\n")
        #expect(again.text.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), "\(again.text.prefix(200))")
        #expect(Self.split(again.text).body.isEmpty)

        // HTTP/1.0 without keep-alive: answered in 1.0, and the connection closes.
        let old = try Self.exchange(port, "GET /news/ HTTP/1.0\r\n\r\n")
        let (oldClosed, oldStatus) = (old.closed, old.text.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(oldClosed, "an HTTP/1.0 connection stayed open")
        #expect(oldStatus, "\(old.text.prefix(100))")

        let post = try Self.exchange(port, "POST /news/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1")
        #expect(post.text.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(Self.header("Allow", in: Self.split(post.text).head) == "GET, HEAD")

        // A request that is not HTTP is refused and its connection closed; the server goes on.
        let garbage = try Self.exchange(port, "NOT HTTP AT ALL\u{0}\r\n\r\n")
        let (garbageClosed, refused) = (garbage.closed, garbage.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(garbageClosed)
        #expect(refused, "\(garbage.text.prefix(200))")
        let huge = try Self.exchange(port, "GET /news/ HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "a", count: 200_000))\r\n\r\n")
        #expect(huge.closed)

        // The reload channel: open, then a save is built and told.
        let generation = try #require(getBody.components(separatedBy: "__newsroom/events?since=").dropFirst().first?.prefix { $0.isNumber })
        let events = try Self.connect(port)
        defer { close(events) }
        try Self.send(events, "GET /__newsroom/events?since=\(generation) HTTP/1.1\r\nHost: x\r\n\r\n")
        var heard = Self.read(events, until: ": open", seconds: 30)
        #expect(heard.text.contains("Content-Type: text/event-stream"), "\(heard.text)")
        #expect(!heard.text.contains("event: reload"))
        let release = try FileHandle(forWritingTo: URL(fileURLWithPath: site + "/Content/releases/2024/2024-01-15-alpha-launch.md"))
        try release.seekToEnd()
        try release.write(contentsOf: Data("\nA paragraph saved while a page listens.\n".utf8))
        try release.close()
        heard = Self.read(events, until: "event: reload", seconds: 120)
        #expect(heard.text.contains("event: reload"), "\(heard.text)")

        // SIGINT while the page listens: the channel ends, and the server exits at once.
        kill(server.processIdentifier, SIGINT)
        let ended = Self.read(events, until: nil, seconds: 30).closed
        #expect(ended, "the reload channel stayed open after SIGINT")
        #expect(Self.waitFor(seconds: 30) { !server.isRunning })
        #expect(server.terminationStatus == 0)
    }

    private struct Received {
        var text: String
        /// The server closed the connection (rather than the read timing out).
        var closed: Bool
    }

    private static func exchange(_ port: Int, _ request: String) throws -> Received {
        let socket = try connect(port)
        defer { close(socket) }
        try send(socket, request)
        return read(socket, until: nil, seconds: 30)
    }

    private static func connect(_ port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard socket >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        return socket
    }

    private static func send(_ socket: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress, $0.count, 0) }) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Reads until the connection closes, `marker` has come, or `seconds` pass.
    private static func read(_ socket: Int32, until marker: String?, seconds: Double) -> Received {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 200) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return Received(text: String(decoding: received, as: UTF8.self), closed: true) }
            received += buffer[..<count]
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return Received(text: String(decoding: received, as: UTF8.self), closed: false)
    }

    private static func split(_ response: String) -> (head: String, body: String) {
        guard let end = response.range(of: "\r\n\r\n") else { return (response, "") }
        return (String(response[..<end.lowerBound]), String(response[end.upperBound...]))
    }

    private static func header(_ name: String, in head: String) -> String? {
        head.components(separatedBy: "\r\n").dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    static func freePort() throws -> Int {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let found = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        guard found else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
