import Foundation
import TestFolders
import Testing

/// Runs the built `newsroom` binary and checks exit codes and output lines.
@Suite struct CommandLineTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func binary() throws -> URL {
        // The test bundle sits in the same build folder as the executable.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("newsroom")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let fallback = repository.appendingPathComponent(".build/debug/newsroom")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return fallback
    }

    /// Runs the binary with `NO_COLOR` set and no CI variables but those given.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CI"] { environment[name] = nil }
        environment.merge(extra) { _, given in given }
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporary() -> String {
        TestFolders.make("cli")
    }

    /// Run twice: the second build finds nothing changed (through the cache the first one left in
    /// the site's `.newsroom-cache/`), writes nothing and reports the same.
    static let removedScript = "this raw HTML tag is removed (the text around it stays): '<script>'; write it in Markdown, or, if the HTML is trusted, set 'markdown: {unsafe_html: true}' in Content/newsroom.yml"

    @Test func buildSucceedsAndReportsWhatItHeldBack() throws {
        let site = Self.temporary() + "/site"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        let output = site + "/public"
        for (round, written) in [(1, "64 written"), (2, "0 written")] {
            let run = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z"])
            #expect(run.status == 0)
            // The only warning: the fixture's hostile release has a <script> tag, removed.
            #expect(run.stderr == "Content/releases/2025/2025-09-09-hostile.md:8:11: warning: \(Self.removedScript)\n")
            #expect(run.stdout.hasPrefix("Built 7 releases, 57 pages, 64 files into \(output)"), "round \(round)")
            #expect(run.stdout.contains("(\(written),"), "round \(round): \(run.stdout)")
            // One summary line, with what is held counted; no progress line outside a terminal.
            #expect(run.stdout.split(separator: "\n").first?.hasSuffix("; held: 1 embargoed, 1 scheduled, 1 draft.") == true, "\(run.stdout)")
            #expect(!run.stdout.contains("\r") && !run.stdout.contains("Building…"))
            #expect(run.stdout.contains("""
            Held back 3 releases (in no output file):
              Content/releases/2026/embargoed-news/index.md: embargoed until 2026-04-01T13:00:00Z
              Content/releases/2026/2026-05-05-scheduled.md: scheduled for 2026-05-05T12:00:00Z
              Content/releases/2026/2026-03-01-draft.md: a draft
            """))
        }
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))
        #expect(FileManager.default.fileExists(atPath: site + "/.newsroom-cache"))
    }

    /// `--no-cache` leaves no cache folder behind; `--timings` names every stage of the build and
    /// counts the release values made and the pages fingerprinted.
    @Test func noCacheAndTimings() throws {
        let site = Self.temporary() + "/site"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        let run = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--no-cache", "--timings"])
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: site + "/.newsroom-cache"))
        // `   0.012 s     0.020 s CPU      24 MiB  load`: the stage's wall time, the CPU time of all
        // its threads, the peak memory at its end, its name.
        let lines = run.stdout.split(separator: "\n").filter { $0.contains(" MiB  ") }
        let stages = lines.map { $0.components(separatedBy: " MiB  ").last ?? "" }
        #expect(stages == ["check for changes", "read cache", "load", "plan", "templates and context", "render", "leak scan", "write", "save cache"])
        let columns = lines.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let cpu = columns.compactMap { $0.count > 4 && $0[3] == "s" && $0[4] == "CPU" ? Double($0[2]) : nil }
        #expect(cpu.count == stages.count && cpu.allSatisfy { $0 >= 0 }, "\(lines)")
        // Parsing and rendering take CPU time somewhere.
        #expect(cpu.reduce(0, +) > 0, "\(lines)")
        let peaks = columns.compactMap { $0.count > 6 && $0[6] == "MiB" ? Int($0[5]) : nil }
        #expect(peaks.count == stages.count && peaks.allSatisfy { $0 > 0 } && peaks == peaks.sorted(), "\(lines)")
        // Without a cache every release's value is made and kept, and no page is fingerprinted:
        // `10 of 10 release values made (10 kept), 0 of 41 pages fingerprinted`.
        let made = run.stdout.split(separator: "\n").first { $0.hasSuffix(" pages fingerprinted") }?.split(separator: " ")
        #expect(made.map {
            $0.count == 13 && $0[0] == $0[2] && Int($0[0])! > 0 && $0[6] == "(" + $0[0] && $0[8] == "0" && Int($0[10])! > 0
        } == true, "\(run.stdout)")
    }

    /// An empty cache folder would mean the current folder; one with --no-cache is a contradiction.
    @Test(arguments: [["--cache-dir", ""], ["--cache-dir", " "], ["--cache-dir", "x", "--no-cache"]])
    func aCacheFolderOptionThatMakesNoSenseIsACommandLineError(arguments: [String]) throws {
        let site = Self.repository.appendingPathComponent("seeds/fixtures/basic").path
        let output = Self.temporary() + "/public"
        let run = try Self.run(["build", "--site", site, "--output", output] + arguments)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: --cache-dir"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func badInputExitsNonZeroWithCompilerStyleDiagnostics() throws {
        let site = Self.temporary()
        try FileManager.default.createDirectory(atPath: site + "/Content/releases", withIntermediateDirectories: true)
        try "title: T\nbase_url: https://example.org/\n".write(toFile: site + "/Content/newsroom.yml", atomically: true, encoding: .utf8)
        try "---\ndate: 2015-02-30\n---\nBody\n".write(toFile: site + "/Content/releases/a.md", atomically: true, encoding: .utf8)
        let run = try Self.run(["build", "--site", site])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        // The smallest settings build, but a newsroom without boilerplate or contacts is warned about.
        #expect(run.stderr == """
        Content/newsroom.yml:1:1: warning: the newsroom has no boilerplate: add 'about:' under 'organization:', a short paragraph on who you are, printed as "About T" at the end of every release
        Content/newsroom.yml:1:1: warning: the newsroom lists no media contacts, so journalists find no one to call or write to: add one under 'contacts:' (name, phone, email) and name it in 'default_contacts:'
        Content/releases/a.md:2:1: error: missing required key 'title'
        Content/releases/a.md:2:7: error: 'date' is not a real date: '2015-02-30' (February 2015 has 28 days)
        error: build failed with 2 errors; the output folder was not changed

        """)
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test func rejectsAnUnreadableNowOption() throws {
        let run = try Self.run(["build", "--now", "yesterday"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: The value 'yesterday' is invalid for '--now <instant>': --now is not an instant: 'yesterday'; write a date, a time and an offset or Z, such as 2026-12-01T09:00:00-05:00 or 2026-12-01T14:00:00Z\n"))
    }

    /// `--now` is read by the same reader as content dates, and has no site time zone to fall back on.
    @Test(arguments: ["build", "schedule"], ["2026-12-01T09:00:00", "2026-12-01", "2026-12-01 09:00"])
    func nowWithoutAnOffsetIsACommandLineError(command: String, now: String) throws {
        let site = Self.repository.appendingPathComponent("seeds/fixtures/basic").path
        let output = Self.temporary() + "/public"
        let outputOption = command == "build" ? ["--output", output] : []
        let run = try Self.run([command, "--site", site] + outputOption + ["--now", now])
        #expect(run.status == 64)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("Error: The value '\(now)' is invalid for '--now <instant>': --now needs a time with an offset or Z, such as 2026-12-01T09:00:00-05:00 or 2026-12-01T14:00:00Z\n"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func nowWithAnOffsetIsTheSameInstantAsInUTC() throws {
        let site = Self.repository.appendingPathComponent("seeds/fixtures/basic").path
        let utc = try Self.run(["schedule", "--site", site, "--now", "2026-03-15T00:00:00Z"])
        let local = try Self.run(["schedule", "--site", site, "--now", "2026-03-14T20:00:00-04:00"])
        let farEast = try Self.run(["schedule", "--site", site, "--now", "2026-03-15T18:00:00+18:00"])
        #expect(utc.status == 0 && local.status == 0 && farEast.status == 0)
        #expect(local.stdout == utc.stdout)
        #expect(farEast.stdout == utc.stdout)
    }

    @Test func aBaseURLOptionPointingAtAnotherHostIsRefused() throws {
        let site = Self.repository.appendingPathComponent("seeds/fixtures/basic").path
        let output = Self.temporary() + "/public"
        let run = try Self.run(["build", "--site", site, "--output", output, "--now", "2026-03-15T00:00:00Z",
                                "--base-url", "https://x.org//evil.example/"])
        #expect(run.status == 1)
        #expect(run.stderr == """
        (command line):1:1: error: --base-url must be an absolute http(s) URL such as https://newsroom.example.org/; 'https://x.org//evil.example/' has an empty segment ('//') in its path
        error: build failed with 1 error; the output folder was not changed

        """)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func scheduleTellsCIWhenTheNextReleaseIsDue() throws {
        let site = Self.repository.appendingPathComponent("seeds/fixtures/basic").path
        let human = try Self.run(["schedule", "--site", site, "--now", "2026-03-15T00:00:00Z"])
        #expect(human.status == 0)
        #expect(human.stdout == """
        Next due: 2026-04-01T13:00:00Z (2026-04-01T09:00:00-04:00 America/New_York): Content/releases/2026/embargoed-news/index.md
        Rebuild with a UTC cron entry: 0 13 1 4 *
        Held back:
          Content/releases/2026/embargoed-news/index.md: embargoed until 2026-04-01T13:00:00Z
          Content/releases/2026/2026-05-05-scheduled.md: scheduled for 2026-05-05T12:00:00Z
          Content/releases/2026/2026-03-01-draft.md: draft

        """)
        let json = try Self.run(["schedule", "--site", site, "--now", "2026-04-02T00:00:00Z", "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["next_due"] as? String == "2026-05-05T12:00:00Z")
        #expect(object?["next_due_local"] as? String == "2026-05-05T08:00:00-04:00")
        #expect((object?["held"] as? [Any])?.count == 2)
    }

    /// `--quiet` prints nothing on success; warnings still go to standard error.
    @Test func quietPrintsOnlyProblems() throws {
        let site = Self.temporary() + "/site"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        let quiet = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--quiet", "--no-cache"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "")
        try "---\ntitle: Has a typo key\ndate: 2025-02-02\nsubtitel: oops\n---\nText.\n"
            .write(toFile: site + "/Content/releases/2025-02-02-typo.md", atomically: true, encoding: .utf8)
        let warned = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "-q", "--no-cache"])
        #expect(warned.status == 0)
        #expect(warned.stdout == "")
        #expect(warned.stderr.contains("Content/releases/2025-02-02-typo.md:4:1: warning:"), "\(warned.stderr)")
    }

    /// On GitHub Actions each diagnostic is also a workflow command, the summary goes to the
    /// step summary, and `--report` and `--report-codequality` write their files.
    @Test func githubActionsGetsAnnotationsASummaryAndReports() throws {
        let root = Self.temporary()
        let site = root + "/site"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        try "---\ntitle: Has a typo key\ndate: 2025-02-02\nsubtitel: oops\n---\nText.\n"
            .write(toFile: site + "/Content/releases/2025-02-02-typo.md", atomically: true, encoding: .utf8)
        let summary = root + "/summary.md"
        try "earlier step\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let run = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--no-cache",
                                "--report", root + "/report.json", "--report-codequality", root + "/quality.json"],
                               environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("::warning file=Content/releases/2025-02-02-typo.md,line=4,col=1::"), "\(run.stdout)")
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(written.hasPrefix("earlier step\n### newsroom build\n"))
        #expect(written.contains("**Warnings (2)**"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/report.json"))) as? [String: Any]
        #expect(report?["releases"] as? Int == 8)
        #expect((report?["manifest"] as? [String: String])?["index.html"]?.count == 64)
        let quality = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/quality.json"))) as? [[String: Any]]
        #expect(quality?.count == 2)

        // --diagnostics plain keeps the compiler format only, even on GitHub.
        let plain = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--no-cache", "--diagnostics", "plain", "-q"],
                                 environment: ["GITHUB_ACTIONS": "true"])
        #expect(plain.stdout == "")
        // A failed build annotates its errors too.
        try "---\ntitle: [broken\ndate: 2025-02-02\n---\n".write(toFile: site + "/Content/releases/2025-02-02-typo.md", atomically: true, encoding: .utf8)
        let failed = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--no-cache", "--diagnostics", "github"])
        #expect(failed.status == 1)
        #expect(failed.stdout.hasPrefix("::error file=Content/releases/2025-02-02-typo.md,line=2,col=8::malformed YAML"), "\(failed.stdout)")
    }

    /// A report inside the output folder would be deployed with the site: refused, in any spelling.
    @Test func aReportInsideTheOutputIsRefused() throws {
        let site = Self.temporary() + "/site"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("seeds/fixtures/basic").path, toPath: site)
        for file in [site + "/public/report.json", site + "/public/./x/../r.json", site + "/public"] {
            let run = try Self.run(["build", "--site", site, "--now", "2026-03-15T00:00:00Z", "--report", file])
            #expect(run.status == 64, "\(file)")
            #expect(run.stderr.contains("is inside the output folder"), "\(run.stderr)")
        }
        let quality = try Self.run(["build", "--site", site, "--output", site + "/out", "--report-codequality", site + "/out/q.json"])
        #expect(quality.status == 64)
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }
}
