import Foundation
@testable import NewsroomKit
import Testing

/// `FolderTree.remove`, which takes away the tree an exchange retired: everything below the
/// folder goes, on any number of threads, and nothing a symbolic link inside leads to.
struct FolderTreeTests {
    /// A tree like an output's: files at the top, many small folders, one deep chain, an empty
    /// folder, a folder of many files, and links to a folder and a file outside the tree.
    private func makeTree(_ root: String, outside: String) throws {
        let manager = FileManager.default
        func file(_ path: String) throws {
            let full = root + "/" + path
            try manager.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(path.utf8).write(to: URL(fileURLWithPath: full))
        }
        try file("index.html")
        try file(".newsroom-output")
        for release in 0 ..< 40 {
            try file("releases/20\(10 + release % 5)/release-\(release)/index.html")
            try file("releases/20\(10 + release % 5)/release-\(release)/release.txt")
        }
        try file((0 ..< 30).map { "level\($0)" }.joined(separator: "/") + "/deep.html")
        try manager.createDirectory(atPath: root + "/empty/inner", withIntermediateDirectories: true)
        for name in 0 ..< 700 { try file("many/\(name).json") }
        try manager.createSymbolicLink(atPath: root + "/releases/link-to-folder", withDestinationPath: outside)
        try manager.createSymbolicLink(atPath: root + "/link-to-file", withDestinationPath: outside + "/kept.txt")
    }

    @Test(arguments: [1, 2, 4])
    func removesEverythingBelowAndNothingALinkLeadsTo(threads: Int) throws {
        let work = Fixtures.temporaryDirectory("folder-tree")
        let outside = work + "/outside"
        try FileManager.default.createDirectory(atPath: outside + "/sub", withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: outside + "/kept.txt"))
        try Data("kept".utf8).write(to: URL(fileURLWithPath: outside + "/sub/kept.txt"))
        let root = work + "/retired"
        try makeTree(root, outside: outside)

        FolderTree.remove(root, threads: threads)

        #expect(!FileManager.default.fileExists(atPath: root))
        #expect((try? String(contentsOfFile: outside + "/kept.txt", encoding: .utf8)) == "kept")
        #expect((try? String(contentsOfFile: outside + "/sub/kept.txt", encoding: .utf8)) == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).sorted() == ["outside"])
    }

    @Test func aLinkOrAFileInPlaceOfTheTreeIsRemovedItselfAndNothingThereIsNoError() throws {
        let work = Fixtures.temporaryDirectory("folder-tree")
        try FileManager.default.createDirectory(atPath: work + "/target", withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: work + "/target/kept.txt"))
        try FileManager.default.createSymbolicLink(atPath: work + "/link", withDestinationPath: work + "/target")
        try Data("a file".utf8).write(to: URL(fileURLWithPath: work + "/file"))

        FolderTree.remove(work + "/link", threads: 2)
        FolderTree.remove(work + "/file", threads: 2)
        FolderTree.remove(work + "/missing", threads: 2)

        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["target"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/target") == ["kept.txt"])
    }
}
