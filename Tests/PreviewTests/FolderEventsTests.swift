#if canImport(Glibc)
import Foundation
import TestFolders
@testable import Preview
import Testing

/// The kernel's events as the watcher reads them: every change under `Content/` and
/// `Templates/` is heard of, nothing beside them is, and a site the kernel cannot vouch for
/// is refused.
struct FolderEventsTests {
    private func site() throws -> String {
        let root = TestFolders.make("events")
        for folder in ["Content/releases/2026/harbor", "Templates/partials"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["Content/newsroom.yml", "Content/releases/2026/harbor/index.md", "Templates/partials/head.html"] {
            try write("first", to: root + "/" + file)
        }
        return root
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Each change is heard of once, read by the next call.
    @Test func everyKindOfChangeIsHeardOfOnce() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let events = try FolderEvents(siteRoot: root)
        #expect(!events.changed(), "nothing changed yet")
        let changes: [(String, () throws -> Void)] = [
            ("a file written deep down", { try self.write("second", to: root + "/Content/releases/2026/harbor/index.md") }),
            ("a template written", { try self.write("second", to: root + "/Templates/partials/head.html") }),
            ("the settings written", { try self.write("second", to: root + "/Content/newsroom.yml") }),
            ("a file's time changed", { try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: root + "/Content/newsroom.yml") }),
            ("a file added", { try self.write("new", to: root + "/Content/releases/2026/added.md") }),
            ("a file renamed", { try FileManager.default.moveItem(atPath: root + "/Content/releases/2026/added.md", toPath: root + "/Content/releases/2026/moved.md") }),
            ("a file removed", { try FileManager.default.removeItem(atPath: root + "/Content/releases/2026/moved.md") }),
            ("a folder added", { try FileManager.default.createDirectory(atPath: root + "/Content/releases/2027", withIntermediateDirectories: false) }),
            ("a folder removed", { try FileManager.default.removeItem(atPath: root + "/Content/releases/2027") }),
        ]
        for (change, make) in changes {
            try make()
            #expect(events.changed(), "\(change)")
            #expect(!events.changed(), "\(change), read once")
        }
    }

    /// Outputs and caches beside the inputs are written by every build: they must not start one.
    @Test func changesBesideTheInputsAreNotHeardOf() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let events = try FolderEvents(siteRoot: root)
        try FileManager.default.createDirectory(atPath: root + "/public/releases", withIntermediateDirectories: true)
        try write("page", to: root + "/public/releases/index.html")
        try write("notes", to: root + "/README.md")
        #expect(!events.changed())
    }

    /// A folder made after the watches were placed is watched from the next `place()`, and
    /// `Content/` removed and made again is watched again.
    @Test func foldersMadeLaterAreWatchedOncePlaced() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let events = try FolderEvents(siteRoot: root)
        try FileManager.default.createDirectory(atPath: root + "/Content/releases/2027/new", withIntermediateDirectories: true)
        #expect(events.changed())
        try events.place()
        try write("text", to: root + "/Content/releases/2027/new/index.md")
        #expect(events.changed(), "a file in a folder made after the first watches")

        try FileManager.default.removeItem(atPath: root + "/Content")
        #expect(events.changed(), "Content/ removed")
        try events.place()
        try FileManager.default.createDirectory(atPath: root + "/Content/releases", withIntermediateDirectories: true)
        #expect(events.changed(), "Content/ made again")
        try events.place()
        try write("text", to: root + "/Content/releases/again.md")
        #expect(events.changed(), "a file in the new Content/")
    }

    /// A link's target changes without an event: a site with one is refused, at the start or
    /// when the link appears later, and says which.
    @Test func aSymbolicLinkIsRefusedByName() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let elsewhere = root + "/photos"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        let events = try FolderEvents(siteRoot: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/Content/releases/2026/harbor/photos", withDestinationPath: elsewhere)
        #expect(events.changed())
        #expect(throws: FolderEvents.Unavailable.link("Content/releases/2026/harbor/photos")) { try events.place() }
        #expect(throws: FolderEvents.Unavailable.link("Content/releases/2026/harbor/photos")) { try FolderEvents(siteRoot: root) }

        let linkedTop = try site()
        defer { try? FileManager.default.removeItem(atPath: linkedTop) }
        try FileManager.default.moveItem(atPath: linkedTop + "/Templates", toPath: linkedTop + "/theme")
        try FileManager.default.createSymbolicLink(atPath: linkedTop + "/Templates", withDestinationPath: linkedTop + "/theme")
        #expect(throws: FolderEvents.Unavailable.link("Templates")) { try FolderEvents(siteRoot: linkedTop) }
    }

    /// A site with neither folder yet is watched for them to appear.
    @Test func aSiteWithoutItsFoldersHearsThemArrive() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for top in FolderEvents.tops { try FileManager.default.removeItem(atPath: root + "/" + top) }
        let events = try FolderEvents(siteRoot: root)
        try FileManager.default.createDirectory(atPath: root + "/Templates", withIntermediateDirectories: false)
        #expect(events.changed())
        try events.place()
        try write("page", to: root + "/Templates/base.html")
        #expect(events.changed())
    }
}
#endif
