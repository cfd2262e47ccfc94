import Foundation
import Testing

/// `newsroom init` and `newsroom new` through the built binary: exit codes, printed paths, and
/// a scaffold that the binary then builds with `--strict`.
@Suite struct ScaffoldCommandTests {
    typealias CLI = CommandLineTests
    static let now = "2026-05-01T14:00:00Z"

    @Test func initThenBuildThenNew() throws {
        let site = CLI.temporary() + "/my site"
        let made = try CLI.run(["init", site, "--timezone", "America/New_York", "--now", Self.now])
        #expect(made.status == 0)
        #expect(made.stderr == "")
        let release = "Content/releases/2026/2026-05-01-example-organization-opens-its-newsroom.md"
        #expect(made.stdout.hasPrefix("""
            Made a newsroom in \(site):
              \(site)/.gitignore
              \(site)/.github/workflows/newsroom.yml
              \(site)/.gitlab-ci.yml
              \(site)/Content/newsroom.yml
              \(site)/Content/media/logo.svg
              \(site)/Content/pages/media-kit.md
              \(site)/\(release)

            Next:
            """))
        #expect(made.stdout.contains("  2. newsroom build --site '\(site)'\n"))
        #expect(made.stdout.contains("  3. newsroom serve --site '\(site)'\n"))
        #expect(made.stdout.contains("  5. Fill in NEWSROOM_REPO and NEWSROOM_VERSION in \(site)/.github/workflows/newsroom.yml and \(site)/.gitlab-ci.yml,\n"))

        let built = try CLI.run(["build", "--site", site, "--strict", "--now", Self.now])
        #expect(built.status == 0)
        #expect(built.stderr == "")
        #expect(built.stdout.hasPrefix("Built 1 release, "))

        let new = try CLI.run(["new", "Acme: \"50%\" growth", "--site", site, "--tags", "Finance, Growth", "--tags", "Q3",
                               "--now", "2026-05-02T03:00:00Z"])
        #expect(new.status == 0)
        #expect(new.stderr == "")
        #expect(new.stdout == "\(site)/Content/releases/2026/2026-05-01-acme-50-growth.md\n")
        let text = try String(contentsOfFile: site + "/Content/releases/2026/2026-05-01-acme-50-growth.md", encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Acme: \\\"50%\\\" growth\"\ndate: 2026-05-01\n"))
        #expect(text.contains("\ntags: [Finance, Growth, Q3]\ncontacts: [press-office]\n---\n"))

        let again = try CLI.run(["new", "Acme: 50% growth", "--site", site, "--bundle", "--now", Self.now])
        #expect(again.status == 1)
        #expect(again.stdout == "")
        #expect(again.stderr == "Content/releases/2026/2026-05-01-acme-50-growth.md:1:1: error: a release with the slug 'acme-50-growth' is already here; newsroom new never overwrites: edit this one, or choose another title or --slug\n")

        let rebuilt = try CLI.run(["build", "--site", site, "--strict", "--now", Self.now])
        #expect(rebuilt.status == 0)
        #expect(rebuilt.stdout.hasPrefix("Built 2 releases, "))
    }

    /// The path printed is the site folder as given, joined with one slash; a bundle is a folder.
    @Test func newPrintsThePathFromTheSiteFolderAsGiven() throws {
        let site = CLI.temporary() + "/site"
        #expect(try CLI.run(["init", site, "--timezone", "UTC", "--now", Self.now]).status == 0)
        let new = try CLI.run(["new", "Board named", "--site", site + "/", "--date", "2026-04-02", "--bundle"])
        #expect(new.status == 0)
        #expect(new.stdout == "\(site)/Content/releases/2026/board-named/index.md\n")
    }

    @Test(arguments: [
        (["new", "   "], "error: the title is empty; write one, such as newsroom new \"Example opens a plant in Ohio\"\n"),
        (["new", "a\nb"], "error: the title must be one line; it holds a line break (U+000A)\n"),
        (["new", "X", "--date", "2026-02-30"], "error: --date is not a real date: '2026-02-30' (February 2026 has 28 days)\n"),
        (["new", "!!!"], "error: the title has no letters or digits to make a file name and URL from; add --slug, such as --slug launch\n"),
    ])
    func aRequestThatCannotBeARelease(arguments: [String], stderr: String) throws {
        let site = CLI.temporary() + "/site"
        #expect(try CLI.run(["init", site, "--now", Self.now]).status == 0)
        let run = try CLI.run(arguments + ["--site", site])
        #expect(run.status == 64)
        #expect(run.stdout == "")
        #expect(run.stderr == stderr)
    }

    /// `--ci none` writes no CI file and prints no CI step; an unknown value is a usage error.
    @Test func initCIOption() throws {
        let site = CLI.temporary() + "/site"
        let made = try CLI.run(["init", site, "--ci", "none", "--now", Self.now])
        #expect(made.status == 0)
        #expect(!made.stdout.contains("NEWSROOM_REPO"))
        #expect(!FileManager.default.fileExists(atPath: site + "/.github") && !FileManager.default.fileExists(atPath: site + "/.gitlab-ci.yml"))
        let gitlab = try CLI.run(["init", site + "2", "--ci", "gitlab", "--now", Self.now])
        #expect(gitlab.status == 0)
        #expect(gitlab.stdout.contains("  5. Fill in NEWSROOM_REPO and NEWSROOM_VERSION in \(site)2/.gitlab-ci.yml,\n"))
        #expect(!FileManager.default.fileExists(atPath: site + "2/.github"))
        let wrong = try CLI.run(["init", site + "3", "--ci", "jenkins"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--ci"))
        #expect(!FileManager.default.fileExists(atPath: site + "3"))
    }

    @Test func newOutsideASiteAndInitIntoAFullFolderFail() throws {
        let folder = CLI.temporary()
        let new = try CLI.run(["new", "X", "--site", folder])
        #expect(new.status == 1)
        #expect(new.stderr == "Content:1:1: error: no Content/ folder here; is this a newsroom site? (`newsroom init DIR` makes a new site in an empty folder)\n")
        try "x".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        let initialized = try CLI.run(["init", folder])
        #expect(initialized.status == 1)
        #expect(initialized.stdout == "")
        #expect(initialized.stderr == "\(folder):1:1: error: is not empty (it holds README.md); newsroom init writes only into an empty or new folder, so that it replaces nothing\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["README.md"])
        let zone = try CLI.run(["init", folder + "/x", "--timezone", "Mars/Olympus"])
        #expect(zone.status == 64)
        #expect(zone.stderr == "error: --timezone: unknown time zone 'Mars/Olympus'; use an IANA name such as America/New_York\n")
    }
}
