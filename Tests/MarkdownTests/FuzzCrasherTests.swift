import Foundation
import Testing

/// Replays every input under `FuzzCrashers/` through the `FuzzMarkdown` target's own harness
/// (`MarkdownFuzzHarness.swift` is a symlink to the fuzz target's file). Each input once crashed or
/// hung the fuzzer, or is a hostile shape kept on purpose; each must now finish without crashing.
/// Keep a new one by copying the minimised crash file here as `FuzzMarkdown-<short-name>`.
@Suite struct FuzzCrasherTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("FuzzCrashers").path

    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { !$0.hasPrefix(".") }
        .sorted()

    @Test func thereAreInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)), arguments: inputs)
    func replays(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        MarkdownFuzzHarness.run([UInt8](data))
    }
}
