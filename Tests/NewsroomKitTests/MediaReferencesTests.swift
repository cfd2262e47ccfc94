import Foundation
@testable import NewsroomKit
import Testing

/// Which media files the published site refers to decides which files held releases keep to
/// themselves. Links are only resolved when their text may lead into `media/`
/// (`LinkTextFilter`): every spelling that resolves there must still count.
@Suite struct MediaReferencesTests {
    @Test func everySpellingOfALinkIntoMediaCounts() throws {
        let site = try Fixtures.copy("basic")
        let media = site + "/Content/media/"
        for name in ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "unused.png", "near.png"] {
            try Data("png".utf8).write(to: URL(fileURLWithPath: media + name))
        }
        try """
            ---
            title: Links into the media folder
            date: 2025-04-01
            slug: media-day
            ---
            [one](/media/a.png), [two](../../../media/b.png), [three](/%6Dedia/c.png),
            [four](/me%64ia/d.png#top), [five](/releases/2025/../../media/e.png?x=1),
            [six](<https://example.org/news/media/f.png>), [seven](/releases/2025/near.png),
            [eight](/medium/near.png).
            """.write(toFile: site + "/Content/releases/2025/2025-04-01-media-day.md", atomically: false, encoding: .utf8)
        let loaded = try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil).site)
        let found = MediaReferences(site: loaded).references(of: loaded)
        for name in ["a.png", "b.png", "c.png", "d.png", "e.png"] {
            #expect(found.contains(name), "\(name)")
        }
        for name in ["unused.png", "near.png"] {
            #expect(!found.contains(name), "\(name)")
        }
        // The fixture's own: the chart a release links to, the logo the settings name.
        #expect(found.isSuperset(of: ["chart.svg", "logo.svg"]))
    }

    @Test func aSiteWithoutMediaFilesRefersToNone() throws {
        let site = try Fixtures.copy("basic")
        try FileManager.default.removeItem(atPath: site + "/Content/media")
        let loaded = try #require(SiteLoader.load(siteDirectory: site, baseURLOverride: nil).site)
        #expect(MediaReferences(site: loaded).references(of: loaded).isEmpty)
    }
}
