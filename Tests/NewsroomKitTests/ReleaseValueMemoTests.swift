import Foundation
@testable import NewsroomKit
import Testing

/// The digests of the release values are kept in the output's manifest from one build to the
/// next (`ReleaseValueMemo`): a build makes the values of only the releases its rendered pages
/// show, and a digest is trusted only under a key that covers all a value is made from.
@Suite struct ReleaseValueMemoTests {
    /// A copy of the `basic` fixture with 40 more releases, a few a month in 2023, and no search
    /// index unless `search` (it shows words of every release's body: a body edit renders it,
    /// and it shows every release).
    static func largerSite(search: Bool = false) throws -> String {
        let site = try Fixtures.copy("basic")
        let settings = site + "/Content/newsroom.yml"
        if !search {
            try (String(contentsOfFile: settings, encoding: .utf8) + "search: false\n").write(toFile: settings, atomically: false, encoding: .utf8)
        }
        let folder = site + "/Content/releases/2023"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for number in 1 ... 40 {
            let day = day(number)
            try """
            ---
            title: Field report \(number)
            date: \(day)
            tags: [\(["Research", "Grants", "Policy"][number % 3])]
            ---
            The team filed field report \(number), on [grants](/tags/grants/).
            """.write(toFile: folder + "/\(day)-report-\(number).md", atomically: false, encoding: .utf8)
        }
        return site
    }

    static func day(_ number: Int) -> String { String(format: "2023-%02d-%02d", number % 12 + 1, number % 27 + 1) }

    /// A build of `site` into `work`'s `public` folder, on 2 threads.
    static func options(_ site: String, _ work: String) -> BuildOptions {
        BuildOptions(siteDirectory: site, outputDirectory: work + "/public",
                     clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")), threads: 2)
    }

    /// Adds a paragraph at the end of the 18th release added to the site, once enough time has
    /// passed for its file's times to tell the change.
    static func append(_ paragraph: String, to site: String) throws {
        Thread.sleep(forTimeInterval: 0.04)
        let edited = site + "/Content/releases/2023/\(day(18))-report-18.md"
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        try (text + "\n\n" + paragraph + "\n").write(toFile: edited, atomically: false, encoding: .utf8)
    }

    static func session(_ cache: String) -> BuildSession {
        let session = BuildSession(cacheDirectory: cache)
        session.settleMargin = 20_000_000
        return session
    }

    @Test func aOneReleaseEditMakesOnlyTheValuesItsRenderedPagesShow() throws {
        let site = try Self.largerSite()
        let work = Fixtures.temporaryDirectory("value-memo")
        let options = Self.options(site, work)
        let first = try Self.session(work + "/cache").build(options)
        #expect(first.releaseValuesMade == first.publishedReleases, "a first build makes every value")
        #expect(first.publishedReleases > 40)

        try Self.append("A paragraph added later.", to: site)
        // A new session, as a new process: the digests come from the manifest in the cache folder.
        let before = FileState.read(work + "/public")
        let second = try Self.session(work + "/cache").build(options)
        let after = FileState.read(work + "/public")
        #expect(after.keys.filter { after[$0] != before[$0] }.sorted() == [
            "releases/2023/report-18/index.html", "releases/2023/report-18/release.txt",
            "tags/research/feed.json", "tags/research/feed.xml",
        ])
        // The release's page shows it, the releases before and after it and its related
        // releases; its tag's feeds show it and the other newest releases of the tag, in the
        // form feeds take, made apart. No list reads a body, so no list is rendered.
        #expect(second.releaseValuesMade > 0 && second.releaseValuesMade <= 12, "\(second.releaseValuesMade) values made")

        let clean = try Fixtures.build(site, output: work + "/clean", threads: 1)
        #expect(clean.releaseValuesMade == clean.publishedReleases)
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean"))
    }

    /// A body edit with a new word renders the search index, which shows every release: each
    /// release's value is made for it and let go, and the build keeps only the values of the
    /// other pages it renders (a first build, which renders every page, keeps them all).
    @Test func theSearchIndexLetsGoOfTheValuesItMakes() throws {
        let site = try Self.largerSite(search: true)
        let work = Fixtures.temporaryDirectory("value-memo-search")
        let options = Self.options(site, work)
        let first = try Self.session(work + "/cache").build(options)
        #expect(first.releaseValuesKept == first.publishedReleases)

        try Self.append("The zygomorphic flowers were counted again.", to: site)
        let before = FileState.read(work + "/public")
        let second = try Self.session(work + "/cache").build(options)
        let after = FileState.read(work + "/public")
        #expect(after["search.json"] != before["search.json"], "the new word is in the search index")
        #expect(second.releaseValuesMade == second.publishedReleases, "the search index shows every release")
        #expect(second.releaseValuesKept > 0 && second.releaseValuesKept <= 12, "\(second.releaseValuesKept) values kept")
        #expect(second.releaseValuesMadeAgain <= second.releaseValuesKept, "\(second.releaseValuesMadeAgain) made again")

        _ = try Fixtures.build(site, output: work + "/clean", threads: 1)
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean"))

        // A template of the site's own, even the 404 page's, moves the epoch: every page is
        // fingerprinted and rendered again, and the search index keeps what it makes for them
        // instead of letting the release pages make each value a second time.
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try "<!doctype html><title>Not found</title><p>Nothing is published here.</p>\n"
            .write(toFile: site + "/Templates/404.html", atomically: false, encoding: .utf8)
        let third = try Self.session(work + "/cache").build(options)
        #expect(third.pagesRendered * 2 > third.pages, "\(third.pagesRendered) of \(third.pages) pages rendered")
        #expect(third.releaseValuesKept == third.publishedReleases)
        #expect(third.releaseValuesMadeAgain == 0, "\(third.releaseValuesMadeAgain) values made twice")
        _ = try Fixtures.build(site, output: work + "/clean-templated", threads: 1)
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean-templated"))
    }

    /// A search index that sorts its entries by title reads the releases' values through a
    /// filter, then again in its loop: the output is the clean build's.
    @Test func aSearchIndexThatSortsItsEntriesIsTheCleanBuilds() throws {
        let site = try Self.largerSite(search: true)
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try """
        [{%- for entry in entries | sort(attribute="release.title") %}
        {"title": {{ entry.release.title | tojson }}, "url": {{ entry.release.url | tojson }}, "text": {{ entry.text | tojson }}}{% if not loop.last %},{% endif %}
        {%- endfor %}]
        """.write(toFile: site + "/Templates/search.json", atomically: false, encoding: .utf8)
        let work = Fixtures.temporaryDirectory("value-memo-sorted-search")
        let options = Self.options(site, work)
        _ = try Self.session(work + "/cache").build(options)
        try Self.append("The zygomorphic flowers were counted again.", to: site)
        let before = FileState.read(work + "/public")
        let second = try Self.session(work + "/cache").build(options)
        #expect(FileState.read(work + "/public")["search.json"] != before["search.json"])
        #expect(second.releaseValuesMade == second.publishedReleases)

        _ = try Fixtures.build(site, output: work + "/clean", threads: 1)
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean"))
        let index = try String(contentsOfFile: work + "/public/search.json", encoding: .utf8)
        #expect(index.contains("zygomorphic") && index.contains("Field report 18"))
    }

    /// A preview (`--drafts`, as `newsroom serve` builds) an hour later, after a body edit, makes
    /// only the values its rendered pages show and fingerprints only the pages that show the
    /// edited release: the clock moved, but no banner changed.
    @Test func aPreviewRebuildKnowsTheValuesWhoseBannersStay() throws {
        let site = try Self.largerSite()
        let work = Fixtures.temporaryDirectory("value-memo-preview")
        func options(_ now: String, output: String = "/public") -> BuildOptions {
            BuildOptions(siteDirectory: site, outputDirectory: work + output, includeDrafts: true,
                         clock: Clock(now: Fixtures.date(now)), threads: 2)
        }
        let first = try Self.session(work + "/cache").build(options("2026-03-15T00:00:00Z"))
        #expect(first.releaseValuesMade == first.publishedReleases)

        try Self.append("A paragraph added later.", to: site)
        let second = try Self.session(work + "/cache").build(options("2026-03-15T01:00:00Z"))
        #expect(second.releaseValuesMade > 0 && second.releaseValuesMade <= 12, "\(second.releaseValuesMade) values made")
        #expect(second.pagesFingerprinted * 4 < second.pages, "\(second.pagesFingerprinted) of \(second.pages) pages fingerprinted")
        let clean = try Builder.build(options("2026-03-15T01:00:00Z", output: "/clean"))
        #expect(clean.publishedReleases == second.publishedReleases)
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean"))
    }

    /// Each thing a release's value is made from changes the key its digests are kept under.
    @Test func theKeyCoversWhatAValueIsMadeFrom() throws {
        let site = try #require(SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site)
        let release = try #require(site.releases.first { $0.sourcePath.hasSuffix("bundle-release/index.md") })
        #expect(!release.images.isEmpty && !release.attachments.isEmpty)
        let input = Fingerprint.of(Data("input".utf8)), now = Fixtures.date("2026-03-15T00:00:00Z")
        let key = { (release: Release, input: Fingerprint, preview: Bool, now: Date) in
            ReleaseValueMemo.key(of: release, input: input, isPreview: preview, now: now)
        }
        let base = key(release, input, false, now)
        #expect(key(release, input, false, now) == base)
        #expect(key(release, Fingerprint.of(Data("other".utf8)), false, now) != base)
        // Outside a preview the clock shows in no value: it is not in the key.
        #expect(key(release, input, false, now.addingTimeInterval(86_400)) == base)
        let preview = key(release, input, true, now)
        #expect(preview != base)
        // In a preview the clock decides a banner, and only that: the key follows the banner.
        #expect(key(release, input, true, now.addingTimeInterval(86_400)) == preview, "a published release has no banner")
        let embargoed = try #require(site.releases.first { $0.sourcePath.hasSuffix("embargoed-news/index.md") })
        let embargo = try #require(embargoed.embargo)
        let held = key(embargoed, input, true, embargo.addingTimeInterval(-7_200))
        #expect(key(embargoed, input, true, embargo.addingTimeInterval(-3_600)) == held, "held either way, due at the same time")
        #expect(key(embargoed, input, true, embargo.addingTimeInterval(1)) != held, "the embargo lifted")
        var drafted = embargoed
        drafted[dynamicMember: \Release.Fields.draft] = true
        #expect(key(drafted, input, true, embargo.addingTimeInterval(-3_600)) != held)
        var moved = embargoed
        moved[dynamicMember: \Release.Fields.embargo] = embargo.addingTimeInterval(60)
        #expect(key(moved, input, true, embargo.addingTimeInterval(-3_600)) != held, "due a minute later")

        var resized = release
        resized.images[0].file.image?.size.width += 1
        #expect(key(resized, input, false, now) != base)
        var retyped = release
        retyped.images[0].file.image?.mediaType = "image/png"
        #expect(key(retyped, input, false, now) != base)
        var regrown = release
        regrown.images[0].file.bytes += 1
        #expect(key(regrown, input, false, now) != base)
        var unheroed = release
        unheroed.images[0].isHero.toggle()
        #expect(key(unheroed, input, false, now) != base)
        var attachment = release
        attachment.attachments[0].size = (attachment.attachments[0].size ?? 0) + 1
        #expect(key(attachment, input, false, now) != base)
        var fewer = release
        fewer.images.removeAll()
        #expect(key(fewer, input, false, now) != base)
    }

    /// The key hashes what a build reads of a release's files field by field: a new field of these
    /// types must be added to `ReleaseValueMemo.key` when a release's value shows it.
    @Test func theKeyKnowsEveryFieldReadFromFiles() throws {
        let file = MediaFile(path: "a.svg", bytes: 1, image: ImageInfo(size: ImageSize(width: 1, height: 1), mediaType: "image/svg+xml"))
        let labels = { (value: Any) in Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(labels(ReleaseImage(asset: .media(relativePath: "a.svg"), isHero: true, file: file)) == ["asset", "isHero", "file"])
        #expect(labels(file) == ["path", "bytes", "image"])
        #expect(labels(file.image!) == ["size", "mediaType"])
        #expect(labels(ImageSize(width: 1, height: 1)) == ["width", "height"])
        #expect(labels(Attachment(title: "a", asset: .media(relativePath: "a.svg"))) == ["title", "asset", "size"])
        // What the clock decides of a value in a preview, hashed field by field.
        #expect(labels(PreviewHold(try #require(SiteLoader.load(siteDirectory: Fixtures.site("basic"), baseURLOverride: nil).site).releases[0],
                                   now: Date(), isPreview: true)) == ["draft", "embargoed", "scheduled", "due"])
    }
}
