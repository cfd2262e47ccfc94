/// Turns cmark's positions (1-based line, 1-based UTF-8 byte column) into 1-based line
/// and Unicode-scalar column, the way an editor or a YAML mark counts.
///
/// Lines end at `\n`, `\r\n` or `\r`, as in CommonMark.
///
/// Every answer costs O(1) after one pass over the text at `init` (plus, for needle
/// searches, one pass over each line searched), so a document with many links on one
/// line stays linear.
struct SourceLines {
    /// A search for a needle on one line, as in `byteColumns(of:)`.
    struct NeedleSearch {
        var line: Int
        var needle: [UInt8]
    }

    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// `scalarCheckpoints[k]`: how many Unicode scalars start in `bytes[0 ..< k * 64]` (bytes
    /// that are not UTF-8 continuation bytes); empty when every byte is ASCII, as then scalars
    /// are bytes. 32 bits are enough: cmark's buffers are 32-bit too.
    private let scalarCheckpoints: [UInt32]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [UInt32] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var hasNonASCII = false
            // Eight bytes at a time past those with no line break.
            let raw = UnsafeRawBufferPointer(buffer)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func hasByte(_ word: UInt64, _ byte: UInt64) -> Bool {
                let other = word ^ (ones &* byte)
                return (other &- ones) & ~other & highs != 0
            }
            while index < buffer.count {
                if index + 8 <= buffer.count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if word & highs != 0 { hasNonASCII = true }
                    if !hasByte(word, 0x0A), !hasByte(word, 0x0D) {
                        index += 8
                        continue
                    }
                } else if buffer[index] >= 0x80 {
                    hasNonASCII = true
                }
                let byte = buffer[index]
                index += 1
                if byte == UInt8(ascii: "\n") {
                    starts.append(index)
                } else if byte == UInt8(ascii: "\r") {
                    if index < buffer.count, buffer[index] == UInt8(ascii: "\n") { index += 1 }
                    starts.append(index)
                }
            }
            guard hasNonASCII else { return }
            checkpoints.reserveCapacity(buffer.count / 64 + 1)
            var count: UInt32 = 0
            var offset = 0
            while offset < buffer.count {
                checkpoints.append(count)
                let blockEnd = min(offset + 64, buffer.count)
                while offset + 8 <= blockEnd {
                    // Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear.
                    let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    count &+= UInt32(8 - (word & ~(word << 1) & highs).nonzeroBitCount)
                    offset += 8
                }
                while offset < blockEnd {
                    if buffer[offset] & 0xC0 != 0x80 { count &+= 1 }
                    offset += 1
                }
            }
            checkpoints.append(count)
        }
        self.lineStarts = starts
        self.scalarCheckpoints = checkpoints
    }

    /// How many Unicode scalars start in `bytes[0 ..< offset]`: a checkpoint, then at most 63 bytes.
    private func scalarsBefore(_ offset: Int) -> Int {
        guard !scalarCheckpoints.isEmpty else { return offset }
        var count = Int(scalarCheckpoints[offset >> 6])
        for index in offset & ~63 ..< offset where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// For each search, the 1-based byte column of one appearance of its needle on its line,
    /// or nil: the k-th search (0-based, in the order given) for a needle on a line gets its
    /// k-th appearance there, counting appearances that overlap, or nil when the needle
    /// appears fewer times. Nil too for an empty needle or a line outside the text.
    ///
    /// Each line is read once, for all its needles together (`NeedleFinder`).
    func byteColumns(of searches: [NeedleSearch]) -> [Int?] {
        var columns = [Int?](repeating: nil, count: searches.count)
        let byLine = searches.indices.sorted { (searches[$0].line, $0) < (searches[$1].line, $1) }
        var groupStart = 0
        while groupStart < byLine.count {
            let line = searches[byLine[groupStart]].line
            var groupEnd = groupStart + 1
            while groupEnd < byLine.count, searches[byLine[groupEnd]].line == line {
                groupEnd += 1
            }
            let group = byLine[groupStart..<groupEnd]
            groupStart = groupEnd
            guard line >= 1, line <= lineStarts.count else {
                continue
            }
            // The distinct needles of this line, and how many appearances of each are asked for.
            var needleIndex: [[UInt8]: Int] = [:]
            var needles: [[UInt8]] = []
            var wanted: [Int] = []
            var askedFor: [(search: Int, needle: Int, occurrence: Int)] = []
            for search in group where !searches[search].needle.isEmpty {
                let needle = searches[search].needle
                let index = needleIndex[needle] ?? needles.count
                if index == needles.count {
                    needleIndex[needle] = index
                    needles.append(needle)
                    wanted.append(0)
                }
                askedFor.append((search, index, wanted[index]))
                wanted[index] += 1
            }
            let start = lineStarts[line - 1]
            let end = line < lineStarts.count ? lineStarts[line] : bytes.count
            let found = NeedleFinder(needles).firstOccurrences(wanted: wanted, in: bytes[start..<end])
            for (search, needle, occurrence) in askedFor where occurrence < found[needle].count {
                columns[search] = found[needle][occurrence] - start + 1
            }
        }
        return columns
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
        return (line, scalarsBefore(end) - scalarsBefore(start) + 1)
    }
}
