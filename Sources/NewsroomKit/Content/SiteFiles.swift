import Foundation

/// Reads the site folder: lists files in sorted order and reads them, refusing links
/// that lead outside the site. The only place (besides the writer) that touches the disk.
struct SiteFiles: Sendable {
    /// Absolute, with symbolic links resolved.
    let root: String

    init(root: String) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    func isDirectory(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute(relative), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: absolute(relative)) }

    /// Every regular file below `relative` (site-relative paths), sorted, skipping names
    /// that start with "." and reporting links that point outside the site.
    func files(under relative: String, diagnostics: inout Diagnostics) -> [String] {
        var found: [String] = []
        var pending = [relative]
        var visited: Set<String> = []
        while let directory = pending.popLast() {
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: absolute(directory))
            } catch {
                diagnostics.error("cannot read folder: \(Self.reason(error))", at: SourceLocation(path: directory))
                continue
            }
            for name in entries.sorted() where !name.hasPrefix(".") {
                let path = directory + "/" + name
                let full = absolute(path)
                let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                guard resolved == root || resolved.hasPrefix(root + "/") else {
                    diagnostics.error("symbolic link points outside the site (to \(resolved)); copy the file in instead",
                                      at: SourceLocation(path: path))
                    continue
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                    diagnostics.error("broken symbolic link", at: SourceLocation(path: path))
                    continue
                }
                if isDirectory.boolValue {
                    if visited.insert(resolved).inserted { pending.append(path) }
                } else {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    func size(of asset: Asset, bundleDirectory: String?) -> Int? {
        let path: String
        switch asset {
        case .external: return nil
        case .bundle(let relative): path = (bundleDirectory ?? "") + "/" + relative
        case .media(let relative): path = "Content/media/" + relative
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: absolute(path))
        return (attributes?[.size] as? NSNumber)?.intValue
    }

    func read(_ relative: String) throws(Diagnostic) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: absolute(relative)))
        } catch {
            throw .error("cannot read file: \(Self.reason(error))", at: SourceLocation(path: relative))
        }
    }

    func readText(_ relative: String) throws(Diagnostic) -> String {
        try TextDecoding.decode(try read(relative), path: relative)
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoPermissionError: return "permission denied"
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
        default: return nsError.localizedDescription
        }
    }
}
