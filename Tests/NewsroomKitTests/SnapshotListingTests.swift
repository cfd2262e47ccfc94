import Foundation
@testable import NewsroomKit
import Testing

/// The loader lists the site's folders from what the build's snapshot saw of them
/// (`InputSnapshot.takeSeeing`, `SiteFiles.Seen`) rather than looking every file up again.
@Suite struct SnapshotListingTests {
    /// A copy of the media-kit fixture (a dot file in `Content/media/`) with a bundle release,
    /// a nested folder of releases and a dot file among them.
    static func site() throws -> String {
        let site = try Fixtures.copy("media-kit")
        let bundle = site + "/Content/releases/2026/nested/2026-02-02-bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try "---\ntitle: A bundle\ndate: 2026-02-02\n---\nBody.\n".write(toFile: bundle + "/index.md", atomically: false, encoding: .utf8)
        try "data".write(toFile: bundle + "/data.csv", atomically: false, encoding: .utf8)
        try "x".write(toFile: site + "/Content/releases/.draft-notes.md", atomically: false, encoding: .utf8)
        return site
    }

    static func listing(_ files: SiteFiles, _ folder: String) -> (files: [String], signatures: [ContentCache.Signature], diagnostics: [String]) {
        var diagnostics = Diagnostics()
        let listed = files.listing(under: folder, threads: 2, diagnostics: &diagnostics)
        return (listed.map(\.path), listed.map(\.signature), diagnostics.all.map(\.description))
    }

    @Test func aListingFromTheSnapshotIsTheListingOfTheFolders() throws {
        let site = try Self.site()
        let root = SiteFiles(root: site).root
        let (_, seen) = try #require(InputSnapshot.takeSeeing(siteRoot: root, settledBefore: .max, threads: 2))
        #expect(seen.folder("Content/releases/2026/nested/2026-02-02-bundle") != nil)
        for folder in ["Content/releases", "Content/media", "Content/pages", "Templates"] where FileManager.default.fileExists(atPath: site + "/" + folder) {
            let looked = Self.listing(SiteFiles(root: site), folder)
            let fromSnapshot = Self.listing(SiteFiles(root: site, seen: seen), folder)
            #expect(fromSnapshot.files == looked.files, "\(folder)")
            #expect(fromSnapshot.signatures == looked.signatures, "\(folder)")
            #expect(fromSnapshot.diagnostics == looked.diagnostics, "\(folder)")
            #expect(!looked.files.contains { $0.split(separator: "/").contains { $0.hasPrefix(".") } }, "\(folder)")
        }

        // The listing is the snapshot's: a file made after it is not in it (the next build's
        // snapshot differs, so that build sees it).
        try "late".write(toFile: site + "/Content/media/late.txt", atomically: false, encoding: .utf8)
        #expect(!Self.listing(SiteFiles(root: site, seen: seen), "Content/media").files.contains("Content/media/late.txt"))
        #expect(Self.listing(SiteFiles(root: site), "Content/media").files.contains("Content/media/late.txt"))

        // Let go (the build does once the site is loaded), it holds nothing, and a listing
        // looks the files up again.
        seen.forget()
        #expect(seen.folder("Content/media") == nil)
        #expect(Self.listing(SiteFiles(root: site, seen: seen), "Content/media").files.contains("Content/media/late.txt"))
    }

    /// What a snapshot cannot vouch for gives no snapshot, so the loader looks the files up
    /// itself and reports them.
    @Test func aSymbolicLinkGivesNoSnapshotToListFrom() throws {
        let site = try Self.site()
        try FileManager.default.createSymbolicLink(atPath: site + "/Content/media/link.txt", withDestinationPath: site + "/Content/newsroom.yml")
        #expect(InputSnapshot.takeSeeing(siteRoot: SiteFiles(root: site).root, settledBefore: .max, threads: 1) == nil)
    }
}
