import Foundation
import Markdown
import NewsroomKit
import Glibc

/// How a request path becomes a file of the built site.
extension PreviewSite {
    enum Resolved: Equatable {
        case file(String)
        /// A folder asked for without its closing `/`: redirected, so relative links work.
        case folderWithoutSlash
        case missing
    }

    /// The path percent-decoded, or nil when it is malformed or could step outside the site:
    /// a bad escape, a NUL, a backslash, or a `.` or `..` segment (as written or encoded).
    static func decodedPath(_ raw: String) -> String? {
        guard raw.hasPrefix("/") else { return nil }
        var bytes: [UInt8] = []
        var utf8 = raw.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0), !bytes.contains(UInt8(ascii: "\\")),
              let path = bytes.withUnsafeBufferPointer(String.init(validUTF8:)) else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return path
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The file a site-relative path names: `index.html` for a folder; nothing that resolves
    /// (through symbolic links) to outside `root`.
    static func resolve(_ relative: String, in root: String) -> Resolved {
        guard let realRoot = realPath(root) else { return .missing }
        let asked = root + "/" + relative
        let wantsFolder = relative.isEmpty || relative.hasSuffix("/")
        guard let real = realPath(wantsFolder ? asked + "index.html" : asked),
              real.hasPrefix(realRoot + "/") else { return .missing }
        switch (try? FileManager.default.attributesOfItem(atPath: real))?[.type] as? FileAttributeType {
        case .typeRegular?: return .file(real)
        case .typeDirectory?: return wantsFolder ? .missing : .folderWithoutSlash
        default: return .missing
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// As a static host would send them; text in UTF-8.
    static func contentType(of file: String) -> String {
        let name = file.lowercased()
        let suffix = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? ""
        switch suffix {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "vcf", "vcard": return "text/vcard; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "zip": return "application/zip"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "mp4": return "video/mp4"
        case "mp3": return "audio/mpeg"
        default: return "application/octet-stream"
        }
    }

    /// A strong validator of the bytes sent (the reload script included).
    static func digest(_ data: Data) -> String { SHA256.hex(data) }

    static func queryValue(_ name: String, in target: String) -> String? {
        guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first == Substring(name) { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }
}
