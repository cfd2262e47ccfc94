import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

@Suite struct ImageSizeTests {
    // MARK: PNG and GIF

    @Test func pngSizeComesFromIHDR() {
        #expect(ImageProbe.size(of: ImageBytes.png(width: 1200, height: 630)) == ImageSize(width: 1200, height: 630))
        #expect(ImageProbe.mediaType(of: ImageBytes.png(width: 1, height: 1)) == "image/png")
    }

    @Test func pngWithoutIHDRFirstOrWithAbsurdSidesGivesNil() {
        var renamed = ImageBytes.png(width: 10, height: 10)
        renamed[12] = UInt8(ascii: "X")
        #expect(ImageProbe.size(of: renamed) == nil)
        #expect(ImageProbe.size(of: ImageBytes.png(width: 100_001, height: 10)) == nil)
        #expect(ImageProbe.size(of: ImageBytes.png(width: 0, height: 10)) == nil)
        #expect(ImageProbe.size(of: ImageBytes.png(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF)) == nil)
        #expect(ImageProbe.size(of: ImageBytes.png(width: 100_000, height: 1)) == ImageSize(width: 100_000, height: 1))
    }

    @Test func gifSizeComesFromTheLogicalScreen() {
        #expect(ImageProbe.size(of: ImageBytes.gif("GIF89a", width: 640, height: 480)) == ImageSize(width: 640, height: 480))
        #expect(ImageProbe.size(of: ImageBytes.gif("GIF87a", width: 3, height: 65535)) == ImageSize(width: 3, height: 65535))
        #expect(ImageProbe.size(of: ImageBytes.gif("GIF89a", width: 0, height: 5)) == nil)
        #expect(ImageProbe.size(of: ImageBytes.gif("GIF88a", width: 5, height: 5)) == nil)
        #expect(ImageProbe.mediaType(of: ImageBytes.gif("GIF87a", width: 1, height: 1)) == "image/gif")
    }

    // MARK: JPEG

    @Test func jpegSizeComesFromTheFrameHeader() {
        let baseline = ImageBytes.jpeg([ImageBytes.app0, ImageBytes.sof(0xC0, width: 1024, height: 768)])
        #expect(ImageProbe.size(of: baseline) == ImageSize(width: 1024, height: 768))
        #expect(ImageProbe.mediaType(of: baseline) == "image/jpeg")
        let progressive = ImageBytes.jpeg([ImageBytes.app0, ImageBytes.sof(0xC2, width: 800, height: 600)])
        #expect(ImageProbe.size(of: progressive) == ImageSize(width: 800, height: 600))
        for marker: UInt8 in [0xC1, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] {
            #expect(ImageProbe.size(of: ImageBytes.jpeg([ImageBytes.sof(marker, width: 7, height: 9)])) == ImageSize(width: 7, height: 9))
        }
    }

    /// DHT, JPG and DAC share the SOFn range but hold no size; their bodies are skipped even
    /// when they look like a frame header.
    @Test func jpegSkipsTablesAndOtherSegmentsByLength() {
        for marker: UInt8 in [0xC4, 0xC8, 0xCC, 0xDB, 0xE2, 0xFE] {
            let decoy = ImageBytes.segment(marker, [0x08, 0x00, 0x01, 0x00, 0x01, 0x03, 0, 0, 0])
            let bytes = ImageBytes.jpeg([decoy, ImageBytes.sof(0xC0, width: 300, height: 200)])
            #expect(ImageProbe.size(of: bytes) == ImageSize(width: 300, height: 200), "marker \(marker)")
        }
    }

    @Test func jpegAllowsFillBytesAndStandaloneMarkers() {
        let sof = ImageBytes.sof(0xC0, width: 50, height: 40)
        let bytes = ImageBytes.jpeg([[0xFF, 0xD0], [0xFF, 0x01], [0xFF, 0xFF, 0xFF] + sof])
        #expect(ImageProbe.size(of: bytes) == ImageSize(width: 50, height: 40))
    }

    @Test func jpegWithBrokenStructureGivesNil() {
        let sof = ImageBytes.sof(0xC0, width: 50, height: 40)
        let cases: [[UInt8]] = [
            ImageBytes.jpeg([[0xFF, 0xDA, 0x00, 0x02], sof]),  // scan before the frame
            ImageBytes.jpeg([[0xFF, 0xD9], sof]),  // end of image
            ImageBytes.jpeg([[0xFF, 0xE0, 0x00, 0x01], sof]),  // length below 2
            ImageBytes.jpeg([[0xFF, 0xE0, 0xFF, 0xF0], sof]),  // length past the end
            ImageBytes.jpeg([[0x00], sof]),  // junk where a marker belongs
            ImageBytes.jpeg([[0xFF, 0xC0, 0x00, 0x05, 0x08, 0x01, 0x00]]),  // frame header too short
            ImageBytes.jpeg([ImageBytes.sof(0xC0, width: 50, height: 0)]),  // height from a DNL marker
            [0xFF, 0xD8, 0xFF],
        ]
        for bytes in cases { #expect(ImageProbe.size(of: bytes) == nil) }
    }

    @Test(arguments: [true, false])
    func exifOrientationTurnsTheSizeAQuarter(bigEndian: Bool) {
        for orientation in 1...8 {
            let bytes = ImageBytes.jpeg([
                ImageBytes.exif(orientation: orientation, bigEndian: bigEndian),
                ImageBytes.sof(0xC0, width: 4000, height: 3000),
            ])
            let expected = orientation >= 5 ? ImageSize(width: 3000, height: 4000) : ImageSize(width: 4000, height: 3000)
            #expect(ImageProbe.size(of: bytes) == expected, "orientation \(orientation)")
        }
    }

    @Test func onlyTheFirstExifSegmentCounts() {
        let bytes = ImageBytes.jpeg([
            ImageBytes.exif(orientation: 1, bigEndian: true),
            ImageBytes.exif(orientation: 6, bigEndian: true),
            ImageBytes.sof(0xC0, width: 40, height: 30),
        ])
        #expect(ImageProbe.size(of: bytes) == ImageSize(width: 40, height: 30))
    }

    @Test func brokenExifLeavesTheSizeUnturned() {
        var exif = ImageBytes.exif(orientation: 6, bigEndian: false)
        exif[17] = 0x7F  // IFD0 offset far past the segment
        let bytes = ImageBytes.jpeg([exif, ImageBytes.sof(0xC0, width: 40, height: 30)])
        #expect(ImageProbe.size(of: bytes) == ImageSize(width: 40, height: 30))
    }

    // MARK: WebP

    @Test func webpSizeComesFromEachKindOfFirstChunk() {
        #expect(ImageProbe.size(of: ImageBytes.webpLossy(width: 550, height: 368)) == ImageSize(width: 550, height: 368))
        #expect(ImageProbe.size(of: ImageBytes.webpLossless(width: 386, height: 395)) == ImageSize(width: 386, height: 395))
        #expect(ImageProbe.size(of: ImageBytes.webpExtended(width: 16383, height: 99_999)) == ImageSize(width: 16383, height: 99_999))
        #expect(ImageProbe.size(of: ImageBytes.webpExtended(width: 1 << 24, height: 10)) == nil)
        #expect(ImageProbe.mediaType(of: ImageBytes.webpLossless(width: 1, height: 1)) == "image/webp")
    }

    @Test func webpWithWrongSignaturesGivesNil() {
        var interFrame = ImageBytes.webpLossy(width: 10, height: 10)
        interFrame[20] |= 1
        var noStartCode = ImageBytes.webpLossy(width: 10, height: 10)
        noStartCode[24] = 0
        var lossless = ImageBytes.webpLossless(width: 10, height: 10)
        lossless[20] = 0
        var unknown = ImageBytes.webpLossy(width: 10, height: 10)
        unknown[15] = UInt8(ascii: "Z")
        for bytes in [interFrame, noStartCode, lossless, unknown] { #expect(ImageProbe.size(of: bytes) == nil) }
    }

    // MARK: SVG

    @Test func svgSizeComesFromPlainOrPixelWidthAndHeight() {
        #expect(svg(#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">"#) == ImageSize(width: 640, height: 360))
        #expect(svg(#"<svg width='120px' height=" 80px "/>"#) == ImageSize(width: 120, height: 80))
        #expect(svg("<svg\n  height=\"10.6\"\n  width=\"20.2\"\n>") == ImageSize(width: 20, height: 11))
    }

    @Test func svgWithoutUsableWidthAndHeightGivesNil() {
        let cases = [
            #"<svg width="100%" height="100%">"#,
            #"<svg width="640">"#,
            #"<svg viewBox="0 0 640">"#,
            #"<svg viewBox="0 0 0 360">"#,
            #"<svg viewBox="0 0 -640 360">"#,
            #"<svg viewBox="0 0 1e400 360">"#,
            #"<svg viewBox="0 0 640 360px">"#,
            #"<svg viewBox="0 0 640 360" viewBox="0 0 1 1">"#,
            #"<svg width="1" viewBox="0 0 1 1e9">"#,
            #"<svg width="10em" height="10em">"#,
            #"<svg width="-5" height="5">"#,
            #"<svg width="1e3" height="5">"#,
            #"<svg width="0" height="5">"#,
            #"<svg width="200000" height="5">"#,
            #"<svg width="5" width="6" height="5">"#,
            #"<svg width=5 height=5>"#,
            #"<svg width="5" height="5"#,
            #"<svgfoo width="5" height="5">"#,
            #"<html><svg width="5" height="5">"#,
        ]
        for text in cases { #expect(svg(text) == nil, "\(text)") }
        #expect(ImageProbe.mediaType(of: Array(#"<svg viewBox="0 0 1 1">"#.utf8)) == "image/svg+xml")
    }

    /// Without a usable width and height the viewBox gives the shape, as a browser draws the image.
    @Test func svgViewBoxGivesTheSizeOrTheMissingSide() {
        #expect(svg(#"<svg viewBox="0 0 640 360">"#) == ImageSize(width: 640, height: 360))
        #expect(svg(#"<svg viewBox="-10,-5, 64.4,47.6">"#) == ImageSize(width: 64, height: 48))
        #expect(svg(#"<svg width="100%" height="100%" viewBox="0 0 1600 900">"#) == ImageSize(width: 1600, height: 900))
        #expect(svg(#"<svg width="320" viewBox="0 0 640 360">"#) == ImageSize(width: 320, height: 180))
        #expect(svg(#"<svg height="90px" viewBox="0 0 640 360">"#) == ImageSize(width: 160, height: 90))
        #expect(svg(#"<svg width="10em" height="100" viewBox="0 0 3e2 1E2">"#) == ImageSize(width: 300, height: 100))
        // Plain width and height win over the viewBox.
        #expect(svg(#"<svg width="50" height="50" viewBox="0 0 640 360">"#) == ImageSize(width: 50, height: 50))
    }

    @Test func svgRootMayFollowADeclarationCommentsAndADoctype() {
        let text = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!-- made by hand; <svg width="1" height="1"> is not the root -->
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
              <!ENTITY brand "ACME > Co">
              <!-- ] > -->
            ]>
            <svg width="48px" height="32">
            """
        #expect(svg(text) == ImageSize(width: 48, height: 32))
    }

    @Test func svgRootBeyondTheFirst64KiBIsNotRead() {
        let comment = "<!--" + String(repeating: "x", count: 70_000) + "-->"
        #expect(svg(comment + #"<svg width="5" height="5">"#) == nil)
    }

    @Test func siteMediaSVGsGiveTheSizeTheyDeclare() throws {
        let expected = ["dna-helix.svg": ImageSize(width: 640, height: 360),
                        "logo.svg": ImageSize(width: 320, height: 96),
                        "logo-reversed.svg": ImageSize(width: 320, height: 96)]
        let folder = Fixtures.repository.appendingPathComponent("Content/media").path
        for (name, size) in expected.sorted(by: { $0.key < $1.key }) {
            let path = folder + "/" + name
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(ImageProbe.size(of: [UInt8](bytes)) == size, "\(name)")
            #expect(ImageProbe.size(ofFileAt: path) == size, "\(name)")
            #expect(ImageProbe.mediaType(of: [UInt8](bytes)) == "image/svg+xml")
        }
    }

    // MARK: Hostile input

    @Test func garbageAndEmptyInputGiveNil() {
        let cases: [[UInt8]] = [[], [0], Array("hello, world".utf8), [UInt8](repeating: 0xFF, count: 1000),
                                Array("RIFF\0\0\0\0WAVE".utf8), Array("<?xml version=\"1.0\"?>".utf8)]
        for bytes in cases {
            #expect(ImageProbe.size(of: bytes) == nil)
            #expect(ImageProbe.mediaType(of: bytes) == nil)
        }
    }

    /// Every prefix of every valid header gives nil or the right size, never a crash.
    @Test func everyTruncationGivesNilOrTheRightSize() {
        for (bytes, size) in ImageBytes.samples {
            #expect(ImageProbe.size(of: bytes) == size)
            for length in 0..<bytes.count {
                let result = ImageProbe.size(of: Array(bytes.prefix(length)))
                #expect(result == nil || result == size, "prefix \(length) of \(bytes.prefix(4))")
            }
        }
    }

    /// Random bytes written over valid headers (a fixed seed, so a failure repeats) never crash
    /// and never give a side outside the sane range.
    @Test func corruptedHeadersNeverGiveAbsurdSizes() {
        var random = SeededRandom(seed: 0x1A2B_3C4D)
        for (original, _) in ImageBytes.samples {
            for _ in 0..<2_000 {
                var bytes = original
                for _ in 0...random.next(below: 4) { bytes[random.next(below: bytes.count)] = UInt8(random.next(below: 256)) }
                if let size = ImageProbe.size(of: bytes) {
                    #expect((1...100_000).contains(size.width) && (1...100_000).contains(size.height))
                }
            }
        }
    }

    // MARK: Files

    @Test func jpegFrameAfterLargeSegmentsIsFoundInTheFile() throws {
        let big = [UInt8](repeating: 0x41, count: 65_533)
        var segments = [ImageBytes.exif(orientation: 8, bigEndian: false)]
        segments += Array(repeating: ImageBytes.segment(0xE2, big), count: 40)
        segments.append(ImageBytes.sof(0xC2, width: 6000, height: 4000))
        let bytes = ImageBytes.jpeg(segments)
        let path = try temporaryFile(bytes)
        #expect(ImageProbe.size(of: Array(bytes.prefix(ImageProbe.prefixLength))) == nil)
        #expect(ImageProbe.size(ofFileAt: path) == ImageSize(width: 4000, height: 6000))
        #expect(ImageProbe.size(ofFileAt: path, readingAtMost: 1 << 20) == ImageSize(width: 4000, height: 6000))
        #expect(ImageProbe.size(ofFileAt: path, readingAtMost: 96 * 1024) == nil)
    }

    @Test func exifAfterTheFirst64KiBStillTurnsTheSize() throws {
        let big = [UInt8](repeating: 0, count: 65_533)
        let bytes = ImageBytes.jpeg([ImageBytes.segment(0xE0, big), ImageBytes.segment(0xED, big),
                                     ImageBytes.exif(orientation: 6, bigEndian: true),
                                     ImageBytes.sof(0xC0, width: 30, height: 20)])
        #expect(ImageProbe.size(ofFileAt: try temporaryFile(bytes)) == ImageSize(width: 20, height: 30))
    }

    @Test func filesOfEachFormatAndUnreadablePaths() throws {
        for (bytes, size) in ImageBytes.samples {
            #expect(ImageProbe.size(ofFileAt: try temporaryFile(bytes)) == size)
        }
        #expect(ImageProbe.size(ofFileAt: try temporaryFile([])) == nil)
        #expect(ImageProbe.size(ofFileAt: try temporaryFile(Array("not an image".utf8))) == nil)
        #expect(ImageProbe.size(ofFileAt: "/nonexistent/image.png") == nil)
        #expect(ImageProbe.size(ofFileAt: Fixtures.temporaryDirectory("image-folder")) == nil)
    }

    /// Many tiny segments put headers across every window edge; a frame after them is found,
    /// and a file with none ends the walk at its end or at the read limit.
    @Test func manySmallSegmentsAreWalkedAcrossWindowEdges() throws {
        let empty = Array(repeating: ImageBytes.segment(0xE3, []), count: 200_000)
        let framed = ImageBytes.jpeg(empty + [[0xFF, 0xFF], ImageBytes.sof(0xC0, width: 9, height: 7)])
        #expect(ImageProbe.size(ofFileAt: try temporaryFile(framed)) == ImageSize(width: 9, height: 7))
        let frameless = try temporaryFile(ImageBytes.jpeg(empty))
        #expect(ImageProbe.size(ofFileAt: frameless) == nil)
        #expect(ImageProbe.size(ofFileAt: frameless, readingAtMost: 128 * 1024) == nil)
        #expect(ImageProbe.size(ofFileAt: try temporaryFile([0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 1 << 20))) == nil)
    }

    private func svg(_ text: String) -> ImageSize? { ImageProbe.size(of: Array(text.utf8)) }

    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = Fixtures.temporaryDirectory("image") + "/image"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Small images built byte by byte, each with only the headers a size reader needs.
private enum ImageBytes {
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func le16(_ value: Int) -> [UInt8] { be16(value).reversed() }
    static func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value) }
    static func le32(_ value: Int) -> [UInt8] { be32(value).reversed() }

    static func png(width: Int, height: Int) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8)
            + be32(width) + be32(height) + [8, 6, 0, 0, 0] + be32(0)
    }

    static func gif(_ version: String, width: Int, height: Int) -> [UInt8] {
        Array(version.utf8) + le16(width) + le16(height) + [0xF7, 0, 0]
    }

    static func jpeg(_ segments: [[UInt8]]) -> [UInt8] { [0xFF, 0xD8] + segments.joined() + [0xFF, 0xD9] }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(body.count + 2) + body }

    static let app0 = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])

    static func sof(_ marker: UInt8, width: Int, height: Int) -> [UInt8] {
        segment(marker, [8] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    }

    /// APP1 with a TIFF header whose IFD0 holds a make tag and then the orientation.
    static func exif(orientation: Int, bigEndian: Bool) -> [UInt8] {
        let u16 = bigEndian ? be16 : le16, u32 = bigEndian ? be32 : le32
        let tiff = Array((bigEndian ? "MM" : "II").utf8) + u16(42) + u32(8) + u16(2)
            + u16(0x010F) + u16(2) + u32(4) + Array("ACM\0".utf8)
            + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0] + u32(0)
        return segment(0xE1, Array("Exif\0\0".utf8) + tiff)
    }

    static func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + le32(payload.count + 12) + Array("WEBP".utf8) + Array(chunk.utf8) + le32(payload.count) + payload
    }

    static func webpLossy(width: Int, height: Int) -> [UInt8] {
        riff("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + le16(width) + le16(height) + [0, 0])
    }

    static func webpLossless(width: Int, height: Int) -> [UInt8] {
        riff("VP8L", [0x2F] + le32((width - 1) | (height - 1) << 14) + [0, 0])
    }

    static func webpExtended(width: Int, height: Int) -> [UInt8] {
        let w = le32(width - 1), h = le32(height - 1)
        return riff("VP8X", [0x10, 0, 0, 0] + w.prefix(3) + h.prefix(3))
    }

    /// One valid header of each kind with its expected size.
    static let samples: [([UInt8], ImageSize)] = [
        (png(width: 320, height: 96), ImageSize(width: 320, height: 96)),
        (gif("GIF89a", width: 16, height: 9), ImageSize(width: 16, height: 9)),
        (jpeg([app0, exif(orientation: 6, bigEndian: false), segment(0xC4, [0, 1, 2]), sof(0xC2, width: 64, height: 48)]),
         ImageSize(width: 48, height: 64)),
        (jpeg([exif(orientation: 5, bigEndian: true), sof(0xC0, width: 1, height: 2)]), ImageSize(width: 2, height: 1)),
        (webpLossy(width: 550, height: 368), ImageSize(width: 550, height: 368)),
        (webpLossless(width: 386, height: 395), ImageSize(width: 386, height: 395)),
        (webpExtended(width: 1000, height: 800), ImageSize(width: 1000, height: 800)),
        (Array(#"<?xml version="1.0"?><!-- c --><svg width="24px" height="12">"#.utf8), ImageSize(width: 24, height: 12)),
    ]
}

/// What templates get: size and media type together, from site files only.
@Suite struct ImageInfoTests {
    @Test func aPNGFileGivesItsSizeAndType() {
        let info = ImageInfo.read(path: Fixtures.site("feeds/site") + "/Content/releases/2026/restoration/hero.png")
        #expect(info == ImageInfo(size: ImageSize(width: 16, height: 9), mediaType: "image/png"))
    }

    @Test func aPipeOrAFolderIsNotRead() throws {
        let folder = Fixtures.temporaryDirectory("image")
        let pipe = folder + "/hero.png"
        #expect(mkfifo(pipe, 0o600) == 0)
        // Opening a pipe for reading would wait for a writer forever.
        #expect(ImageInfo.read(path: pipe) == nil)
        #expect(ImageInfo.read(path: folder) == nil)
        #expect(ImageInfo.read(path: folder + "/missing.png") == nil)
    }
}

private extension SeededRandom {
    /// A number below `bound`, as the corruption test draws them.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
