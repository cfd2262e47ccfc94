/// Turns cmark's positions (1-based line, 1-based UTF-8 byte column) into 1-based line
/// and Unicode-scalar column, the way an editor or a YAML mark counts.
///
/// Lines end at `\n`, `\r\n` or `\r`, as in CommonMark.
struct SourceLines {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\r"), index < bytes.count, bytes[index] == UInt8(ascii: "\n") {
                index += 1
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                starts.append(index)
            }
        }
        self.lineStarts = starts
    }

    /// The 1-based byte column of the `occurrence`-th (0-based) appearance of `needle` on
    /// `line`, or nil when it does not appear that often.
    func byteColumn(of needle: [UInt8], onLine line: Int, occurrence: Int) -> Int? {
        guard !needle.isEmpty, line >= 1, line <= lineStarts.count else {
            return nil
        }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        var remaining = occurrence
        var index = start
        while index + needle.count <= end {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                if remaining == 0 {
                    return index - start + 1
                }
                remaining -= 1
            }
            index += 1
        }
        return nil
    }

    /// The scalar column of byte column `byteColumn` on `line`; positions cmark does not
    /// know (0) or outside the text are clamped to 1 or kept as bytes.
    func position(line: Int, byteColumn: Int) -> (line: Int, column: Int) {
        let line = max(line, 1)
        let byteColumn = max(byteColumn, 1)
        guard line <= lineStarts.count else {
            return (line, byteColumn)
        }
        let start = lineStarts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        guard start <= end else {
            return (line, byteColumn)
        }
        // Count every byte that starts a scalar (is not a UTF-8 continuation byte).
        let scalars = bytes[start..<end].reduce(0) { count, byte in
            byte & 0xC0 == 0x80 ? count : count + 1
        }
        return (line, scalars + 1)
    }
}
