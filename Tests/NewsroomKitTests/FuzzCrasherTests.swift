import Foundation
import NewsroomKit
import Testing

/// Replays every input under `FuzzCrashers/` through the harness of the fuzz target named by its
/// prefix: `FuzzFrontMatter-*` through `FrontMatterFuzzHarness`, `FuzzPlanner-*` through
/// `PlannerFuzzHarness` (both files are symlinks to the fuzz targets' own). Each input once crashed
/// or hung the fuzzer, or is a hostile shape kept on purpose; each must now finish without crashing.
/// Keep a new one by copying the minimised crash file here as `<target>-<short-name>`.
@Suite struct FuzzCrasherTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("FuzzCrashers").path

    static let harnesses: [(prefix: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("FuzzFrontMatter-", FrontMatterFuzzHarness.run),
        ("FuzzPlanner-", PlannerFuzzHarness.run),
    ]

    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { !$0.hasPrefix(".") }
        .sorted()

    @Test func thereAreInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test func everyInputNamesAFuzzTarget() {
        let unknown = Self.inputs.filter { name in !Self.harnesses.contains { name.hasPrefix($0.prefix) } }
        #expect(unknown.isEmpty, "no harness for \(unknown)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: inputs)
    func replays(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        let harness = try #require(Self.harnesses.first { name.hasPrefix($0.prefix) })
        harness.run([UInt8](data))
    }
}

/// The planner harness must reach the planner: its committed seeds make sites whose releases and
/// pages all parse, and the planner plans them.
@Suite struct PlannerFuzzHarnessTests {
    static let seeds = Fixtures.repository.appendingPathComponent("seeds/fuzz/FuzzPlanner").path

    @Test(arguments: ["basic.txt", "years.txt", "raw-files.txt"])
    func seedsArePlanned(_ name: String) throws {
        let text = try String(contentsOfFile: Self.seeds + "/" + name, encoding: .utf8)
        let site = PlannerFuzzHarness.makeSite(from: text)
        let sources = PlannerFuzzHarness.files(from: text).keys.filter { $0.hasSuffix(".md") }
        #expect(site.releases.count + site.pages.count == sources.count, "\(sources.sorted())")
        #expect(PlannerFuzzHarness.plan(PublicationPolicy(clock: PlannerFuzzHarness.clock).apply(to: site)) != nil)
    }

    @Test func recordsBecomeFrontMatter() {
        let files = PlannerFuzzHarness.files(from: "t Research\nR 2026/trial.md\nb report.pdf\na /old/trial/\nP q\nm kit.pdf")
        #expect(files.keys.sorted() == [
            "Content/media/kit.pdf", "Content/pages/q.md", "Content/releases/2025/2025-06-01-first.md",
            "Content/releases/2026/trial/index.md", "Content/releases/2026/trial/report.pdf",
        ])
        #expect(files["Content/releases/2026/trial/index.md"]?.contains("aliases: [\"/old/trial/\"]") == true)
        #expect(files["Content/releases/2025/2025-06-01-first.md"]?.contains("tags: [\"Research\"]") == true)
    }
}
