import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// What planning keeps for the next build (`PlanMemo`): the same output paths are not walked
/// again for files in the way, and a release's links are checked again only when the release
/// or the site's paths change. Each incremental build here is compared with a clean one.
@Suite struct PlanMemoTests {
    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))

    struct Site {
        let root: String
        let work: String
        let session: BuildSession
        var step = 0

        init() throws {
            root = try ReleaseValueMemoTests.largerSite()
            work = Fixtures.temporaryDirectory("plan-memo")
            session = ReleaseValueMemoTests.session(work + "/cache")
        }

        func path(_ number: Int) -> String {
            root + "/Content/releases/2023/\(ReleaseValueMemoTests.day(number))-report-\(number).md"
        }

        func edit(_ number: Int, _ change: (String) -> String) throws {
            let text = try String(contentsOfFile: path(number), encoding: .utf8)
            // Older than the session's margin: the edit's file signature is trusted next time.
            Thread.sleep(forTimeInterval: 0.04)
            try change(text).write(toFile: path(number), atomically: false, encoding: .utf8)
        }

        /// An incremental build and a clean one of the same site: their warnings about the field
        /// reports (the fixture has warnings of its own), or their errors.
        mutating func build() throws -> (report: BuildReport?, diagnostics: [String]) {
            step += 1
            let options = BuildOptions(siteDirectory: root, outputDirectory: work + "/public", clock: PlanMemoTests.clock, threads: 2)
            var fresh = options
            fresh.outputDirectory = work + "/clean-\(step)"
            let clean = Result { () throws(BuildFailure) in try Builder.build(fresh) }
            let incremental = Result { () throws(BuildFailure) in try session.build(options) }
            switch (clean, incremental) {
            case (.success(let cleanReport), .success(let report)):
                #expect(report.diagnostics == cleanReport.diagnostics, "step \(step)")
                #expect(OutputTree(work + "/public").files == OutputTree(work + "/clean-\(step)").files, "step \(step)")
                return (report, report.diagnostics.map(\.description).filter { $0.contains("Content/releases/2023/") })
            case (.failure(let cleanFailure), .failure(let failure)):
                #expect(failure.diagnostics == cleanFailure.diagnostics, "step \(step)")
                return (nil, failure.diagnostics.map(\.description))
            default:
                Issue.record("step \(step): clean build \(clean), incremental build \(incremental)")
                return (nil, [])
            }
        }
    }

    /// A body edit checks the links of the edited release and of the standalone pages only, and
    /// does not walk the output paths again; a new release changes the paths, so all is checked.
    @Test func aBodyEditChecksOnlyItsOwnLinks() throws {
        var site = try Site()
        let first = try #require(try site.build().report)
        #expect(first.bodiesLinkChecked == first.bodies && first.outputNestingChecked)
        try site.edit(18) { $0 + "\nA new paragraph, on [policy](/tags/policy/).\n" }
        let edited = try #require(try site.build().report)
        // The edited release and the fixture's one standalone page.
        #expect(edited.bodiesLinkChecked == 2, "\(edited.bodiesLinkChecked) of \(edited.bodies)")
        #expect(!edited.outputNestingChecked)
        try """
        ---
        title: Field report 41
        date: 2023-11-20
        ---
        A new release.
        """.write(toFile: site.root + "/Content/releases/2023/2023-11-20-report-41.md", atomically: false, encoding: .utf8)
        let added = try #require(try site.build().report)
        #expect(added.bodiesLinkChecked == added.bodies && added.outputNestingChecked)
    }

    /// Related releases are taken from the last build while every release keeps its tags and its
    /// place, in the same session or a new one reading the manifest; a tag or a date changed
    /// works them out again. Each build's output is the clean build's (`Site.build`).
    @Test func relatedReleasesAreKeptWhileTheTagsStay() throws {
        var site = try Site()
        #expect(try #require(try site.build().report).relatedWorkedOut)
        try site.edit(18) { $0 + "\nA new paragraph.\n" }
        #expect(try #require(try site.build().report).relatedWorkedOut == false)
        try site.edit(18) { $0 + "\nAnother paragraph, read by a new session.\n" }
        let options = BuildOptions(siteDirectory: site.root, outputDirectory: site.work + "/public", clock: PlanMemoTests.clock, threads: 1)
        #expect(try ReleaseValueMemoTests.session(site.work + "/cache").build(options).relatedWorkedOut == false)
        try site.edit(11) { $0.replacingOccurrences(of: "tags: [", with: "tags: [Grants, ") }
        #expect(try #require(try site.build().report).relatedWorkedOut)
        try site.edit(4) { $0.replacingOccurrences(of: "date: 2023-", with: "date: 2022-") }
        #expect(try #require(try site.build().report).relatedWorkedOut)
        try site.edit(4) { $0 + "\nA last paragraph.\n" }
        #expect(try #require(try site.build().report).relatedWorkedOut == false)
    }

    /// Kept related releases are used only for the inputs they were worked out from, and only
    /// when every list names other releases of the site, each once, at most `RelatedReleases.limit`.
    @Test func keptRelatedReleasesAreCheckedBeforeUse() {
        let inputs = RelatedReleases.inputs(count: 3, lists: [[0, 1], [1, 2]])
        func memo(_ lists: [[Int]], _ digest: Fingerprint? = nil) -> PlanMemo {
            PlanMemo(claims: .zero, cleanLinks: [], related: PlanMemo.Related(inputs: digest ?? inputs, lists: lists))
        }
        #expect(memo([[1], [0, 2], [1]]).related(for: inputs, count: 3) == [[1], [0, 2], [1]])
        #expect(memo([[1], [0, 2], [1]]).related(for: inputs, count: 4) == nil)
        #expect(memo([[1], [0, 2]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[1], [0, 3], [1]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[1], [-1], [1]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[0], [0, 2], [1]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[1, 2, 1, 2], [0], [1]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[1, 1], [0], [1]]).related(for: inputs, count: 3) == nil)
        #expect(memo([[1], [0, 2], [1]], .zero).related(for: inputs, count: 3) == nil)
        #expect(PlanMemo(claims: .zero, cleanLinks: []).related(for: inputs, count: 3) == nil)
        // What they are worked out from: the count, and each list, in order.
        #expect(RelatedReleases.inputs(count: 4, lists: [[0, 1], [1, 2]]) != inputs)
        #expect(RelatedReleases.inputs(count: 3, lists: [[1, 2], [0, 1]]) != inputs)
        #expect(RelatedReleases.inputs(count: 3, lists: [[0], [1, 1, 2]]) != inputs)
    }

    /// A release not edited since its links were found clean loses the page it links to when
    /// another release moves: the move changes the site's paths, and its link is checked again.
    @Test func aLinkBrokenByAnotherReleaseMovingIsFound() throws {
        var site = try Site()
        // Report 7's page, from the year of its date (2023-08-08) and its file's name.
        try site.edit(3) { $0 + "\nSee [report 7](/releases/2023/report-7/).\n" }
        #expect(try site.build().diagnostics == [])
        try site.edit(7) { $0.replacingOccurrences(of: "date: 2023-08-08", with: "date: 2022-08-08") }
        let moved = try site.build()
        #expect(moved.diagnostics.count == 1)
        #expect(moved.diagnostics.first?.contains("report-3.md") == true)
        #expect(moved.diagnostics.first?.contains("broken internal link '/releases/2023/report-7/'") == true)
        #expect(moved.report?.bodiesLinkChecked == moved.report?.bodies)
    }

    /// A warning stays while its release is unchanged, through builds that check nothing else,
    /// and goes when the release is mended.
    @Test func aBrokenLinkIsToldInEveryBuildUntilMended() throws {
        var site = try Site()
        try site.edit(5) { $0 + "\nSee [the old page](/nowhere/).\n" }
        let first = try site.build()
        #expect(first.diagnostics.count == 1 && first.diagnostics[0].contains("/nowhere/"))
        try site.edit(9) { $0 + "\nAnother paragraph.\n" }
        let other = try site.build()
        #expect(other.diagnostics == first.diagnostics)
        #expect(other.report?.outputNestingChecked == false)
        try site.edit(5) { $0.replacingOccurrences(of: "/nowhere/", with: "/media-kit/") }
        #expect(try site.build().diagnostics == [])
    }

    /// A path that makes another release's file a folder is found in the build that adds it.
    @Test func aFileInTheWayIsFoundInAnIncrementalBuild() throws {
        var site = try Site()
        #expect(try site.build().report != nil)
        try site.edit(11) { $0.replacingOccurrences(of: "tags:", with: "aliases: [/media/chart.svg/extra]\ntags:") }
        let failed = try site.build()
        #expect(failed.report == nil)
        #expect(failed.diagnostics.contains { $0.contains("/media/chart.svg is a file, so nothing can be published below it") })
    }

    /// The claims' digest follows each part of a claim, and their order.
    @Test func theClaimsDigestCoversEveryPartOfAClaim() {
        typealias Claim = (String, NewsroomKit.SourceLocation, Bool, String?)
        func digest(_ claims: [Claim], threads: Int = 2) -> Fingerprint {
            var made = OutputClaims()
            for (path, origin, held, note) in claims { made.claim(path, by: origin, held: held, note: note) }
            return made.settled(threads: threads).digest
        }
        let a = NewsroomKit.SourceLocation(path: "a.md"), b = NewsroomKit.SourceLocation(path: "b.md")
        let base: [Claim] = [("x/index.html", a, false, nil), ("y/index.html", b, false, nil)]
        let variants: [[Claim]] = [
            [("x/index.html", a, false, nil), ("z/index.html", b, false, nil)],
            [("x/index.html", a, false, nil), ("y/index.html", a, false, nil)],
            [("x/index.html", a, false, nil), ("y/index.html", NewsroomKit.SourceLocation(path: "b.md", line: 2), false, nil)],
            [("x/index.html", a, false, nil), ("y/index.html", NewsroomKit.SourceLocation(path: "b.md", column: 3), false, nil)],
            [("x/index.html", a, false, nil), ("y/index.html", b, true, nil)],
            [("x/index.html", a, false, nil), ("y/index.html", b, false, "a note")],
            [("y/index.html", b, false, nil), ("x/index.html", a, false, nil)],
            [("x/index.html", a, false, nil)],
        ]
        #expect(digest(base) == digest(base))
        #expect(digest(base, threads: 1) == digest(base, threads: 2))
        for variant in variants { #expect(digest(variant) != digest(base), "\(variant)") }
    }

    /// The clean inputs are found by halving the sorted list: every one of them, and nothing
    /// else; a list read unsorted may miss one but never finds one that is not there.
    /// Claims a successful build checked are not checked path by path again; a clash still shows.
    @Test func claimsCheckedBeforeAreNotCheckedPathByPath() {
        var claims = OutputClaims()
        claims.claim("a/../b.html", by: NewsroomKit.SourceLocation(path: "Content/releases/x.md"))
        claims.claim("c.html", by: NewsroomKit.SourceLocation(path: "Content/releases/y.md"))
        claims.claim("c.html", by: NewsroomKit.SourceLocation(path: "Content/releases/z.md"))
        let full = claims.settled(threads: 1).conflicts(threads: 1)
        #expect(full.all.count == 2)
        #expect(full.all.contains { $0.message.contains("'..' part") })
        let known = claims.settled(threads: 1).conflicts(threads: 1, checkedBefore: true)
        #expect(known.all.count == 1)
        #expect(known.all.first?.message.contains("two pages have the URL /c.html") == true)
    }

    @Test func aCleanInputIsFoundByHalving() {
        var random = SeededRandom(seed: 12)
        let inputs = (0 ..< 500).map { _ in Fingerprint(high: random.next() % 40, low: random.next()) }
        let others = (0 ..< 500).map { _ in Fingerprint(high: random.next() % 40, low: random.next()) }
        let memo = PlanMemo(claims: .zero, cleanLinks: inputs)
        #expect(inputs.allSatisfy(memo.isClean))
        #expect(!others.contains(where: memo.isClean))
        #expect(!PlanMemo(claims: .zero, cleanLinks: []).isClean(inputs[0]))
        var unsorted = memo
        unsorted.cleanLinks = inputs
        #expect(!others.contains(where: unsorted.isClean))
    }

    /// The manifest keeps the memo, sorted whatever order its inputs came in.
    @Test func theManifestKeepsTheMemo() throws {
        var manifest = OutputManifest()
        manifest.plan = PlanMemo(claims: Fingerprint(high: 1, low: 2),
                                 cleanLinks: (0 ..< 50).map { Fingerprint(high: UInt64(($0 * 7) % 50), low: UInt64(100 - $0)) },
                                 related: PlanMemo.Related(inputs: Fingerprint(high: 3, low: 4), lists: [[1, 300], [], [0]]))
        #expect(manifest.plan?.cleanLinks == manifest.plan?.cleanLinks.sorted(by: PlanMemo.precedes))
        var bytes: [UInt8] = []
        manifest.encode { bytes += $0 }
        let read = try OutputManifest(decoding: BinaryReader(bytes, offset: 0))
        #expect(read.plan == manifest.plan)
        var again: [UInt8] = []
        read.encode { again += $0 }
        #expect(again == bytes)
    }
}
