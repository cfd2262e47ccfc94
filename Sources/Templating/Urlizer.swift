/// Jinja's `urlize` rule (`jinja2.utils.urlize`, 3.1) over text already escaped for HTML: each
/// run of non-space characters that is a web address (`http://…`, `https://…`, `www.…`, or a
/// name ending in `.com`, `.net`, `.int`, `.edu`, `.gov`, `.org`, `.info` or `.mil`) or an email
/// address (with or without `mailto:`) becomes a link. Opening brackets before it and closing
/// brackets and `. ,` after it stay outside the link, except closing brackets that balance
/// one inside. Every link made is `http:`, `https:` or `mailto:`: no text makes a
/// `javascript:` link.
///
/// One difference from Jinja: a scheme in capitals (`HTTP://EXAMPLE.COM`) is kept as it is,
/// where Jinja writes `https://HTTP://EXAMPLE.COM`.
struct Urlizer {
    /// Link texts longer than this many characters are cut and end with `...`.
    var trimLimit: Int?
    /// The `rel` and `target` attributes of web links (not of email links), as written.
    var rel: String?
    var target: String?

    typealias Scalars = ArraySlice<Unicode.Scalar>

    /// `escaped` with its addresses made links; `escaped` is HTML, and so is the result.
    func linking(_ escaped: String) -> String {
        var output = ""
        output.reserveCapacity(escaped.utf8.count)
        var word: [Unicode.Scalar] = []
        for scalar in escaped.unicodeScalars {
            if Self.isSpace(scalar) {
                output += linking(word: word[...])
                word.removeAll(keepingCapacity: true)
                output.unicodeScalars.append(scalar)
            } else {
                word.append(scalar)
            }
        }
        return output + linking(word: word[...])
    }

    private func linking(word: Scalars) -> String {
        guard !word.isEmpty else { return "" }
        var middle = word
        while let first = middle.first, first == "(" || first == "<" || middle.starts(with: "&lt;".unicodeScalars) {
            middle = middle.dropFirst(first == "&" ? 4 : 1)
        }
        let head = word[..<middle.startIndex]
        var tailStart = middle.endIndex
        while tailStart > middle.startIndex {
            if ")>.,\n".unicodeScalars.contains(middle[tailStart - 1]) {
                tailStart -= 1
            } else if middle[..<tailStart].reversed().starts(with: "&gt;".unicodeScalars.reversed()) {
                tailStart -= 4
            } else {
                break
            }
        }
        var inside = Array(middle[..<tailStart])
        var tail = middle[tailStart...]
        // Prefer closing brackets that balance an opening one inside the address: move them
        // (and what comes before them) from the tail into the address.
        for (open, close) in [("(", ")"), ("<", ">"), ("&lt;", "&gt;")] {
            let (open, close) = (Array(open.unicodeScalars), Array(close.unicodeScalars))
            let opens = Self.occurrences(of: open, in: inside[...])
            guard opens > Self.occurrences(of: close, in: inside[...]) else { continue }
            for _ in 0..<min(opens, Self.occurrences(of: close, in: tail)) {
                guard let found = Self.firstIndex(of: close, in: tail) else { break }
                inside += tail[..<(found + close.count)]
                tail = tail[(found + close.count)...]
            }
        }
        return Self.text(head) + link(inside[...]) + Self.text(tail)
    }

    /// The address as a link, or as it is when it is none.
    private func link(_ address: Scalars) -> String {
        let text = Self.text(address)
        if Self.isWebAddress(address) {
            let hasScheme = Self.hasPrefix(address, "http://") || Self.hasPrefix(address, "https://")
            let href = Self.attributeSafe(hasScheme ? text : "https://" + text)
            let rel = rel.map { " rel=\"\($0)\"" } ?? "", target = target.map { " target=\"\($0)\"" } ?? ""
            return "<a href=\"\(href)\"\(rel)\(target)>\(trimmed(text))</a>"
        }
        if address.starts(with: "mailto:".unicodeScalars), Self.isEmail(address.dropFirst(7)) {
            return "<a href=\"\(Self.attributeSafe(text))\">\(Self.text(address.dropFirst(7)))</a>"
        }
        if address.contains("@"), !address.starts(with: "www.".unicodeScalars), address.first != "@",
           !address.contains(":"), Self.isEmail(address) {
            return "<a href=\"mailto:\(Self.attributeSafe(text))\">\(text)</a>"
        }
        return text
    }

    private func trimmed(_ text: String) -> String {
        guard let trimLimit, text.unicodeScalars.count > trimLimit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(trimLimit))) + "..."
    }

    // MARK: Recognizing addresses (Jinja's `_http_re` and `_email_re`, case-insensitive)

    /// `http(s)://` or `www.` and a host name, `http(s)://` and an IP address, or a host name
    /// ending in one of the common endings; then an optional port, path, query and fragment.
    static func isWebAddress(_ address: Scalars) -> Bool {
        for scheme in ["https://", "http://"] where hasPrefix(address, scheme) {
            let rest = address.dropFirst(scheme.count)
            return isNamedHost(rest) || isIPv4Host(rest) || isIPv6Host(rest)
        }
        if hasPrefix(address, "www."), isNamedHost(address.dropFirst(4)) { return true }
        return isBareDomain(address)
    }

    /// Labels of word characters, `%` and `-`, then a top-level domain of 2 to 63 letters or
    /// an internationalized one (`xn--` and 2 to 59 more).
    private static func isNamedHost(_ rest: Scalars) -> Bool {
        let (host, after) = splitHost(rest)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard let top = labels.last, labels.dropLast().allSatisfy({ !$0.isEmpty && $0.allSatisfy(isLabelCharacter) }) else { return false }
        let isLetters = (2...63).contains(top.count) && top.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
        let isIDN = hasPrefix(top, "xn--") && (2...59).contains(top.count - 4)
            && top.dropFirst(4).allSatisfy { isWord($0) || $0 == "%" }
        return (isLetters || isIDN) && isPortAndPath(after)
    }

    /// Without a scheme: labels of 2 to 63 characters, then `com`, `net`, `int`, `edu`, `gov`, `org`, `info` or `mil`.
    private static func isBareDomain(_ address: Scalars) -> Bool {
        let (host, after) = splitHost(address)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last,
              ["com", "net", "int", "edu", "gov", "org", "info", "mil"].contains(where: { top.count == $0.count && hasPrefix(top, $0) }),
              labels.dropLast().allSatisfy({ (2...63).contains($0.count) && $0.allSatisfy(isLabelCharacter) }) else { return false }
        return isPortAndPath(after)
    }

    private static func isIPv4Host(_ rest: Scalars) -> Bool {
        let (host, after) = splitHost(rest)
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(isDigit) } && isPortAndPath(after)
    }

    /// `[`, two groups of up to 4 hexadecimal digits each followed by `:`, then 1 to 6 groups
    /// of up to 4 digits each optionally followed by `:`, and `]`.
    private static func isIPv6Host(_ rest: Scalars) -> Bool {
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return false }
        var index = rest.startIndex + 1
        func group() -> Int {
            let start = index
            while index < close, index - start < 4, isHexDigit(rest[index]) { index += 1 }
            return index - start
        }
        for _ in 0..<2 {
            _ = group()
            guard index < close, rest[index] == ":" else { return false }
            index += 1
        }
        var groups = 0
        repeat {
            _ = group()
            if index < close, rest[index] == ":" { index += 1 }
            groups += 1
        } while index < close && groups <= 6
        return index == close && groups <= 6 && isPortAndPath(rest[(close + 1)...])
    }

    /// Nothing, or `:` and 1 to 5 digits, then nothing or `/`, `?` or `#` and anything.
    private static func isPortAndPath(_ after: Scalars) -> Bool {
        var rest = after
        if rest.first == ":" {
            let digits = rest.dropFirst().prefix(while: isDigit)
            guard (1...5).contains(digits.count) else { return false }
            rest = rest[digits.endIndex...]
        }
        return rest.first.map { "/?#".unicodeScalars.contains($0) } ?? true
    }

    /// The host of an address and what follows it (from its first `:`, `/`, `?` or `#`).
    private static func splitHost(_ rest: Scalars) -> (host: Scalars, after: Scalars) {
        let end = rest.firstIndex { ":/?#".unicodeScalars.contains($0) } ?? rest.endIndex
        return (rest[..<end], rest[end...])
    }

    /// Something, `@`, then a domain: a word character, word characters, `.` and `-`, and a
    /// last part of word characters after a `.`.
    static func isEmail(_ address: Scalars) -> Bool {
        guard let at = address.lastIndex(of: "@"), at > address.startIndex,
              address[..<at].allSatisfy({ !isSpace($0) }) else { return false }
        let domain = address[(at + 1)...]
        guard let first = domain.first, isWord(first), domain.allSatisfy({ isWord($0) || $0 == "." || $0 == "-" }),
              let dot = domain.lastIndex(of: "."), dot > domain.startIndex else { return false }
        let last = domain[(dot + 1)...]
        return !last.isEmpty && last.allSatisfy(isWord)
    }

    // MARK: Characters, as Python's regular expressions class them

    /// Python's `\s`: Unicode white space, and the separators U+001C to U+001F.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Python's `\w`: letters, digits and other numbers, and `_`.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: true
        default: scalar == "_"
        }
    }

    private static func isLabelCharacter(_ scalar: Unicode.Scalar) -> Bool { isWord(scalar) || scalar == "%" || scalar == "-" }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType == .decimal }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.isASCIIHexDigit }

    // MARK: Small helpers over scalars

    /// Whether `scalars` starts with the ASCII `prefix`, ignoring case.
    private static func hasPrefix(_ scalars: Scalars, _ prefix: String) -> Bool {
        scalars.count >= prefix.unicodeScalars.count
            && zip(scalars, prefix.unicodeScalars).allSatisfy { lowercased($0) == $1 }
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }

    private static func occurrences(of token: [Unicode.Scalar], in scalars: Scalars) -> Int {
        var count = 0, index = scalars.startIndex
        while let found = firstIndex(of: token, in: scalars[index...]) {
            count += 1
            index = found + token.count
        }
        return count
    }

    private static func firstIndex(of token: [Unicode.Scalar], in scalars: Scalars) -> Int? {
        guard token.count <= scalars.count else { return nil }
        return (scalars.startIndex...(scalars.endIndex - token.count)).first { scalars[$0...].starts(with: token) }
    }

    private static func text(_ scalars: Scalars) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// `"`, `<` and `>` as entities: only safe input can hold them raw here, and none may end
    /// the attribute.
    private static func attributeSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" }) else { return text }
        return text.replacing("\"", with: "&quot;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
