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
        let significant = destination.unicodeScalars
            .drop { $0.value <= 0x20 }
            .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
            .prefix(32)
        let head = String(String.UnicodeScalarView(significant)).lowercased()
        guard dangerousSchemes.contains(where: { head.hasPrefix($0) }) else {
            return false
        }
        return !safeDataPrefixes.contains(where: { head.hasPrefix($0) })
    }
}
