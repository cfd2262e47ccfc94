/// What a relative link or image destination in rendered HTML is relative to.
public enum LinkBase: Sendable, Equatable {
    /// Root-relative (`/media/kit.pdf`): written from the site root, before any base path.
    case site
    /// Relative to the page the HTML is shown on (`study.pdf`, `#contacts`, `../x/`).
    case page

    /// The base `destination` needs, or nil when it needs none: absolute (`https:`, `mailto:`),
    /// protocol-relative (`//cdn.example`) or empty.
    public init?(of destination: String) {
        let utf8 = destination.utf8
        guard let first = utf8.first else { return nil }
        if first == UInt8(ascii: "/") {
            if utf8.dropFirst().first == UInt8(ascii: "/") { return nil }
            self = .site
            return
        }
        // A scheme: a letter, then letters, digits, `+`, `-` or `.`, up to a colon.
        if Self.isLetter(first) {
            for byte in utf8.dropFirst() {
                if byte == UInt8(ascii: ":") { return nil }
                guard Self.isLetter(byte) || (0x30...0x39).contains(byte)
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { break }
            }
        }
        self = .page
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}

/// Where a relative destination starts in rendered HTML, so that one parse can be shown with
/// root-relative links on a page and absolute ones in a feed.
public struct LinkSlot: Sendable, Equatable {
    /// UTF-8 offset in the HTML of the destination's first byte.
    public var offset: Int
    public var base: LinkBase

    public init(offset: Int, base: LinkBase) {
        self.offset = offset
        self.base = base
    }
}

/// Marks relative destinations while cmark renders, and finds the marks in its output.
///
/// Each relative destination is given to cmark with a marker in front: a token made from the
/// document's own bytes (so no document can contain the token of its own bytes except by
/// finding a collision of the hash, and even then a wrong mark only adds the base in front of
/// some text) plus `s` or `p` for the base. cmark's URL escaping leaves the letters and digits
/// of the marker alone; taking the markers out of the output leaves cmark's HTML exactly as it
/// would be for the destination as written.
enum LinkMarkers {
    /// Two 64-bit lanes over the bytes read eight at a time, then the tail and the length.
    static func token(for bytes: [UInt8]) -> [UInt8] {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        func mix(_ word: UInt64) {
            first = (first ^ word) &* 0x100_0000_01b3
            first ^= first >> 31
            second = (second ^ word) &* 0x9E37_79B9_7F4A_7C15 ^ (second >> 29)
        }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset ..< raw.count { tail = tail << 8 | UInt64(raw[index]) }
            mix(tail)
            mix(UInt64(raw.count))
        }
        let hex = Array("0123456789abcdef".utf8)
        // Led by rare letters, so that looking for the token in a text stops at few places.
        var token = Array("zqlink".utf8)
        for word in [first, second] {
            for shift in stride(from: 60, through: 0, by: -4) { token.append(hex[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return token
    }

    static func marked(_ destination: String, base: LinkBase, token: [UInt8]) -> String {
        String(decoding: token, as: UTF8.self) + (base == .site ? "s" : "p") + destination
    }

    /// The text without its markers, and where each marked destination starts.
    static func extract(from text: String, token: [UInt8]) -> (text: String, slots: [LinkSlot]) {
        var text = text
        return text.withUTF8 { extract(from: $0, token: token) }
    }

    /// `extract(from:token:)` for UTF-8 bytes (cmark's output buffer, read in place).
    static func extract(from bytes: UnsafeBufferPointer<UInt8>, token: [UInt8]) -> (text: String, slots: [LinkSlot]) {
        var slots: [LinkSlot] = []
        guard let source = bytes.baseAddress, let lead = token.first else {
            return (String(repairingUTF8: bytes), [])
        }
        let count = bytes.count
        let text = String(repairingUTF8Capacity: count) { output in
            var written = 0
            var copied = 0
            var index = 0
            func copy(upTo end: Int) {
                _ = UnsafeMutableBufferPointer(rebasing: output[written ..< written + end - copied])
                    .initialize(fromContentsOf: UnsafeBufferPointer(start: source + copied, count: end - copied))
                written += end - copied
                copied = end
            }
            while let found = ByteSearch.firstIndex(of: lead, in: source, from: index, to: count) {
                index = found + 1
                guard found + token.count < count,
                      token.withUnsafeBufferPointer({ memoryEquals(source + found, $0.baseAddress!, $0.count) }) else { continue }
                let kind = source[found + token.count]
                guard kind == UInt8(ascii: "s") || kind == UInt8(ascii: "p") else { continue }
                copy(upTo: found)
                slots.append(LinkSlot(offset: written, base: kind == UInt8(ascii: "s") ? .site : .page))
                copied = found + token.count + 1
                index = copied
            }
            copy(upTo: count)
            return written
        }
        return (text, slots)
    }

    private static func memoryEquals(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for index in 0 ..< count where left[index] != right[index] { return false }
        return true
    }
}

/// Finding one byte in a buffer eight bytes at a time.
enum ByteSearch {
    /// The first index in `from..<to` of `byte` in `base`, or nil.
    static func firstIndex(of byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = ones &* UInt64(byte)
        var index = from
        let raw = UnsafeRawPointer(base)
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            // A zero byte in `word` is a match; this test has no false negatives, and its
            // false positives (after a real match only) are sorted out byte by byte.
            if (word &- ones) & ~word & highs != 0 { break }
            index += 8
        }
        while index < end {
            if base[index] == byte { return index }
            index += 1
        }
        return nil
    }
}

extension RenderedMarkdown {
    /// The HTML with `site` written in front of every root-relative destination and `page` in
    /// front of every page-relative one: `("/news", "")` for a page of a site under `/news/`,
    /// `("https://example.org/news", "https://example.org/news/releases/2015/x/")` for a feed.
    public func html(site: String, page: String) -> String {
        Self.resolve(html, slots: linkSlots, site: site, page: page)
    }

    /// `text` with the bases written in, as `html(site:page:)` does for the HTML.
    public func text(site: String, page: String) -> String {
        Self.resolve(text, slots: textLinkSlots, site: site, page: page)
    }

    /// Appended into a string made with room for all of it: one copy of the content, in slices
    /// of it (whole scalars, not checked again), not three.
    private static func resolve(_ content: String, slots: [LinkSlot], site: String, page: String) -> String {
        guard !slots.isEmpty, !(site.isEmpty && page.isEmpty) else { return content }
        let utf8 = content.utf8
        let added = slots.reduce(0) { $0 + ($1.base == .site ? site.utf8.count : page.utf8.count) }
        var resolved = String()
        resolved.reserveCapacity(utf8.count + added)
        var copied = 0
        for slot in slots {
            let offset = min(max(slot.offset, copied), utf8.count)
            resolved.append(contentsOf: content[utf8.index(utf8.startIndex, offsetBy: copied) ..< utf8.index(utf8.startIndex, offsetBy: offset)])
            resolved.append(slot.base == .site ? site : page)
            copied = offset
        }
        resolved.append(contentsOf: content[utf8.index(utf8.startIndex, offsetBy: copied)...])
        return resolved
    }
}
