import Foundation

/// The URLs an HTML page points at, read as a browser reads them: every attribute that holds a
/// URL, with character references (`&#x2F;`, `&sol;`, `&amp;`) decoded. The leak scan resolves
/// each one with `LinkChecker.resolve`, so no spelling of a held URL gets past it.
enum HTMLLinks {
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "background",
        "longdesc", "manifest", "ping", "xlink:href", "content", "imagesrcset", "itemid",
    ]

    /// The attribute names, as bytes, for names of ASCII (`isURLAttribute`).
    private static let urlAttributeBytes: [[UInt8]] = urlAttributes.map { Array($0.utf8) }

    /// Whether an attribute name (as written) holds a URL: its ASCII letters compared in lower
    /// case without making a string, as a browser reads names; a name with other bytes as before.
    private static func isURLAttribute(_ name: UnsafeRawBufferPointer) -> Bool {
        guard name.allSatisfy({ $0 < 0x80 }) else { return urlAttributes.contains(String(decoding: name, as: UTF8.self).lowercased()) }
        return urlAttributeBytes.contains { candidate in
            candidate.count == name.count && zip(candidate, name).allSatisfy { expected, byte in
                expected == ((byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte)
            }
        }
    }

    /// Every URL-bearing attribute value of every tag, decoded, in document order.
    /// - Parameter mayLead: when given, a value without character references is skipped, no
    ///   string made of it, when its bytes say no: every URL read from a value is a part of it,
    ///   so a filter that says no to a text says no to its parts (`LinkTextFilter`).
    static func destinations(in bytes: UnsafeRawBufferPointer, mayLead: ((UnsafeRawBufferPointer) -> Bool)? = nil) -> [String] {
        var found: [String] = []
        var index = 0
        let count = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        while index < count {
            // The next `<`, found with `memchr`: most of a page's bytes are text between tags.
            guard let base = bytes.baseAddress, let opening = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { break }
            index = base.distance(to: UnsafeRawPointer(opening))
            guard index + 1 < count, isLetter(bytes[index + 1]) else {
                index += 1
                continue
            }
            index += 1
            while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            // Attributes, until the tag closes.
            while index < count, bytes[index] != UInt8(ascii: ">") {
                while index < count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
                let nameStart = index
                while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                      bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
                let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<index])
                while index < count, isSpace(bytes[index]) { index += 1 }
                guard index < count, bytes[index] == UInt8(ascii: "=") else {
                    if index == nameStart, index < count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                    continue
                }
                index += 1
                while index < count, isSpace(bytes[index]) { index += 1 }
                guard index < count else { break }
                let valueStart: Int, valueEnd: Int
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    valueStart = index + 1
                    index = valueStart
                    while index < count, bytes[index] != quote { index += 1 }
                    valueEnd = index
                    if index < count { index += 1 }
                } else {
                    valueStart = index
                    while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    valueEnd = index
                }
                guard isURLAttribute(name) else { continue }
                let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                if let mayLead, !value.contains(UInt8(ascii: "&")), !mayLead(value) { continue }
                let raw = String(decoding: value, as: UTF8.self)
                found.append(contentsOf: urls(in: decodingReferences(raw), attribute: String(decoding: name, as: UTF8.self).lowercased()))
            }
        }
        return found
    }

    /// The URLs in one decoded attribute value: a `srcset` lists several, a meta refresh's
    /// `content` holds one after `url=`.
    private static func urls(in value: String, attribute: String) -> [String] {
        switch attribute {
        case "srcset", "imagesrcset":
            return value.split(separator: ",").compactMap { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) }
        case "content":
            guard let range = value.range(of: "url=", options: .caseInsensitive) else { return [value] }
            return [String(value[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " '\""))]
        case "ping":
            return value.split(whereSeparator: \.isWhitespace).map(String.init)
        default:
            return [value]
        }
    }

    /// Named references a URL may be spelled with (HTML5 names for ASCII punctuation).
    static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "sol": "/", "bsol": "\\", "colon": ":",
        "period": ".", "percnt": "%", "num": "#", "quest": "?", "equals": "=", "lowbar": "_", "commat": "@",
        "excl": "!", "dollar": "$", "lpar": "(", "rpar": ")", "ast": "*", "plus": "+", "comma": ",",
        "semi": ";", "Tab": "\t", "NewLine": "\n", "nbsp": "\u{A0}", "hyphen": "\u{2010}", "grave": "`",
        "lsqb": "[", "rsqb": "]", "lcub": "{", "rcub": "}", "verbar": "|", "Hat": "^", "tilde": "\u{2DC}",
    ]

    /// Decodes numeric (`&#47;`, `&#x2F;`, with or without `;`) and named character references.
    static func decodingReferences(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var result = ""
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "&" else { result.unicodeScalars.append(first); continue }
            if scalars.first == "#" {
                var rest = scalars.dropFirst()
                let hex = rest.first == "x" || rest.first == "X"
                if hex { rest = rest.dropFirst() }
                let digits = rest.prefix { hex ? $0.properties.isASCIIHexDigit : ("0"..."9").contains($0) }
                if !digits.isEmpty, let value = UInt32(String(String.UnicodeScalarView(digits)), radix: hex ? 16 : 10) {
                    result.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    rest = rest.dropFirst(digits.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    scalars = rest
                    continue
                }
            } else {
                let name = String(String.UnicodeScalarView(scalars.prefix { $0.properties.isAlphabetic && $0.isASCII }))
                if let value = namedReferences[name] {
                    var rest = scalars.dropFirst(name.unicodeScalars.count)
                    if rest.first == ";" {
                        rest = rest.dropFirst()
                    } else if !["amp", "lt", "gt", "quot"].contains(name) {
                        result += "&"
                        continue
                    }
                    result += value
                    scalars = rest
                    continue
                }
            }
            result += "&"
        }
        return result
    }
}
