import Foundation

/// What pages and feeds say about an image file: its size in pixels as shown, and its media
/// type. Read from the file's header each build (the file can change without its release
/// changing), for images that are site files; an image given by URL has none.
struct ImageInfo: Sendable, Equatable {
    var size: ImageSize
    var mediaType: String

    /// Nil when the file cannot be read, is not a regular file (a pipe would never end) or is in
    /// no format `ImageProbe` knows.
    static func read(path: String) -> ImageInfo? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let head = (try? handle.read(upToCount: 512)).map { [UInt8]($0) } ?? []
        try? handle.close()
        guard let mediaType = ImageProbe.mediaType(of: head), let size = ImageProbe.size(ofFileAt: path) else { return nil }
        return ImageInfo(size: size, mediaType: mediaType)
    }

    /// The format's usual short name, as a download list shows it: `JPEG`, `PNG`, `GIF`, `WebP`, `SVG`.
    var formatName: String {
        switch mediaType {
        case "image/jpeg": "JPEG"
        case "image/png": "PNG"
        case "image/gif": "GIF"
        case "image/webp": "WebP"
        case "image/svg+xml": "SVG"
        default: mediaType
        }
    }
}
