import Foundation
import Glibc

/// Whether a port can be listened on, asked before the server starts so that a busy port gets a
/// plain message and a free port to try, not a socket error.
public enum PortCheck {
    /// True when `host:port` can be bound now (nil host names resolve to nothing: false).
    public static func isFree(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else { return false }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard socket >= 0 else { return false }
        defer { Glibc.close(socket) }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        return bind(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0
    }

    /// The first free port after `port`, looking at a few dozen.
    public static func freePort(after port: Int, host: String) -> Int? {
        (port + 1 ... min(port + 40, 65535)).first { isFree(host: host, port: $0) }
    }

    /// Whether serving on `host` keeps the preview on this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
