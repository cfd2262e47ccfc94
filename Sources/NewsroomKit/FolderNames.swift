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
    /// bytes are, and are compared as bytes: `String`'s `<` through the standard library's
    /// generic path took 3% of a one-release edit's instructions at 10,000 releases, sorting the
    /// releases' folders. A list with another name is sorted by `<`.
    static func sorted(_ names: [String]) -> [String] {
        guard names.count > 1, names.allSatisfy(isASCII) else { return names.sorted() }
        return names.sorted { first, second in
            let order = first.utf8.withContiguousStorageIfAvailable { a in
                second.utf8.withContiguousStorageIfAvailable { b in
                    let common = min(a.count, b.count)
                    let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                    return order != 0 ? order < 0 : a.count < b.count
                }
            }
            return (order ?? nil) ?? (first < second)
        }
    }

    private static func isASCII(_ name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable { UTF8Check.kind(of: $0) == .ascii } ?? false
    }
}
