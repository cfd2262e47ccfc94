/// Which link and image destinations are dangerous, as cmark's safe mode judges them.
///
/// cmark empties `javascript:`, `vbscript:`, `file:` and `data:` destinations, except
/// `data:image/png`, `data:image/gif`, `data:image/jpeg` and `data:image/webp`. This check
/// is a little stricter: like a browser's URL parser it ignores leading control
/// characters and spaces, and ASCII tabs and newlines anywhere, before it looks at the
/// scheme, so `" java\tscript:"` is caught too.
enum DestinationSafety {
    private static let dangerousSchemes = ["javascript:", "vbscript:", "file:", "data:"]
    private static let safeDataPrefixes = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    static func isDangerous(_ destination: String) -> Bool {
        // Most destinations start with an ASCII byte that starts no dangerous scheme (`h`, `/`, `#`).
        if let first = destination.utf8.first(where: { $0 > 0x20 }), first < 0x80,
           !"jvfd".utf8.contains(first | 0x20) {
            return false
        }
        // The first 32 scalars that count, read one at a time: a long destination is not copied.
        var significant = String.UnicodeScalarView()
        var count = 0
        for scalar in destination.unicodeScalars where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            guard count > 0 || scalar.value > 0x20 else {
                continue
            }
            significant.append(scalar)
            count += 1
            if count == 32 {
                break
            }
        }
        let head = String(significant).lowercased()
        guard dangerousSchemes.contains(where: { head.hasPrefix($0) }) else {
            return false
        }
        return !safeDataPrefixes.contains(where: { head.hasPrefix($0) })
    }
}
