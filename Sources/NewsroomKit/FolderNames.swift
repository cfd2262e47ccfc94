import Foundation

/// The names in an open folder, as `readdir` gives them: every entry but `.` and `..`, in no
/// order. The one way the build lists a folder, so that a lookup of each entry can go by name
/// from the folder's descriptor (`FileStatuses`) rather than by a full path.
enum FolderNames {
    static func of(_ folder: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
