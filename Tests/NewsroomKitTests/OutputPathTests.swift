@testable import NewsroomKit
import Testing

/// Which output paths the writer refuses, counted in bytes as the file system counts them.
@Suite struct OutputPathTests {
    @Test func namesAreMeasuredInBytes() {
        let accented = String(repeating: "é", count: 128)       // 128 characters, 256 bytes
        #expect(OutputClaims.problem(with: "releases/\(accented)/index.html")?.contains("is 256 bytes long") == true)
        #expect(OutputClaims.problem(with: "releases/\(String(repeating: "é", count: 127))/index.html") == nil)
        // A combining mark after a slash does not join two names into one: read as characters,
        // `a/́bbb…` would be one name of 256 bytes; as bytes it is `a` and a name of 254.
        #expect(OutputClaims.problem(with: "a/\u{301}\(String(repeating: "b", count: 252))/index.html") == nil)
    }

    @Test func reservedEmptyAndDotNames() {
        #expect(OutputClaims.problem(with: "\(OutputWriter.markerName)")?.contains("is reserved") == true)
        #expect(OutputClaims.problem(with: "news/\(OutputWriter.markerName)") == nil)
        for path in ["a//b.html", "./a.html", "a/../b.html", "a/.", "/a.html"] {
            #expect(OutputClaims.problem(with: path)?.contains("an empty, '.' or '..' part") == true, "\(path)")
        }
        #expect(OutputClaims.problem(with: "a/.b/c..html") == nil)
        #expect(OutputClaims.problem(with: String(repeating: "a/", count: 1600) + "x")?.contains("at most 3072 fit") == true)
    }
}
