import Foundation

/// SVG: the size a browser gives an `<img>` of the file, from the root element's `width`,
/// `height` and `viewBox` attributes.
extension ImageProbe {
    /// The size from the root `<svg>` element: its `width` and `height` when both are plain
    /// numbers, optionally with `px`, rounded to whole pixels. When one or both are missing or in
    /// another unit (a percentage, `em`), the `viewBox` gives the shape: with a usable width
    /// (or height) the other side follows the viewBox's proportions, as a browser draws it;
    /// with neither, the viewBox's own width and height. Nil when no size results, or the start
    /// tag is malformed or repeats an attribute.
    static func svgSize(_ bytes: [UInt8]) -> ImageSize? {
        guard let attributes = svgRootAttributes(bytes) else { return nil }
        let width = attributes["width"].flatMap(pixels), height = attributes["height"].flatMap(pixels)
        if let width, let height { return checked(width, height) }
        guard let box = attributes["viewBox"].flatMap(viewBox) else { return nil }
        if let width { return checked(width, side(Double(width) * box.height / box.width)) }
        if let height { return checked(side(Double(height) * box.width / box.height), height) }
        return checked(side(box.width), side(box.height))
    }

    /// Whole pixels of a computed side, or nil when it is not finite or outside the sane range
    /// (checked before the conversion, which would trap on a huge value).
    private static func side(_ value: Double) -> Int? {
        let rounded = value.rounded()
        guard rounded.isFinite, rounded >= 1, rounded <= Double(maximumSide) else { return nil }
        return Int(rounded)
    }

    /// The attributes of the root `<svg>` start tag, or nil when it is malformed (an unquoted
    /// value, no closing `>` within the bytes) or names an attribute twice.
    private static func svgRootAttributes(_ bytes: [UInt8]) -> [String: String]? {
        guard var index = svgRootEnd(bytes) else { return nil }
        var attributes: [String: String] = [:]
        while true {
            index = Bytes.skipSpace(bytes, from: index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") || Bytes.matches(bytes, at: index, "/>") { return attributes }
            let nameStart = index
            while index < bytes.count, !Bytes.isSpace(bytes[index]), !"=>/".utf8.contains(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            index = Bytes.skipSpace(bytes, from: index)
            guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index = Bytes.skipSpace(bytes, from: index + 1)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'"),
                  let close = bytes[(index + 1)...].firstIndex(of: bytes[index]) else { return nil }
            guard attributes.updateValue(String(decoding: bytes[(index + 1)..<close], as: UTF8.self), forKey: name) == nil else {
                return nil
            }
            index = close + 1
        }
    }

    /// The index just after `<svg` when the root element is `svg`, after an optional byte-order
    /// mark, XML declaration, processing instructions, comments and a doctype.
    static func svgRootEnd(_ bytes: [UInt8]) -> Int? {
        var index = Bytes.matches(bytes, at: 0, "\u{FEFF}") ? 3 : 0
        while true {
            index = Bytes.skipSpace(bytes, from: index)
            if Bytes.matches(bytes, at: index, "<?") {
                guard let end = Bytes.find("?>", in: bytes, from: index + 2) else { return nil }
                index = end + 2
            } else if Bytes.matches(bytes, at: index, "<!--") {
                guard let end = Bytes.find("-->", in: bytes, from: index + 4) else { return nil }
                index = end + 3
            } else if Bytes.matches(bytes, at: index, "<!DOCTYPE") {
                guard let end = doctypeEnd(bytes, from: index + 9) else { return nil }
                index = end
            } else if Bytes.matches(bytes, at: index, "<svg"), index + 4 < bytes.count,
                      Bytes.isSpace(bytes[index + 4]) || "/>".utf8.contains(bytes[index + 4]) {
                return index + 4
            } else {
                return nil
            }
        }
    }

    /// The index after the `>` that closes a doctype, past quoted strings, an internal subset
    /// in brackets and comments inside it.
    private static func doctypeEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start, inSubset = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = bytes[(index + 1)...].firstIndex(of: byte) else { return nil }
                index = close + 1
                continue
            }
            if inSubset, Bytes.matches(bytes, at: index, "<!--") {
                guard let end = Bytes.find("-->", in: bytes, from: index + 4) else { return nil }
                index = end + 3
                continue
            }
            switch byte {
            case UInt8(ascii: "["): inSubset = true
            case UInt8(ascii: "]"): inSubset = false
            case UInt8(ascii: ">") where !inSubset: return index + 1
            default: break
            }
            index += 1
        }
        return nil
    }

    /// Whole pixels of a plain decimal number, optionally followed by `px`, with surrounding
    /// spaces; nil for a sign, an exponent, any other unit or a value outside the sane range.
    private static func pixels(_ value: String) -> Int? {
        var text = Substring(value.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasSuffix("px") { text = text.dropLast(2) }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !text.isEmpty, text != ".", parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let number = Double(text), number.isFinite else { return nil }
        let rounded = number.rounded()
        guard rounded >= 1, rounded <= Double(maximumSide) else { return nil }
        return Int(rounded)
    }

    /// The width and height of a `viewBox` ("min-x min-y width height", separated by white space
    /// and/or commas), when both are positive finite numbers; nil otherwise.
    private static func viewBox(_ value: String) -> (width: Double, height: Double)? {
        let numbers = value.split { $0 == "," || $0.isWhitespace }.map { part -> Double? in
            guard part.utf8.allSatisfy({ (0x30...0x39).contains($0) || "+-.eE".utf8.contains($0) }),
                  let number = Double(part), number.isFinite else { return nil }
            return number
        }
        guard numbers.count == 4, let width = numbers[2], let height = numbers[3], numbers[0] != nil, numbers[1] != nil,
              width > 0, height > 0 else { return nil }
        return (width, height)
    }
}
