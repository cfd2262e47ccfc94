import Foundation
import Markdown
@testable import NewsroomKit
import Testing

/// `PageFingerprints` puts short stand-ins where a page's variables hold big values (a release,
/// a wire copy's body as text); a page whose stand-ins stay the same is not rendered again, so a
/// stand-in must change whenever what it stands for would print differently.
@Suite struct PageFingerprintTests {
    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))
    static let source = "Content/releases/2024/2024-01-15-alpha-launch.md"
    static let wireCopy = "releases/2024/alpha-launch/release.txt"
    static let page = "releases/2024/alpha-launch/index.html"

    /// Every page's fingerprint, and its variables as rendered, after `edit` of the release at `source`.
    static func pages(baseURL: String? = nil, readsBodies: Bool = true, _ edit: (inout Release) -> Void = { _ in })
        throws -> (fingerprints: [String: Fingerprint], texts: [String: String]) {
        let directory = Fixtures.site("basic")
        var site = try #require(SiteLoader.load(siteDirectory: directory, baseURLOverride: baseURL).site)
        let index = try #require(site.releases.firstIndex { $0.sourcePath == source })
        edit(&site.releases[index])
        let publication = BuildOptions(siteDirectory: directory, clock: clock).policy.apply(to: site)
        let plan = try #require(SitePlanner.plan(publication, clock: clock).plan)
        let renderer = try #require(SiteRenderer.make(plan: plan, clock: clock, isPreview: false).renderer)
        let fingerprints = PageFingerprints(context: renderer.context, environment: renderer.environment,
                                            timeZone: plan.site.config.timeZone, threads: 1)
        var result: (fingerprints: [String: Fingerprint], texts: [String: String]) = ([:], [:])
        for page in plan.pages {
            result.fingerprints[page.outputPath] = fingerprints.fingerprint(of: page, template: SiteRenderer.templateName(for: page.kind),
                                                                                  readsBodies: readsBodies)
        }
        for file in renderer.render(threads: 1).files {
            if case .bytes(let data) = file.content { result.texts[file.path] = String(decoding: data, as: UTF8.self) }
        }
        return result
    }

    /// The wire copy shows the body's text layout, which the release's value does not hold:
    /// its stand-in follows the text, where its links are, and the base they are resolved against.
    @Test func aWireCopysFingerprintFollowsTheBodysTextLayout() throws {
        let before = try Self.pages()
        let slots = try #require(before.texts[Self.wireCopy]).contains("https://example.org/news/releases/")
        #expect(slots, "the release has a root-relative link, resolved in its wire copy")

        let retold = try Self.pages { $0[dynamicMember: \Release.Fields.body].text += "\nA line only the wire copy shows.\n" }
        #expect(retold.texts[Self.wireCopy] != before.texts[Self.wireCopy])
        #expect(retold.fingerprints[Self.wireCopy] != before.fingerprints[Self.wireCopy])
        // The page's variables do not show the text layout: its fingerprint stays.
        #expect(retold.texts[Self.page] == before.texts[Self.page])
        #expect(retold.fingerprints[Self.page] == before.fingerprints[Self.page])

        let moved = try Self.pages {
            $0[dynamicMember: \Release.Fields.body].textLinkSlots = $0.outline.textLinkSlots.map { LinkSlot(offset: $0.offset, base: $0.base == .site ? .page : .site) }
        }
        #expect(moved.texts[Self.wireCopy] != before.texts[Self.wireCopy])
        #expect(moved.fingerprints[Self.wireCopy] != before.fingerprints[Self.wireCopy])

        let rebased = try Self.pages(baseURL: "https://example.com/press/")
        #expect(rebased.fingerprints[Self.wireCopy] != before.fingerprints[Self.wireCopy])

        // The same inputs give the same fingerprints: nothing is rendered again for nothing.
        #expect(try Self.pages().fingerprints == before.fingerprints)
    }

    /// A page that read no release's body is fingerprinted without them: a body edit leaves it
    /// alone, any other edit of the release does not, and the two ways never give one fingerprint.
    @Test func aPageFingerprintedWithoutBodiesIgnoresABodyEditOnly() throws {
        let index = "search.json"
        let editBody = { (release: inout Release) in release[dynamicMember: \Release.Fields.body].html += "<p>More.</p>" }
        let with = try Self.pages(), without = try Self.pages(readsBodies: false)
        #expect(with.fingerprints[index] != without.fingerprints[index])
        #expect(with.fingerprints.values.allSatisfy(PageFingerprints.readsBodies))
        #expect(!without.fingerprints.values.contains(where: PageFingerprints.readsBodies))

        #expect(try Self.pages(readsBodies: false, editBody).fingerprints[index] == without.fingerprints[index])
        #expect(try Self.pages(editBody).fingerprints[index] != with.fingerprints[index])
        let retitled = try Self.pages(readsBodies: false) { $0.shownTitle += " again" }
        #expect(retitled.fingerprints[index] != without.fingerprints[index])
    }
}

extension PageFingerprintTests {
    /// A sitemap is fingerprinted from each page's address and last change, not from the entries
    /// it shows: a release dated an hour later changes the sitemap and its fingerprint; a body
    /// edit changes neither.
    @Test func aSitemapsFingerprintFollowsItsEntries() throws {
        let before = try Self.pages()
        let sitemap = "sitemap.xml"
        let later = try Self.pages { $0[dynamicMember: \Release.Fields.date] += 3600 }
        #expect(later.texts[sitemap] != before.texts[sitemap])
        #expect(later.fingerprints[sitemap] != before.fingerprints[sitemap])
        let edited = try Self.pages { $0[dynamicMember: \Release.Fields.body].html += "<p>One more line.</p>" }
        #expect(edited.texts[sitemap] == before.texts[sitemap])
        #expect(edited.fingerprints[sitemap] == before.fingerprints[sitemap])
        #expect(edited.fingerprints[Self.page] != before.fingerprints[Self.page])
    }
}
