import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Looks for markers in output files the way a reader (or a search engine) would find them:
/// in the raw bytes, and after undoing every encoding the output uses — HTML entities (named,
/// decimal, hex), percent-encoding and JSON `\uXXXX` escapes, in layers — then Unicode NFC,
/// typographic quotes folded to straight ones, white space collapsed, and lower case.
enum LeakSearch {
    struct Hit: CustomStringConvertible {
        var file: String
        var marker: LeakMarker
        /// "name", "bytes" or "decoded bytes".
        var form: String

        var description: String { "\(file) (\(form)): \(marker.what): \"\(marker.text)\"" }
    }

    /// Every marker found in `files` (path → bytes), at most one hit per file and marker.
    static func hits(in files: [String: Data], markers: [LeakMarker]) -> [Hit] {
        let needles = markers.map { (marker: $0, bytes: fold(Array($0.text.utf8))) }
        var hits: [Hit] = []
        for path in files.keys.sorted() {
            let raw = [UInt8](files[path] ?? Data())
            let forms: [(String, [UInt8])] = [
                ("name", fold(decode(Array(path.utf8)))),
                ("bytes", fold(raw)),
                ("decoded bytes", fold(decode(raw))),
            ]
            for needle in needles {
                if let form = forms.first(where: { contains($0.1, needle.bytes) }) {
                    hits.append(Hit(file: path, marker: needle.marker, form: form.0))
                }
            }
        }
        return hits
    }

    /// NFC, lower case, typographic quotes as straight ones, runs of white space as one space.
    static func fold(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
            .precomposedStringWithCanonicalMapping.lowercased().precomposedStringWithCanonicalMapping
        let utf8 = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = 0
        var pendingSpace = false
        while index < utf8.count {
            var byte = utf8[index]
            var width = 1
            if byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80 {
                switch utf8[index + 2] {
                case 0x98, 0x99, 0x9B, 0xB2: byte = UInt8(ascii: "'"); width = 3        // ‘ ’ ‛ ′
                case 0x9C, 0x9D, 0x9F, 0xB3: byte = UInt8(ascii: "\""); width = 3       // “ ” ‟ ″
                default: break
                }
            } else if byte == 0xC2, index + 1 < utf8.count, utf8[index + 1] == 0xA0 {
                byte = UInt8(ascii: " "); width = 2                                     // no-break space
            }
            index += width
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = true
                continue
            }
            if pendingSpace && !output.isEmpty { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        return output
    }

    /// JSON escapes, HTML entities and percent-encoding, undone twice over (for JSON inside
    /// HTML, a percent-encoded URL in an attribute, and so on).
    static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for _ in 0..<2 {
            result = decodePercent(decodeEntities(decodeJSON(result)))
        }
        return result
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func append(_ value: UInt32, to output: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        output.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// `\uXXXX` (with surrogate pairs), `\"`, `\\`, `\/`, `\n`, `\t`, `\r`, `\b`, `\f`.
    static func decodeJSON(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\\")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func unit(at position: Int) -> UInt32? {
            guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else { return nil }
            var value: UInt32 = 0
            for offset in 2..<6 {
                guard let digit = hexValue(bytes[position + offset]) else { return nil }
                value = value * 16 + digit
            }
            return value
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(bytes[index]); index += 1; continue
            }
            if let high = unit(at: index) {
                if (0xD800..<0xDC00).contains(high), let low = unit(at: index + 6), (0xDC00..<0xE000).contains(low) {
                    append(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), to: &output)
                    index += 12
                } else {
                    append(high, to: &output)
                    index += 6
                }
                continue
            }
            let replacement: UInt8?
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): replacement = bytes[index + 1]
            case UInt8(ascii: "n"): replacement = 0x0A
            case UInt8(ascii: "t"): replacement = 0x09
            case UInt8(ascii: "r"): replacement = 0x0D
            case UInt8(ascii: "b"), UInt8(ascii: "f"): replacement = 0x20
            default: replacement = nil
            }
            if let replacement {
                output.append(replacement); index += 2
            } else {
                output.append(bytes[index]); index += 1
            }
        }
        return output
    }

    static let namedEntities: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "sol": 0x2F,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "ndash": 0x2013, "mdash": 0x2014,
        "hellip": 0x2026, "hyphen": 0x2D, "dash": 0x2010, "period": 0x2E, "colon": 0x3A, "num": 0x23,
        "quest": 0x3F, "percnt": 0x25, "equals": 0x3D, "lowbar": 0x5F, "copy": 0xA9,
        "eacute": 0xE9, "Eacute": 0xC9, "egrave": 0xE8, "agrave": 0xE0, "aacute": 0xE1, "atilde": 0xE3,
        "aring": 0xE5, "Aring": 0xC5, "uuml": 0xFC, "Uuml": 0xDC, "ouml": 0xF6, "auml": 0xE4,
        "ccedil": 0xE7, "iuml": 0xEF, "ntilde": 0xF1,
    ]

    /// `&name;`, `&#NNN;` and `&#xHHH;`; anything else is left as it is.
    static func decodeEntities(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"),
                  let end = bytes[(index + 1)..<min(bytes.count, index + 34)].firstIndex(of: UInt8(ascii: ";")),
                  end > index + 1 else {
                output.append(bytes[index]); index += 1; continue
            }
            let body = bytes[(index + 1)..<end]
            var value: UInt32?
            if body.first == UInt8(ascii: "#") {
                let isHex = body.count > 1 && (body[body.startIndex + 1] | 0x20) == UInt8(ascii: "x")
                let digits = body.dropFirst(isHex ? 2 : 1)
                if !digits.isEmpty, digits.count <= 8 {
                    var number: UInt32 = 0
                    for digit in digits {
                        guard let digitValue = hexValue(digit), isHex || digitValue < 10 else { number = .max; break }
                        number = number * (isHex ? 16 : 10) + digitValue
                    }
                    if number != .max { value = number }
                }
            } else {
                value = namedEntities[String(decoding: body, as: UTF8.self)]
            }
            if let value {
                append(value, to: &output)
                index = end + 1
            } else {
                output.append(bytes[index]); index += 1
            }
        }
        return output
    }

    /// `%HH` as the byte it stands for; the result is read as UTF-8 (with replacements) later.
    static func decodePercent(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(UInt8(high * 16 + low))
                index += 3
            } else {
                output.append(bytes[index]); index += 1
            }
        }
        return output
    }

    /// A byte search (`memchr` for the first byte, then `memcmp`): the unoptimised test build
    /// would take seconds per site with a Swift loop.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern in
                guard let start = hay.baseAddress, let patternStart = pattern.baseAddress else { return false }
                var offset = 0
                let last = hay.count - pattern.count
                while offset <= last {
                    guard let found = memchr(start + offset, Int32(first), last - offset + 1) else { return false }
                    let position = start.distance(to: UnsafeRawPointer(found))
                    if memcmp(start + position, patternStart, pattern.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
