import Foundation
import TestFolders
import Templating
import Testing

struct TemplateSourceTests {
    /// A fresh folder (`TestFolders`), removed by the caller.
    private func makeFolder(_ files: [String: [UInt8]]) throws -> String {
        let root = TestFolders.make("templating")
        for (name, bytes) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        }
        return root
    }

    @Test func directorySourceWalksRecursivelyInSortedOrder() throws {
        let root = try makeFolder([
            "page.html": Array("p".utf8), "base.html": Array("b".utf8), "feed.xml": Array("f".utf8),
            "partials/z.html": Array("z".utf8), "partials/a/deep.txt": Array("d".utf8),
            "notes.md": Array("n".utf8), ".hidden.html": Array("h".utf8), "assets/site.css": Array("c".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let source = DirectorySource(directory: root)
        #expect(try source.templateNames() == ["base.html", "feed.xml", "page.html", "partials/a/deep.txt", "partials/z.html"])
        #expect(try source.text(of: "partials/z.html") == "z")
        #expect(try source.text(of: "missing.html") == nil)
        #expect(try source.text(of: "../etc/passwd") == nil)
        #expect(try source.text(of: "partials/../page.html") == nil)
        #expect(try source.text(of: "partials") == nil)
        #expect(try DirectorySource(directory: root, fileExtensions: ["xml"]).templateNames() == ["feed.xml"])
    }

    @Test func directorySourceSurvivesASymbolicLinkLoop() throws {
        let root = try makeFolder(["partials/a.html": Array("a".utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/partials/loop", withDestinationPath: root)
        #expect(try DirectorySource(directory: root).templateNames() == ["partials/a.html"])
    }

    @Test func directorySourceReportsTheFirstInvalidByte() throws {
        // "é" is one column; the bad byte is the fourth scalar of line 2.
        let root = try makeFolder(["bad.html": Array("line\né€x".utf8) + [0xC3, 0x28] + Array("\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: TemplateError(
            kind: .unreadable,
            location: TemplateLocation(template: "bad.html", line: 2, column: 4),
            message: "invalid UTF-8 byte 0xC3"
        )) {
            try DirectorySource(directory: root).text(of: "bad.html")
        }
    }

    @Test func directorySourceDropsAByteOrderMark() throws {
        let root = try makeFolder(["bom.html": [0xEF, 0xBB, 0xBF] + Array("hi".utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try DirectorySource(directory: root).text(of: "bom.html") == "hi")
    }

    @Test func missingDirectoryIsUnreadable() {
        #expect(throws: TemplateError.self) {
            try DirectorySource(directory: "/nonexistent/templating/folder").templateNames()
        }
    }

    @Test func overlayPrefersTheFirstSourceThatHasAName() throws {
        let site = MemorySource(["base.html": "site base", "extra.html": "extra"])
        let theme = MemorySource(["base.html": "theme base", "page.html": "theme page"])
        let overlay = OverlaySource([site, theme])
        #expect(try overlay.templateNames() == ["base.html", "extra.html", "page.html"])
        #expect(try overlay.text(of: "base.html") == "site base")
        #expect(try overlay.text(of: "page.html") == "theme page")
        #expect(try overlay.text(of: "none.html") == nil)

        let environment = try TemplateEnvironment(source: OverlaySource([
            MemorySource(["partials/footer.html": "site footer"]),
            MemorySource(["page.html": "[{% include \"partials/footer.html\" %}]", "partials/footer.html": "theme footer"]),
        ]))
        #expect(try environment.render("page.html", context: [:]) == "[site footer]")
    }
}
