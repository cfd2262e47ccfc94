extension Array where Element == String {
    /// The strings joined by `separator` into a string of exactly their size. `joined(separator:)`
    /// grows its result as it goes and can leave it with up to twice the room it needs, which a
    /// body's text, kept for the whole build for every release, would carry to the end.
    func joinedExactly(separator: UInt8) -> String {
        guard !isEmpty else { return "" }
        let size = reduce(count - 1) { $0 + $1.utf8.count }
        return String(repairingUTF8Capacity: size) { buffer in
            var offset = 0
            for (index, part) in enumerated() {
                if index > 0 {
                    buffer[offset] = separator
                    offset += 1
                }
                var part = part
                offset = part.withUTF8 { utf8 in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset ..< offset + utf8.count]).initialize(from: utf8)
                    return offset + utf8.count
                }
            }
            return offset
        }
    }
}
