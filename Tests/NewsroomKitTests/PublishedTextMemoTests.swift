import Foundation
@testable import NewsroomKit
import Testing

/// A build that holds a release back learns what the published site shows of it from every
/// release's text, and keeps that in the output's manifest (`LeakNeedles.PublishedText.Memo`):
/// the next build reads back only the texts of the releases edited since, and finds the same.
@Suite struct PublishedTextMemoTests {
    @Test func anEditReadsBackOneTextAndTheScanFindsTheSame() throws {
        let site = try Fixtures.copy("basic")
        let folder = URL(fileURLWithPath: site).deletingLastPathComponent().path
        let session = BuildSession(cacheDirectory: folder + "/cache")
        session.settleMargin = 20_000_000
        let options = BuildOptions(siteDirectory: site, outputDirectory: folder + "/public",
                                   clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: 2)
        func build() -> Result<BuildReport, BuildFailure> {
            Thread.sleep(forTimeInterval: 0.04)
            return Result { () throws(BuildFailure) in try session.build(options) }
        }
        // A published release quotes the held release's paragraph: shown on purpose, no leak.
        let quoting = site + "/Content/releases/2026/2026-03-12-quote.md"
        try "---\ntitle: A release that quotes\ndate: 2026-03-12\n---\nAs said: Embargoed text MARKER-EMBARGO-BODY-19c2.\n"
            .write(toFile: quoting, atomically: false, encoding: .utf8)
        let edited = site + "/Content/releases/2026/2026-03-13-edited.md"
        func writeEdited(_ body: String) throws {
            try "---\ntitle: A release edited again and again\ndate: 2026-03-13\n---\n\(body)\n"
                .write(toFile: edited, atomically: false, encoding: .utf8)
        }
        try writeEdited("First words.")

        guard case .success(let first) = build() else { Issue.record("the site builds"); return }
        #expect(!first.withheld.isEmpty)
        #expect(first.publishedTextsRead == first.publishedReleases)

        try writeEdited("First words, then more.")
        guard case .success(let again) = build() else { Issue.record("the edited site builds"); return }
        #expect(again.publishedTextsRead == 1)

        // The edit shows the held title: found, as by a build that reads every text.
        try writeEdited("Coverage of Embargoed MARKER-EMBARGO-19c2 follows.")
        guard case .failure(let failure) = build() else { Issue.record("a held title in a published release fails the build"); return }
        #expect(failure.diagnostics.contains { $0.location.path.hasSuffix("embargoed-news/index.md") }, "\(failure.diagnostics)")

        // After the failed build (which left no manifest), the last good one's memo is used.
        try writeEdited("First words, then more again.")
        guard case .success(let after) = build() else { Issue.record("the site builds once more"); return }
        #expect(after.publishedTextsRead == 1)
    }

    /// The manifest keeps the memo, in the same bytes however its table was filled.
    @Test func theManifestKeepsTheMemo() throws {
        var manifest = OutputManifest()
        var releases: [Fingerprint: LeakNeedles.PublishedText.ReleaseText] = [:]
        for number in (0 ..< 40).reversed() {
            releases[Fingerprint(high: UInt64(number % 7), low: UInt64(number))] = .init(
                titles: number % 5 == 0 ? [0, 2] : [], runs: number % 3 == 0 ? [1, 4, 9] : [],
                head: Array("head \(number)".utf8), tail: number % 2 == 0 ? Array("tail \(number)".utf8) : nil)
        }
        manifest.publishedText = .init(needles: Fingerprint(high: 5, low: 6), releases: releases)
        let bytes = manifest.encoded()
        let read = try OutputManifest(decoding: BinaryReader(bytes))
        #expect(read.publishedText == manifest.publishedText)
        #expect(read.encoded() == bytes)
    }
}
