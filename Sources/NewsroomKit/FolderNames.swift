import Foundation

/// The names in an open folder, as `readdir` gives them: every entry but `.` and `..`, in no
/// order. The one way the build lists a folder, so that a lookup of each entry can go by name
/// from the folder's descriptor (`FileStatuses`) rather than by a full path.
enum FolderNames {
    /// - Parameter invalid: given each name that is not UTF-8, with its bad bytes shown as
    ///   U+FFFD; such a name is left out (no file could be found by it).
    static func of(_ folder: OpaquePointer, invalid: (String) -> Void = { _ in }) -> [String] {
        var names: [String] = []
        while let entry = readdir(folder) {
            let (name, valid) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                return (String(decoding: bytes, as: UTF8.self), String(validating: bytes, as: UTF8.self) != nil)
            }
            if !valid {
                invalid(name)
            } else if name != "." && name != ".." {
                names.append(name)
            }
        }
        return names
    }
}
