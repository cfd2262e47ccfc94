import Foundation
import Markdown
@testable import NewsroomKit
import Testing

/// A release's long texts wait in a file between load and render (`BodyStore`): a text that is
/// cut short or changed there before a page reads it back stops the build with an error at the
/// release, writes nothing, and the next build parses the release again.
@Suite struct BodyStoreTests {
    enum Damage: CaseIterable { case truncated, flippedByte }

    @Test(arguments: Damage.allCases)
    func aTextDamagedBeforeItIsReadBackStopsTheBuild(damage: Damage) throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("texts")
        func options(_ output: String) -> BuildOptions {
            BuildOptions(siteDirectory: site, outputDirectory: work + "/" + output,
                         clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), cacheDirectory: work + "/cache")
        }
        // One session: the second build renders from the releases the first one loaded.
        let session = BuildSession(cacheDirectory: work + "/cache")
        session.textsKeptInMemory = 0
        _ = try session.build(options("first"))
        let kept = session.content.releases.values.map(\.release).sorted { $0.sourcePath < $1.sourcePath }
        let stored = try #require(kept.first?[dynamicMember: \.stored])
        switch damage {
        case .truncated:
            #expect(ftruncate(stored.html.store.descriptor, 0) == 0)
        case .flippedByte:
            var byte: UInt8 = 0
            #expect(pread(stored.html.store.descriptor, &byte, 1, off_t(stored.html.offset + 5)) == 1)
            byte ^= 0x20
            #expect(pwrite(stored.html.store.descriptor, &byte, 1, off_t(stored.html.offset + 5)) == 1)
        }

        let failure = #expect(throws: BuildFailure.self) { try session.build(options("second")) }
        // The site's own warnings come too; the errors are the damaged releases'.
        let errors = (failure?.diagnostics ?? []).filter { $0.severity == .error }
        let damaged = damage == .truncated ? kept.map(\.sourcePath) : [kept[0].sourcePath]
        #expect(Set(errors.map(\.location.path)) == Set(damaged))
        #expect(errors.allSatisfy { $0.message.contains("cannot be read back") }, "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: work + "/second/index.html"))

        // The releases are parsed again: the output is the first build's.
        _ = try session.build(options("second"))
        #expect(OutputTree(work + "/second") == OutputTree(work + "/first"))
    }

    @Test func aReleaseReadsBackTheTextsItStored() throws {
        let store = try #require(BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0))
        let site = try Fixtures.copy("basic")
        let (loaded, _) = SiteLoader.load(siteDirectory: site, baseURLOverride: nil)
        let release = try #require(loaded?.releases.first)
        var stored = release
        stored.storeTexts(in: store)
        #expect(stored[dynamicMember: \.stored] != nil)
        #expect(stored.outline.html.isEmpty && stored.outline.text.isEmpty && stored.outline.plainText.isEmpty)
        #expect(stored.body == release.body)
        #expect(stored.searchWords == release.searchWords)
        #expect(stored.bodyOpensWithParagraph == release.body.html.hasPrefix("<p>"))
        #expect(stored.outline.links == release.body.links)
    }

    @Test func textsWithinTheBudgetStayInMemory() throws {
        let site = try Fixtures.copy("basic")
        let (loaded, _) = SiteLoader.load(siteDirectory: site, baseURLOverride: nil)
        let releases = try #require(loaded?.releases)
        func size(_ release: Release) -> Int {
            [release.body.html, release.body.plainText, release.body.text, release.searchWords].reduce(0) { $0 + $1.utf8.count }
        }
        // Room for the first release's texts and not a byte more.
        let store = try #require(BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: size(releases[0])))
        var first = releases[0], second = releases[1]
        first.storeTexts(in: store)
        second.storeTexts(in: store)
        #expect(first[dynamicMember: \.stored] == nil && first.outline.html == releases[0].body.html)
        #expect(second[dynamicMember: \.stored] != nil && second.outline.html.isEmpty)
        #expect(second.body == releases[1].body)
        #expect(first.htmlDigest == releases[0].htmlDigest)
        var stored = releases[0]
        stored.storeTexts(in: try #require(BodyStore(cacheDirectory: nil, damage: BodyStore.Damage(), budget: 0)))
        // A digest is the same wherever the text is: fingerprints do not depend on it.
        #expect(stored.htmlDigest == first.htmlDigest && stored.wordsDigest == first.wordsDigest)
    }
}
