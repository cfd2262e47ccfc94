import Foundation

/// The one validator of the URLs a site's settings and the command line give (`base_url`,
/// `--base-url`, `organization.url`, `organization.logo`). They land in every page's links,
/// so anything a browser would read differently from a plain web address is refused:
/// another scheme (`javascript:`), another host (`//evil.example/`), user info, a bad port,
/// and paths that are not normalised (`//`, `.`, `..`, `\`, white space).
enum WebAddress {
    /// What an address is for, which decides what it may be.
    enum Role: Sendable {
        /// An absolute http(s) URL without query or fragment: the prefix of every link (`base_url`).
        case base
        /// An absolute http(s) URL; a query and a fragment are fine (`organization.url`).
        case link
        /// A path in the site (`/media/logo.svg`, or `logo.svg` in Content/media) or an absolute http(s) URL.
        case asset

        var example: String {
            switch self {
            case .base: return "https://newsroom.example.org/"
            case .link: return "https://www.example.org/"
            case .asset: return "/media/logo.svg, logo.svg (in Content/media) or https://www.example.org/logo.svg"
            }
        }
    }

    /// An absolute http(s) address, taken apart.
    struct Absolute: Sendable, Equatable {
        /// Lower-case `http` or `https`.
        var scheme: String
        /// Lower-case.
        var host: String
        var port: Int?
        /// As written (percent escapes kept); "" or starting with "/".
        var path: String
        /// What follows the path, `?…#…`, as written.
        var suffix: String
    }

    /// Why an address cannot be used, as the end of a sentence about it.
    struct Problem: Error, Equatable {
        var reason: String
    }

    /// The whole message: `'base_url' must be … such as https://newsroom.example.org/; '…' <reason>`.
    static func message(subject: String, text: String, role: Role, problem: Problem) -> String {
        let kind = role == .asset ? "a path in the site or an http(s) URL" : "an absolute http(s) URL"
        return "\(subject) must be \(kind) such as \(role.example); '\(ControlCharacters.replaced(in: text))' \(problem.reason)"
    }

    /// Checks an address for its role.
    static func check(_ text: String, role: Role) throws(Problem) {
        if role == .asset { try asset(text) } else { _ = try absolute(text, role: role) }
    }

    /// Checks an absolute http(s) address for `.base` or `.link`, and takes it apart.
    static func absolute(_ text: String, role: Role) throws(Problem) -> Absolute {
        try checkCharacters(text)
        guard let colon = text.firstIndex(of: ":"), isScheme(text[..<colon]) else {
            throw Problem(reason: "is not an absolute URL")
        }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw Problem(reason: "has the scheme '\(scheme):', not http or https")
        }
        let afterScheme = text[text.index(after: colon)...]
        guard afterScheme.hasPrefix("//") else { throw Problem(reason: "has no host (it needs '//' after '\(scheme):')") }
        let rest = afterScheme.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else {
            throw Problem(reason: "holds a user name or password (the part before '@')")
        }
        let (host, port) = try hostAndPort(authority)
        let tail = rest[authorityEnd...]
        let pathEnd = tail.firstIndex { $0 == "?" || $0 == "#" } ?? tail.endIndex
        let path = String(tail[..<pathEnd])
        let suffix = String(tail[pathEnd...])
        try checkPath(path)
        if role == .base, !suffix.isEmpty {
            throw Problem(reason: "has a query ('?') or a fragment ('#')")
        }
        try checkSuffix(suffix)
        return Absolute(scheme: scheme, host: host, port: port, path: path, suffix: suffix)
    }

    /// Checks an address for `.asset`: an absolute http(s) URL or a normalised path in the site.
    static func asset(_ text: String) throws(Problem) {
        try checkCharacters(text)
        if text.hasPrefix("//") {
            throw Problem(reason: "starts with '//', which points at another host")
        }
        if let colon = text.firstIndex(of: ":"), isScheme(text[..<colon]) {
            _ = try absolute(text, role: .link)
            return
        }
        guard !text.contains("?"), !text.contains("#") else {
            throw Problem(reason: "has a query ('?') or a fragment ('#'), which a file in the site does not have")
        }
        guard !text.contains(":") else {
            throw Problem(reason: "holds ':', which would read as a scheme")
        }
        try checkPath(text.hasPrefix("/") ? text : "/" + text)
    }

    // MARK: - Parts

    private static func checkCharacters(_ text: String) throws(Problem) {
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw Problem(reason: "holds white space or a control character")
        }
        if text.contains("\\") { throw Problem(reason: "holds '\\'") }
    }

    /// `http`, `mailto`, `javascript`: a letter, then letters, digits, `+`, `-` or `.`.
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, isASCIILetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || "+-.".unicodeScalars.contains($0) }
    }

    private static func hostAndPort(_ authority: Substring) throws(Problem) -> (String, Int?) {
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw Problem(reason: "has an unclosed '[' in its host") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Problem(reason: "has a malformed host") }
                port = after.dropFirst()
            }
            let inside = host.dropFirst().dropLast()
            guard !inside.isEmpty, inside.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }) else {
                throw Problem(reason: "has a malformed IPv6 host '\(host)'")
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw Problem(reason: "has no host") }
        if !host.hasPrefix("[") {
            guard host.unicodeScalars.allSatisfy(\.isASCII) else {
                throw Problem(reason: "has a host that is not ASCII (write an international name in its xn-- form)")
            }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            let valid = host.count <= 253 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || $0 == "-" }
            }
            guard valid else { throw Problem(reason: "has a malformed host '\(host)'") }
        }
        var portNumber: Int?
        if let port {
            guard !port.isEmpty, port.count <= 5, port.unicodeScalars.allSatisfy(isASCIIDigit),
                  let number = Int(port), (1...65_535).contains(number) else {
                throw Problem(reason: "has the port '\(port)', not a number from 1 to 65535")
            }
            portNumber = number
        }
        return (host.lowercased(), portNumber)
    }

    /// "" or `/a/b/`: no empty segment (`//`), no `.` or `..` segment (also as `%2e`), only URL characters.
    private static func checkPath(_ path: String) throws(Problem) {
        guard !path.isEmpty else { return }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty, index < segments.count - 1 {
                throw Problem(reason: "has an empty segment ('//') in its path")
            }
            let decoded = segment.lowercased().replacingOccurrences(of: "%2e", with: ".")
            if decoded == "." || decoded == ".." {
                throw Problem(reason: "has a '\(decoded)' segment in its path")
            }
            try checkEscapedText(segment, allowing: ":@")
        }
    }

    /// `?query#fragment`: URL characters only.
    private static func checkSuffix(_ suffix: String) throws(Problem) {
        guard !suffix.isEmpty else { return }
        var parts = suffix.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.removeFirst()
        try checkEscapedText(query.dropFirst(query.hasPrefix("?") ? 1 : 0), allowing: ":@/?")
        if let fragment = parts.first { try checkEscapedText(fragment, allowing: ":@/?") }
    }

    /// RFC 3986 unreserved and sub-delimiter characters, `extra`, and well-formed `%XX` escapes.
    private static func checkEscapedText(_ text: Substring, allowing extra: String) throws(Problem) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.count,
                      scalars[index + 1].properties.isASCIIHexDigit, scalars[index + 2].properties.isASCIIHexDigit
                else { throw Problem(reason: "has a '%' not followed by two hex digits") }
                index += 3
                continue
            }
            let allowed = isASCIILetter(scalar) || isASCIIDigit(scalar)
                || "-._~!$&'()*+,;=".unicodeScalars.contains(scalar) || extra.unicodeScalars.contains(scalar)
            guard allowed else {
                throw Problem(reason: "holds '\(Character(scalar))', which must be percent-encoded")
            }
            index += 1
        }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
