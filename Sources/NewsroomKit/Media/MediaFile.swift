import Foundation

/// A file of the site offered for download (a shared file of `Content/media/`, a release's
/// image): its size in bytes and, for an image in a format `ImageProbe` knows, its pixel size
/// and media type. Read from the file each build, like `ImageInfo`.
struct MediaFile: Sendable, Equatable {
    /// The file's path relative to where it is served from (`logos/logo.svg`, `hero.jpg`).
    var path: String
    var bytes: Int
    var image: ImageInfo?

    /// Nil when `absolutePath` is not a regular file that can be read.
    static func read(path: String, absolutePath: String) -> MediaFile? {
        var status = stat()
        guard stat(absolutePath, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return MediaFile(path: path, bytes: Int(status.st_size), image: ImageInfo.read(path: absolutePath))
    }

    /// The last part of the path: `logo.svg`.
    var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The folder the file is in, relative to where it is served from; "" at the top.
    var folder: String { Route.parentFolder(of: path) }

    /// What kind of file it is, in a word: the image format's name (`JPEG`), else the file name's
    /// extension in capitals (`PDF`, `TXT`), else "".
    var typeName: String {
        if let image { return image.formatName }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].uppercased()
    }

    /// File name extensions of pictures a browser shows, for a file `ImageProbe` cannot size.
    static let imageExtensions: Set<String> = ["AVIF", "GIF", "JPEG", "JPG", "PNG", "SVG", "WEBP"]

    /// An image a browser can show: one `ImageProbe` read, or one named like a picture.
    var isImage: Bool { image != nil || Self.imageExtensions.contains(typeName) }
}
