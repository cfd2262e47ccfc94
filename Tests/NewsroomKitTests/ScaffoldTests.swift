import Foundation
@testable import NewsroomKit
import Testing

/// `newsroom init` and `newsroom new` on disk, and the sites they make, built end to end.
@Suite struct ScaffoldTests {
    static let now = "2026-05-01T14:00:00Z"
    static let clock = Clock(now: Fixtures.date(now))

    /// A new site in a new folder (its parents made too), with the files it reports.
    static func newSite(_ label: String) throws -> String {
        let site = Fixtures.temporaryDirectory(label) + "/sites/new"
        let written = try Scaffold.newSite(at: site, timeZone: "America/New_York", clock: clock)
        #expect(written == [
            ".gitignore", ".github/workflows/newsroom.yml", ".gitlab-ci.yml", "Content/newsroom.yml", "Content/media/logo.svg", "Content/pages/media-kit.md",
            "Content/releases/2026/2026-05-01-example-organization-opens-its-newsroom.md",
        ])
        return site
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// `init` then a strict build: it succeeds with no warning, and every part of the scaffold shows.
    @Test func aNewSiteBuildsAtOnceWithoutAWarning() throws {
        let site = try Self.newSite("init")
        let output = Fixtures.temporaryDirectory("init-out") + "/public"
        let report = try Fixtures.build(site, output: output, now: Self.now, strict: true)
        #expect(report.diagnostics == [])
        #expect(report.publishedReleases == 1)
        let tree = OutputTree(output)
        let release = try #require(tree.text("releases/2026/example-organization-opens-its-newsroom/index.html"))
        #expect(release.contains("<h1 class=\"release__title\">Example Organization opens its newsroom</h1>"))
        #expect(release.contains("Press Office"))
        #expect(release.contains("<span class=\"dateline__place\">SPRINGFIELD</span>"))
        #expect(tree.text("media-kit/index.html")?.contains("href=\"/media/logo.svg\"") == true)
        #expect(tree.files["media/logo.svg"] != nil)
        #expect(tree.files["tags/newsroom/index.html"] != nil && tree.files["tags/announcements/index.html"] != nil)
        #expect(tree.text("index.html")?.contains("<img class=\"brand__logo\" src=\"/media/logo.svg\" alt=\"Example Organization\">") == true)
    }

    /// Every key the settings loader knows is in the scaffold's settings, each under a comment.
    @Test func theSettingsHoldEveryKeyWithAComment() throws {
        let settings = try #require(Self.text(try Self.newSite("keys") + "/Content/newsroom.yml"))
        let lines = settings.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for key in ConfigLoader.knownKeys {
            let index = try #require(lines.firstIndex { $0.hasPrefix(key + ":") }, "\(key) missing")
            #expect(lines[index - 1].hasPrefix("#"), "\(key) has no comment")
        }
        for key in ["name", "url", "about", "logo"] { #expect(settings.contains("\n  \(key):"), "organization.\(key)") }
        for key in ["name", "title", "organization", "phone", "email"] { #expect(settings.contains("\n    \(key):"), "contact \(key)") }
        #expect(settings.contains("\n  unsafe_html: false\n"))
        #expect(settings.contains("\ntimezone: America/New_York\n"))
    }

    @Test func initRefusesAFolderThatIsNotEmptyOrAFile() throws {
        let folder = Fixtures.temporaryDirectory("busy")
        try "notes\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: ScaffoldError.site([.error(
            "is not empty (it holds notes.txt); newsroom init writes only into an empty or new folder, so that it replaces nothing",
            at: SourceLocation(path: folder))])) {
            try Scaffold.newSite(at: folder, timeZone: "UTC", clock: Self.clock)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["notes.txt"])
        #expect(throws: ScaffoldError.site([.error("is a file; newsroom init makes a site in an empty or new folder",
                                                   at: SourceLocation(path: folder + "/notes.txt"))])) {
            try Scaffold.newSite(at: folder + "/notes.txt", timeZone: "UTC", clock: Self.clock)
        }
        #expect(throws: ScaffoldError.request("--timezone: unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?")) {
            try Scaffold.newSite(at: folder + "/new", timeZone: "Europe/Berln", clock: Self.clock)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/new"))
        // An empty folder is fine.
        let empty = Fixtures.temporaryDirectory("empty")
        #expect(try Scaffold.newSite(at: empty, timeZone: "UTC", clock: Self.clock).count == 7)
    }

    /// `--ci` adds exactly the files asked for, each with its text from `CIScaffold`, and
    /// changes nothing else; `make check-workflows` checks the texts against their schemas.
    @Test(arguments: [
        (CIChoice.github, [".github/workflows/newsroom.yml"]),
        (.gitlab, [".gitlab-ci.yml"]),
        (.both, [".github/workflows/newsroom.yml", ".gitlab-ci.yml"]),
        (.none, []),
    ])
    func initWritesTheCIFilesAskedFor(choice: CIChoice, files: [String]) throws {
        let site = Fixtures.temporaryDirectory("ci-\(choice)") + "/site"
        let written = try Scaffold.newSite(at: site, timeZone: "UTC", ci: choice, clock: Self.clock)
        #expect(written == [".gitignore"] + files + [
            "Content/newsroom.yml", "Content/media/logo.svg", "Content/pages/media-kit.md",
            "Content/releases/2026/2026-05-01-example-organization-opens-its-newsroom.md",
        ])
        #expect(choice.paths == files)
        let onDisk = try #require(FileManager.default.enumerator(atPath: site)?.allObjects as? [String])
            .filter { !SiteFiles(root: site).isDirectory($0) }
        #expect(Set(onDisk) == Set(written))
        #expect(Self.text(site + "/.github/workflows/newsroom.yml") == (files.contains(CIScaffold.githubPath) ? CIScaffold.github : nil))
        #expect(Self.text(site + "/.gitlab-ci.yml") == (files.contains(CIScaffold.gitlabPath) ? CIScaffold.gitlab : nil))
        // The site still builds at once, the CI files beside it.
        let report = try Fixtures.build(site, output: Fixtures.temporaryDirectory("ci-out-\(choice)") + "/public", now: Self.now, strict: true)
        #expect(report.diagnostics == [])
    }

    /// The parts of the workflows that the publishing rules rest on, in the words they use.
    @Test func theWorkflowsCheckPublishAndSkipUnchangedDeploys() {
        for text in [CIScaffold.github, CIScaffold.gitlab] {
            #expect(text.contains("newsroom build --site . --strict"))
            #expect(text.contains("--report"))
            #expect(text.contains("jq -S .manifest"))
            #expect(text.contains("cmp -s manifest.sha256 .newsroom-deployed/manifest.sha256"))
            #expect(text.contains("NEWSROOM_REPO: \"\""))
            #expect(text.contains("NEWSROOM_VERSION: \"\""))
            #expect(!text.contains("\t"))
        }
        for action in ["actions/configure-pages@v5", "actions/upload-pages-artifact@v4", "actions/deploy-pages@v4",
                       "cron: \"*/10 * * * *\"", "pages: write", "id-token: write", "concurrency:"] {
            #expect(CIScaffold.github.contains(action), "\(action)")
        }
        #expect(CIScaffold.gitlab.contains("\npages:\n"))
        #expect(CIScaffold.gitlab.contains("paths: [public]"))
    }

    /// `new` then a build: the release shows with its hostile title, its tags and its date;
    /// an embargoed one is held until the clock passes it, and `--drafts` shows it with its banner.
    @Test func aNewReleaseRoundTripsThroughTheBuild() throws {
        let site = try Self.newSite("new")
        let title = "Acme: \"50%\" growth #1 — Café 🎉"
        let path = try Scaffold.newRelease(
            .init(title: "  \(title) ", date: "2026-04-20", tags: ["Finance, Q3: results"], category: "Results"),
            siteDirectory: site, clock: Self.clock)
        #expect(path == "Content/releases/2026/2026-04-20-acme-50-growth-1-cafe.md")
        let embargoed = try Scaffold.newRelease(
            .init(title: "Merger agreed", embargo: "2026-06-01T09:00:00"), siteDirectory: site, clock: Self.clock)
        #expect(embargoed == "Content/releases/2026/2026-06-01-merger-agreed.md")

        let output = Fixtures.temporaryDirectory("new-out") + "/public"
        let report = try Fixtures.build(site, output: output, now: Self.now, strict: true)
        #expect(report.diagnostics == [])
        #expect(report.withheld.map(\.release.sourcePath) == [embargoed])
        var tree = OutputTree(output)
        let page = try #require(tree.text("releases/2026/acme-50-growth-1-cafe/index.html"))
        #expect(page.contains("<h1 class=\"release__title\">Acme: “50%” growth #1 — Café 🎉</h1>"))
        #expect(page.contains("<time datetime=\"2026-04-20T00:00:00-04:00\">April 20, 2026</time>"))
        #expect(page.contains("href=\"/tags/q3-results/\">Q3: results</a>"))
        #expect(tree.files["tags/finance/index.html"] != nil && tree.files["tags/results/index.html"] != nil)
        #expect(tree.files["releases/2026/merger-agreed/index.html"] == nil)

        _ = try Fixtures.build(site, output: output, now: Self.now, drafts: true)
        tree = OutputTree(output)
        #expect(tree.text("releases/2026/merger-agreed/index.html")?.contains(
            "EMBARGOED until <time datetime=\"2026-06-01T09:00:00-04:00\">June 1, 2026, 09:00 EDT</time> (13:00 UTC)") == true)
        _ = try Fixtures.build(site, output: output, now: "2026-06-01T13:00:00Z")
        #expect(OutputTree(output).files["releases/2026/merger-agreed/index.html"] != nil)
    }

    /// A release whose slug is taken in its year folder, as a file of any date or as a bundle, is
    /// refused, and nothing is written.
    @Test func newNeverOverwrites() throws {
        let site = try Self.newSite("taken")
        let first = try Scaffold.newRelease(.init(title: "Plant opens"), siteDirectory: site, clock: Self.clock)
        try "---\ntitle: Mine\ndate: 2026-05-01\n---\nEdited.\n".write(toFile: site + "/" + first, atomically: true, encoding: .utf8)
        func refusal(at path: String) -> ScaffoldError {
            .site([.error("a release with the slug 'plant-opens' is already here; newsroom new never overwrites: edit this one, or choose another title or --slug",
                          at: SourceLocation(path: path))])
        }
        #expect(throws: refusal(at: first)) {
            try Scaffold.newRelease(.init(title: "Plant opens"), siteDirectory: site, clock: Self.clock)
        }
        #expect(throws: refusal(at: first)) {
            try Scaffold.newRelease(.init(title: "Plant  OPENS!", date: "2026-03-02", bundle: true), siteDirectory: site, clock: Self.clock)
        }
        #expect(Self.text(site + "/" + first) == "---\ntitle: Mine\ndate: 2026-05-01\n---\nEdited.\n")
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/releases/2026/plant-opens"))

        let bundle = try Scaffold.newRelease(.init(title: "Report", bundle: true), siteDirectory: site, clock: Self.clock)
        #expect(bundle == "Content/releases/2026/report/index.md")
        #expect(throws: ScaffoldError.site([.error(
            "a release with the slug 'report' is already here; newsroom new never overwrites: edit this one, or choose another title or --slug",
            at: SourceLocation(path: "Content/releases/2026/report"))])) {
            try Scaffold.newRelease(.init(title: "Report"), siteDirectory: site, clock: Self.clock)
        }
        // A bundle whose folder name starts with a date carries its slug in its front matter: the
        // file that is already there stops the second one.
        let dated = try Scaffold.newRelease(.init(title: "2026-04-30 results", bundle: true), siteDirectory: site, clock: Self.clock)
        #expect(throws: ScaffoldError.site([.error(
            "a release with the slug '2026-04-30-results' is already here; newsroom new never overwrites: edit this one, or choose another title or --slug",
            at: SourceLocation(path: dated))])) {
            try Scaffold.newRelease(.init(title: "2026-04-30 results", bundle: true), siteDirectory: site, clock: Self.clock)
        }
    }

    /// `new` outside a site says what `build` says there.
    @Test func newNeedsASite() throws {
        let folder = Fixtures.temporaryDirectory("nosite")
        #expect(throws: ScaffoldError.site([.error(
            "no Content/ folder here; is this a newsroom site? (`newsroom init DIR` makes a new site in an empty folder)",
            at: SourceLocation(path: "Content"))])) {
            try Scaffold.newRelease(.init(title: "X"), siteDirectory: folder, clock: Self.clock)
        }
        try FileManager.default.createDirectory(atPath: folder + "/Content", withIntermediateDirectories: true)
        #expect(throws: ScaffoldError.site([.error("missing site settings: create Content/newsroom.yml with title and base_url",
                                                   at: SourceLocation(path: "Content/newsroom.yml"))])) {
            try Scaffold.newRelease(.init(title: "X"), siteDirectory: folder, clock: Self.clock)
        }
        try "title: T\n".write(toFile: folder + "/Content/newsroom.yml", atomically: true, encoding: .utf8)
        #expect(throws: ScaffoldError.site([.error("missing required key 'base_url'", at: SourceLocation(path: "Content/newsroom.yml"))])) {
            try Scaffold.newRelease(.init(title: "X"), siteDirectory: folder, clock: Self.clock)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/Content/releases"))
    }
}
