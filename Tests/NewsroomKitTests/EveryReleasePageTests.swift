import Foundation
@testable import NewsroomKit
import Testing

/// A page that lists every release (the search index, the sitemap) is fingerprinted by the
/// epoch and the digests of the releases' values (`PageFingerprints`), not by its variables:
/// whatever else it reads must still re-render it in the next build. Each incremental build
/// here is compared with a clean one (`PlanMemoTests.Site`).
@Suite struct EveryReleasePageTests {
    @Test(arguments: ["search.json", "sitemap.xml"])
    func aTemplateEditReachesThePageOfEveryRelease(template: String) throws {
        var site = try PlanMemoTests.Site()
        let settings = site.root + "/Content/newsroom.yml"
        try String(contentsOfFile: settings, encoding: .utf8).replacingOccurrences(of: "search: false", with: "search: true")
            .write(toFile: settings, atomically: false, encoding: .utf8)
        let output = site.work + "/public/" + (template == "search.json" ? Route.searchIndex : Route.sitemap)
        #expect(try site.build().report != nil)
        let before = try String(contentsOfFile: output, encoding: .utf8)

        // The template's own text, then the time zone that the `date` filter reads.
        let original = try String(contentsOfFile: Fixtures.repository.path + "/Templates/" + template, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: site.root + "/Templates", withIntermediateDirectories: true)
        Thread.sleep(forTimeInterval: 0.04)
        try (original + "\n\n").write(toFile: site.root + "/Templates/" + template, atomically: false, encoding: .utf8)
        #expect(try site.build().report?.filesWritten ?? 0 > 0)
        let edited = try String(contentsOfFile: output, encoding: .utf8)
        #expect(edited != before)

        Thread.sleep(forTimeInterval: 0.04)
        try String(contentsOfFile: settings, encoding: .utf8).replacingOccurrences(of: "timezone: America/New_York", with: "timezone: Pacific/Auckland")
            .write(toFile: settings, atomically: false, encoding: .utf8)
        #expect(try site.build().report != nil)
    }
}
