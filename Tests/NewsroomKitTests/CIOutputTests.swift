import Foundation
@testable import NewsroomKit
import Testing

/// What CI reads: SHA-256, GitHub workflow commands and step summary, GitLab Code Quality, and
/// the publish report a scheduled job compares to decide whether to deploy.
struct CIOutputTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesTheStandardVectors(_ text: String, _ digest: String) {
        #expect(SHA256.hex(Array(text.utf8)) == digest)
    }

    @Test func sha256FedInPiecesEqualsOneGo() {
        let bytes = (0 ..< 1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var pieces = SHA256()
        var start = 0
        for size in [1, 63, 64, 65, 4096, 100_000] + Array(repeating: 300_000, count: 3) {
            let end = min(start + size, bytes.count)
            pieces.update(bytes[start ..< end])
            start = end
        }
        pieces.update(bytes[start...])
        #expect(pieces.finalizeHex() == SHA256.hex(bytes))
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func workflowCommandsAreEscapedAsTheRunnerReadsThem() {
        let diagnostic = Diagnostic.error("100% wrong:\nsecond line", at: SourceLocation(path: "Content/a, b: c.md", line: 3, column: 7))
        #expect(CIOutput.workflowCommand(diagnostic) == "::error file=Content/a%2C b%3A c.md,line=3,col=7::100%25 wrong:%0Asecond line")
        let warning = Diagnostic.warning("unknown key 'subtitel'", at: SourceLocation(path: "Content/x.md", line: 4, column: 1))
        #expect(CIOutput.workflowCommand(warning) == "::warning file=Content/x.md,line=4,col=1::unknown key 'subtitel'")
    }

    private func build(_ now: String) throws -> (BuildReport, String) {
        let output = Fixtures.temporaryDirectory("report") + "/public"
        return (try Fixtures.build(Fixtures.site("basic"), output: output, now: now), output)
    }

    @Test func theStepSummaryListsWhatIsHeldAndWhenItIsDue() throws {
        let (report, _) = try build("2026-03-15T00:00:00Z")
        #expect(CIOutput.stepSummary(report, seconds: 0.5) == """
            ### newsroom build

            Built 7 releases, 57 pages and 64 files in 0.50 s: 64 written, 0 unchanged.

            | Held back | State | Due (UTC) | Due (America/New\\_York) |
            |---|---|---|---|
            | `Content/releases/2026/embargoed-news/index.md` | embargoed | 2026-04-01T13:00:00Z | 2026-04-01T09:00:00-04:00 |
            | `Content/releases/2026/2026-05-05-scheduled.md` | scheduled | 2026-05-05T12:00:00Z | 2026-05-05T08:00:00-04:00 |
            | `Content/releases/2026/2026-03-01-draft.md` | draft | — | — |

            Next due: **2026-04-01T13:00:00Z**; rebuild then to publish it.

            **Warnings (1)**

            - `Content/releases/2025/2025-09-09-hostile.md:8:11` this raw HTML tag is removed (the text around it stays): '\\<script\\>'; write it in Markdown, or, if the HTML is trusted, set 'markdown: {unsafe\\_html: true}' in Content/newsroom.yml

            """)
        let failure = BuildFailure([.error("bad `title` | <b>", at: SourceLocation(path: "Content/x.md", line: 2, column: 8))])
        #expect(CIOutput.stepSummary(failure: failure) == """
            ### newsroom build failed

            The output folder was not changed.

            **Errors (1)**

            - `Content/x.md:2:8` bad \\`title\\` \\| \\<b\\>

            """)
    }

    @Test func codeQualityHasOneIssuePerDiagnostic() throws {
        let data = try CIOutput.codeQuality([.warning("broken link", at: SourceLocation(path: "Content/x.md", line: 9, column: 2))])
        let issues = try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(issues.count == 1)
        #expect(issues[0]["severity"] as? String == "minor")
        #expect(issues[0]["check_name"] as? String == "newsroom-warning")
        #expect((issues[0]["location"] as? [String: Any])?["path"] as? String == "Content/x.md")
        #expect(((issues[0]["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 9)
        #expect((issues[0]["fingerprint"] as? String)?.count == 64)
    }

    /// Publishing at the embargo minute: a release embargoed until T is in no output a minute
    /// before and in the output a minute after; two scheduled builds before T give the very same
    /// manifest, so the job deploys nothing until T.
    @Test func theManifestChangesOnlyWhenAnEmbargoLifts() throws {
        func report(_ now: String) throws -> [String: Any] {
            let (built, _) = try build(now)
            return try #require(JSONSerialization.jsonObject(with: PublishReport.json(built)) as? [String: Any])
        }
        let early = try report("2026-04-01T12:55:00Z"), late = try report("2026-04-01T12:59:00Z"), after = try report("2026-04-01T13:01:00Z")
        let earlyManifest = try #require(early["manifest"] as? [String: String])
        let lateManifest = try #require(late["manifest"] as? [String: String])
        let afterManifest = try #require(after["manifest"] as? [String: String])
        #expect(earlyManifest == lateManifest)
        #expect(lateManifest["releases/2026/embargoed-news/index.html"] == nil)
        #expect(afterManifest["releases/2026/embargoed-news/index.html"]?.count == 64)
        #expect(earlyManifest[OutputWriter.markerName] == nil)
        #expect(late["next_due"] as? String == "2026-04-01T13:00:00Z")
        #expect(after["next_due"] as? String == "2026-05-05T12:00:00Z")
        let held = try #require(late["withheld"] as? [[String: Any]])
        #expect(held.first?["path"] as? String == "Content/releases/2026/embargoed-news/index.md")
        #expect(held.first?["state"] as? String == "embargoed")
        #expect(held.first?["due"] as? String == "2026-04-01T13:00:00Z")
        #expect(late["releases"] as? Int == 7 && after["releases"] as? Int == 8)
        let digest = try SHA256.hex(Array(Data(contentsOf: URL(fileURLWithPath: try build("2026-04-01T13:01:00Z").1 + "/index.html"))))
        #expect(afterManifest["index.html"] == digest)
    }
}
