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
    static func token(for bytes: [UInt8]) -> [UInt8] {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 ^ (second >> 29)
        }
        let hex = Array("0123456789abcdef".utf8)
        var token = Array("nrlink".utf8)
        for word in [first, second] {
            for shift in stride(from: 60, through: 0, by: -4) { token.append(hex[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return token
    }

    static func marked(_ destination: String, base: LinkBase, token: [UInt8]) -> String {
        String(decoding: token, as: UTF8.self) + (base == .site ? "s" : "p") + destination
    }

    /// The HTML without its markers, and where each marked destination starts.
    static func extract(from html: String, token: [UInt8]) -> (html: String, slots: [LinkSlot]) {
        let bytes = Array(html.utf8)
        guard let lead = token.first else { return (html, []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var slots: [LinkSlot] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == lead, index + token.count < bytes.count,
               bytes[index ..< index + token.count].elementsEqual(token) {
                let kind = bytes[index + token.count]
                if kind == UInt8(ascii: "s") || kind == UInt8(ascii: "p") {
                    slots.append(LinkSlot(offset: output.count, base: kind == UInt8(ascii: "s") ? .site : .page))
                    index += token.count + 1
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return (String(decoding: output, as: UTF8.self), slots)
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

    /// Written straight into the new string's storage: one copy of the content, not three.
    private static func resolve(_ content: String, slots: [LinkSlot], site: String, page: String) -> String {
        guard !slots.isEmpty, !(site.isEmpty && page.isEmpty) else { return content }
        var content = content, site = site, page = page
        return content.withUTF8 { bytes in
            site.withUTF8 { siteBytes in
                page.withUTF8 { pageBytes in
                    let capacity = bytes.count + slots.reduce(0) { $0 + ($1.base == .site ? siteBytes.count : pageBytes.count) }
                    return String(unsafeUninitializedCapacity: capacity) { output in
                        var written = 0
                        func append(_ part: UnsafeBufferPointer<UInt8>) {
                            guard let base = part.baseAddress, !part.isEmpty else { return }
                            UnsafeMutableRawPointer(output.baseAddress! + written).copyMemory(from: base, byteCount: part.count)
                            written += part.count
                        }
                        var copied = 0
                        for slot in slots {
                            let offset = min(max(slot.offset, copied), bytes.count)
                            append(UnsafeBufferPointer(rebasing: bytes[copied ..< offset]))
                            append(slot.base == .site ? siteBytes : pageBytes)
                            copied = offset
                        }
                        append(UnsafeBufferPointer(rebasing: bytes[copied...]))
                        return written
                    }
                }
            }
        }
    }
}
