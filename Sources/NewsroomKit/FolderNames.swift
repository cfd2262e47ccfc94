import Foundation
import Markdown

/// The names in an open folder, as `readdir` gives them: every entry but `.` and `..`, in no
/// order. The one way the build lists a folder, so that a lookup of each entry can go by name
/// from the folder's descriptor (`FileStatuses`) rather than by a full path.
public enum FolderNames {
    /// The name a `readdir` entry's `d_name` holds (its bytes up to the first NUL) as a string,
    /// its bad bytes shown as U+FFFD, and whether it is UTF-8: read once, from the entry's own
    /// bytes. The one place a folder's entry is named, for the build and for the preview's watcher.
    public static func name(in raw: UnsafeRawBufferPointer) -> (name: String, isUTF8: Bool) {
        raw.withMemoryRebound(to: UInt8.self) { all in
            let bytes = UnsafeBufferPointer(rebasing: all.prefix { $0 != 0 })
            if let name = String(validUTF8: bytes) { return (name, true) }
            return (String(decoding: bytes, as: UTF8.self), false)
        }
    }

    /// - Parameter invalid: given each name that is not UTF-8, with its bad bytes shown as
    ///   U+FFFD, and whether it is a folder's; such a name is left out (nothing could be found by it).
    static func of(_ folder: OpaquePointer, invalid: (_ name: String, _ isFolder: Bool) -> Void = { _, _ in }) -> [String] {
        var names: [String] = []
        while let entry = readdir(folder) {
            let (name, valid) = withUnsafeBytes(of: entry.pointee.d_name, name(in:))
            if !valid {
                // Looked up by its own bytes when the listing does not say what it is.
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        raw.withMemoryRebound(to: CChar.self) { fstatat(dirfd(folder), $0.baseAddress!, &status, AT_SYMLINK_NOFOLLOW) }
                    } == 0 && status.st_mode & S_IFMT == S_IFDIR
                }
                invalid(name, isFolder)
            } else if name != "." && name != ".." {
                names.append(name)
            }
        }
        return names
    }

    /// `names` in `String`'s order. Names that are all ASCII are in that order exactly when their
    /// bytes are: they are sorted by their first sixteen bytes as two numbers, and by all their
    /// bytes only where those are the same. `String`'s `<` took 3% of a one-release edit's
    /// instructions at 10,000 releases, sorting the releases' folders (a comparison of the
    /// bytes through the strings' storage, a third less). A list with another name is sorted by `<`.
    static func sorted(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names }
        var keys: [(first: UInt64, second: UInt64, place: Int)] = []
        keys.reserveCapacity(names.count)
        for (place, name) in names.enumerated() {
            let words = name.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, UInt64)? in
                UTF8Check.kind(of: bytes) == .ascii ? (word(of: bytes, at: 0), word(of: bytes, at: 8)) : nil
            }
            guard let words = words ?? nil else { return names.sorted() }
            keys.append((words.0, words.1, place))
        }
        keys.sort { a, b in
            if a.first != b.first { return a.first < b.first }
            if a.second != b.second { return a.second < b.second }
            return names[a.place] < names[b.place]
        }
        return keys.map { names[$0.place] }
    }

    /// The eight bytes of `bytes` from `offset` as a big-endian number, missing bytes zero: ASCII
    /// text (no NUL) orders as these numbers do, a shorter text before a longer one it begins.
    private static func word(of bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in offset ..< offset + 8 {
            word = word << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
        }
        return word
    }
}
