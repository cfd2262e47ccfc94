import Foundation

/// The size in pixels at which a browser displays an image: for a JPEG whose EXIF orientation
/// turns it a quarter, width and height are those of the turned picture. Both are in
/// `1...ImageProbe.maximumSide`; `ImageProbe` never makes any other value.
struct ImageSize: Equatable, Sendable {
    var width: Int
    var height: Int
}

/// Reads image sizes and media types from the first bytes of a file, without decoding the
/// image: PNG, GIF, JPEG, WebP and SVG. Every read is bounds-checked, so hostile or truncated
/// input gives nil, never a crash, a trap or an endless loop.
enum ImageProbe {
    /// Sides longer than this are refused as absurd; so is a side of zero.
    static let maximumSide = 100_000
    /// How much of a file is read first, and all that is read of a file that is not a JPEG.
    static let prefixLength = 64 * 1024
    /// The most a JPEG walk reads in all, the prefix included.
    static let readLimit = 16 * 1024 * 1024

    /// The media type of a recognised image (`image/png`, `image/jpeg`, `image/gif`,
    /// `image/webp`, `image/svg+xml`), judged from its signature, or for SVG its root element;
    /// nil otherwise. A recognised type does not promise a readable size.
    static func mediaType(of bytes: [UInt8]) -> String? {
        ImageFormat(bytes)?.mediaType
    }

    /// The displayed size of the image whose first bytes are `bytes`, or nil when the format is
    /// not recognised, the bytes end before the size, or the size is zero or absurd. Pure; a
    /// JPEG's size marker must lie within `bytes`.
    static func size(of bytes: [UInt8]) -> ImageSize? {
        guard let format = ImageFormat(bytes) else { return nil }
        switch format {
        case .png:
            guard Bytes.matches(bytes, at: 12, "IHDR") else { return nil }
            return checked(Bytes.uint(bytes, at: 16, count: 4), Bytes.uint(bytes, at: 20, count: 4))
        case .gif:
            return checked(Bytes.uint(bytes, at: 6, count: 2, bigEndian: false),
                           Bytes.uint(bytes, at: 8, count: 2, bigEndian: false))
        case .jpeg:
            var source = MemorySource(bytes: bytes)
            return jpegSize(&source)
        case .webp:
            return webpSize(bytes)
        case .svg:
            return svgSize(Array(bytes.prefix(prefixLength)))
        }
    }

    /// The displayed size of the image in the file at `path`, or nil when it cannot be read or
    /// `size(of:)` would give nil. Reads the first `prefixLength` bytes; for a JPEG whose size
    /// marker lies further, walks on segment by segment, reading only segment headers (and an
    /// EXIF segment), never more than `readLimit` bytes in all. Only regular files are read.
    static func size(ofFileAt path: String) -> ImageSize? {
        size(ofFileAt: path, readingAtMost: readLimit)
    }

    /// `size(ofFileAt:)` with a smaller read limit, so tests can reach it with small files.
    static func size(ofFileAt path: String, readingAtMost limit: Int) -> ImageSize? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var file = FileSource(descriptor: descriptor, remaining: limit)
        guard file.load(at: 0, count: min(prefixLength, limit)) else { return nil }
        if ImageFormat(file.buffer) == .jpeg { return jpegSize(&file) }
        return size(of: file.buffer)
    }

    /// The size when both sides are in `1...maximumSide`, turned a quarter when `turned`.
    static func checked(_ width: Int?, _ height: Int?, turned: Bool = false) -> ImageSize? {
        guard let width, let height, (1...maximumSide).contains(width),
              (1...maximumSide).contains(height) else { return nil }
        return turned ? ImageSize(width: height, height: width) : ImageSize(width: width, height: height)
    }

    // MARK: JPEG

    /// Walks the segments after SOI up to the first frame header (SOFn), skipping every other
    /// segment by its length and 0xFF fill bytes before a marker. Start of scan or end of image
    /// first, a byte other than 0xFF where a marker belongs, or a length below 2 gives nil. The
    /// first APP1 Exif segment's orientation 5–8 turns the size a quarter.
    private static func jpegSize(_ source: inout some ByteSource) -> ImageSize? {
        guard source.bytes(at: 0, count: 2) == [0xFF, 0xD8] else { return nil }
        var offset = 2
        var orientation: Int?
        while true {
            guard source.byte(at: offset) == 0xFF else { return nil }
            offset += 1
            while source.byte(at: offset) == 0xFF { offset += 1 }
            guard let marker = source.byte(at: offset) else { return nil }
            offset += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue
            case 0x00, 0xD8, 0xD9, 0xDA:
                return nil
            default:
                break
            }
            guard let header = source.bytes(at: offset, count: 2),
                  let length = Bytes.uint(header, at: 0, count: 2), length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let frame = source.bytes(at: offset + 2, count: 5), length >= 7 else { return nil }
                let turned = (5...8).contains(orientation ?? 1)
                return checked(Bytes.uint(frame, at: 3, count: 2), Bytes.uint(frame, at: 1, count: 2), turned: turned)
            }
            if marker == 0xE1, orientation == nil,
               let segment = source.bytes(at: offset + 2, count: length - 2),
               Bytes.matches(segment, at: 0, "Exif\0\0") {
                orientation = exifOrientation(Array(segment.dropFirst(6))) ?? 1
            }
            offset += length
        }
    }

    /// The Orientation tag (0x0112, a SHORT) of IFD0 in a TIFF header of either byte order.
    private static func exifOrientation(_ tiff: [UInt8]) -> Int? {
        let bigEndian: Bool
        if Bytes.matches(tiff, at: 0, "MM") { bigEndian = true }
        else if Bytes.matches(tiff, at: 0, "II") { bigEndian = false }
        else { return nil }
        func uint(_ at: Int, _ count: Int) -> Int? { Bytes.uint(tiff, at: at, count: count, bigEndian: bigEndian) }
        guard uint(2, 2) == 42, let directory = uint(4, 4), let entries = uint(directory, 2) else { return nil }
        for index in 0..<entries {
            let entry = directory + 2 + index * 12
            guard let tag = uint(entry, 2) else { return nil }
            if tag == 0x0112 { return uint(entry + 2, 2) == 3 ? uint(entry + 8, 2) : nil }
        }
        return nil
    }

    // MARK: WebP

    /// The canvas size from the first chunk: VP8X (extended), VP8L (lossless) or VP8 (lossy,
    /// key frame only).
    private static func webpSize(_ bytes: [UInt8]) -> ImageSize? {
        func uint(_ at: Int, _ count: Int) -> Int? { Bytes.uint(bytes, at: at, count: count, bigEndian: false) }
        if Bytes.matches(bytes, at: 12, "VP8X") {
            guard let width = uint(24, 3), let height = uint(27, 3) else { return nil }
            return checked(width + 1, height + 1)
        }
        if Bytes.matches(bytes, at: 12, "VP8L") {
            guard bytes.count > 20, bytes[20] == 0x2F, let bits = uint(21, 4), bits >> 29 == 0 else { return nil }
            return checked((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        if Bytes.matches(bytes, at: 12, "VP8 ") {
            guard let tag = uint(20, 1), tag & 1 == 0, Bytes.uint(bytes, at: 23, count: 3) == 0x9D012A,
                  let width = uint(26, 2), let height = uint(28, 2) else { return nil }
            return checked(width & 0x3FFF, height & 0x3FFF)
        }
        return nil
    }
}

/// The image formats `ImageProbe` recognises, each by its signature.
private enum ImageFormat: Equatable {
    case png, gif, jpeg, webp, svg

    init?(_ bytes: [UInt8]) {
        if Bytes.matches(bytes, at: 0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
        else if Bytes.matches(bytes, at: 0, "GIF87a") || Bytes.matches(bytes, at: 0, "GIF89a") { self = .gif }
        else if Bytes.matches(bytes, at: 0, [0xFF, 0xD8, 0xFF]) { self = .jpeg }
        else if Bytes.matches(bytes, at: 0, "RIFF"), Bytes.matches(bytes, at: 8, "WEBP") { self = .webp }
        else if ImageProbe.svgRootEnd(Array(bytes.prefix(ImageProbe.prefixLength))) != nil { self = .svg }
        else { return nil }
    }

    var mediaType: String {
        switch self {
        case .png: "image/png"
        case .gif: "image/gif"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .svg: "image/svg+xml"
        }
    }
}

/// Bytes at absolute offsets of an image, each read checked; nil where the bytes end or may
/// not be read.
private protocol ByteSource {
    /// Exactly `count` bytes from `offset`, or nil.
    mutating func bytes(at offset: Int, count: Int) -> [UInt8]?
    /// The byte at `offset`, or nil; without building an array, for runs of fill bytes.
    mutating func byte(at offset: Int) -> UInt8?
}

/// The bytes given to `ImageProbe.size(of:)`.
private struct MemorySource: ByteSource {
    let bytes: [UInt8]

    func bytes(at offset: Int, count: Int) -> [UInt8]? { Bytes.slice(bytes, at: offset, count: count) }
    func byte(at offset: Int) -> UInt8? { bytes.indices.contains(offset) ? bytes[offset] : nil }
}

/// A window onto an open regular file, moved by positioned reads. Reads stop for good once
/// `remaining` bytes have been read, so a walk over a hostile file is bounded.
private struct FileSource: ByteSource {
    /// A window moved for a segment header is this long: small, so a walk past many large
    /// segments reads little of each.
    static let refillLength = 4096

    let descriptor: Int32
    var remaining: Int
    private(set) var start = 0
    private(set) var buffer: [UInt8] = []

    init(descriptor: Int32, remaining: Int) {
        self.descriptor = descriptor
        self.remaining = remaining
    }

    mutating func bytes(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0 else { return nil }
        if let inside = Bytes.slice(buffer, at: offset - start, count: count) { return inside }
        guard load(at: offset, count: max(count, Self.refillLength)) else { return nil }
        return Bytes.slice(buffer, at: 0, count: count)
    }

    mutating func byte(at offset: Int) -> UInt8? {
        guard offset >= 0 else { return nil }
        if buffer.indices.contains(offset - start) { return buffer[offset - start] }
        return bytes(at: offset, count: 1)?.first
    }

    /// Moves the window to `offset` and fills it with up to `count` bytes (fewer at the end of
    /// the file or of the read budget); false when nothing could be read.
    mutating func load(at offset: Int, count: Int) -> Bool {
        let wanted = min(count, remaining)
        guard offset >= 0, wanted > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: wanted)
        let done = chunk.withUnsafeMutableBytes { FileBytes.read(descriptor, into: $0, at: offset) }
        remaining -= done
        guard done > 0 else { return false }
        start = offset
        buffer = Array(chunk.prefix(done))
        return true
    }
}

/// Checked reads from byte arrays, shared by the format readers (`ImageSize+SVG.swift` too).
enum Bytes {
    /// `count` bytes from `offset`, or nil when any of them lies outside `bytes`.
    static func slice(_ bytes: [UInt8], at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, count <= bytes.count, offset <= bytes.count - count else { return nil }
        return Array(bytes[offset..<(offset + count)])
    }

    /// An unsigned integer of `count` (at most 4) bytes, or nil when they lie outside `bytes`.
    static func uint(_ bytes: [UInt8], at offset: Int, count: Int, bigEndian: Bool = true) -> Int? {
        guard (1...4).contains(count), let field = slice(bytes, at: offset, count: count) else { return nil }
        return (bigEndian ? field : field.reversed()).reduce(0) { $0 << 8 | Int($1) }
    }

    static func matches(_ bytes: [UInt8], at offset: Int, _ expected: [UInt8]) -> Bool {
        slice(bytes, at: offset, count: expected.count) == expected
    }

    static func matches(_ bytes: [UInt8], at offset: Int, _ expected: String) -> Bool {
        matches(bytes, at: offset, Array(expected.utf8))
    }

    /// The offset of the first `needle` at or after `start`.
    static func find(_ needle: String, in bytes: [UInt8], from start: Int) -> Int? {
        let needle = Array(needle.utf8)
        var index = max(start, 0)
        while index < bytes.count {
            if matches(bytes, at: index, needle) { return index }
            index += 1
        }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func skipSpace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }
}
