import Foundation
import Markdown

/// Turns file bytes into text the way every content, config and template file is read:
/// strict UTF-8, a leading byte-order mark dropped, CRLF and lone CR line endings made LF.
enum TextDecoding {
    static func decode(_ data: Data, path: String) throws(Diagnostic) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = bytes.withUnsafeBufferPointer(String.init(validUTF8:)) else {
            throw .error("file is not valid UTF-8 text", at: firstInvalidByte(in: bytes, path: path))
        }
        if !bytes.withUnsafeBufferPointer({ Self.containsCarriageReturn($0) }) { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Whether `bytes` holds a carriage return, read eight bytes at a time.
    private static func containsCarriageReturn(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ (ones &* 0x0D)
            if (word &- ones) & ~word & highs != 0 { return true }
            index += 8
        }
        return bytes[index...].contains(0x0D)
    }

    /// The line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidByte(in bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1, column = 1
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length == 0 { break }
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// Length of the well-formed UTF-8 sequence at `index`, or 0 when it is ill-formed.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
            if byte < low || byte > high { return 0 }
        }
        return length
    }
}
