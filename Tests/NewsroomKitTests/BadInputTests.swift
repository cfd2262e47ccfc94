import Foundation
import TestFolders
import NewsroomKit
import Testing

/// Bad input must fail the build with exact diagnostics and leave the output alone.
///
/// Each case is a folder of `seeds/fixtures/bad/`: a small site (`Content/`, maybe `Templates/`),
/// `expected.txt` with the exact diagnostic lines, sorted as the tool sorts them, and, for cases
/// whose problem is only a warning, an empty file `strict` (build with `--strict`).
struct BadInputTests {
    /// `…/Tests/NewsroomKitTests/BadInputTests.swift` → `…/seeds/fixtures/bad`.
    static let fixturesDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds/fixtures/bad")

    static let caseNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: fixturesDirectory.appendingPathComponent("\(name)/expected.txt").path)
        }.sorted()
    }()

    /// 2026-01-01T00:00:00Z: every fixture release is dated before it.
    static let clock = Clock(now: Date(timeIntervalSince1970: 1_767_225_600))

    /// Files of a case folder that describe the case rather than belong to the site.
    static let caseFiles: Set<String> = ["expected.txt", "strict"]

    @Test func fixturesArePresent() {
        #expect(Self.caseNames.count >= 36, "found \(Self.caseNames.count) cases in \(Self.fixturesDirectory.path)")
    }

    @Test(arguments: caseNames)
    func badSiteFailsWithExactDiagnostics(_ name: String) throws {
        let fixture = Self.fixturesDirectory.appendingPathComponent(name)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let site = scratch.url.appendingPathComponent("site")
        let output = scratch.url.appendingPathComponent("out")
        try Self.copyTree(from: fixture, to: site, skipping: Self.caseFiles)

        let expectedText = try String(contentsOf: fixture.appendingPathComponent("expected.txt"), encoding: .utf8)
        var expected = expectedText.components(separatedBy: "\n")
        while expected.last == "" { expected.removeLast() }
        let strict = FileManager.default.fileExists(atPath: fixture.appendingPathComponent("strict").path)

        let options = BuildOptions(
            siteDirectory: site.path, outputDirectory: output.path, strict: strict, clock: Self.clock)
        do {
            let report = try Builder.build(options)
            Issue.record("""
                the build of '\(name)' succeeded but should fail; it reported:
                \(report.diagnostics.map(\.description).joined(separator: "\n"))
                """)
        } catch {
            #expect(error.diagnostics.map(\.description) == expected, "case \(name)")
            #expect(!error.errors.isEmpty, "case \(name): a failed build must report at least one error")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path), "case \(name): a failed build created the output folder")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(leftovers == ["site"], "case \(name): a failed build left files beside the output: \(leftovers)")
    }

    enum Breakage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// Fails while loading content.
        case releaseWithoutTitle
        /// Fails while rendering, the stage right before writing.
        case undefinedTemplateVariable
        /// Fails while planning (two pages, one URL), after a new release would have added pages.
        case duplicateSlug

        var testDescription: String { rawValue }
    }

    @Test(arguments: Breakage.allCases)
    func previousOutputSurvivesFailedBuild(_ breakage: Breakage) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let site = scratch.url.appendingPathComponent("site")
        let output = scratch.url.appendingPathComponent("out")
        try Self.write([
            "Content/newsroom.yml": """
                title: Example Newsroom
                base_url: https://newsroom.example.org/
                timezone: UTC
                organization:
                  name: Example Organization
                contacts:
                  press-office:
                    name: Press Office
                    email: press@example.org
                default_contacts: [press-office]

                """,
            "Content/releases/2025-06-01-launch.md": """
                ---
                title: Launch day
                date: 2025-06-01
                tags: [Research]
                ---
                We launch today.

                """,
            "Content/pages/about.md": """
                ---
                title: About us
                ---
                Who we are.

                """,
            "Content/media/fact-sheet.txt": "Facts.\n",
        ], into: site)

        let options = BuildOptions(siteDirectory: site.path, outputDirectory: output.path, clock: Self.clock)
        let report = try Builder.build(options)
        #expect(report.publishedReleases == 1)
        let before = try Self.snapshot(of: output)
        #expect(before.keys.contains("releases/2025/launch/index.html"))
        // The writer may keep a lock file beside the output; a failed build must add nothing there.
        let besideBefore = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()

        switch breakage {
        case .releaseWithoutTitle:
            try Self.write([
                "Content/releases/2025-06-01-launch.md": "---\ndate: 2025-06-01\n---\nWe launch today.\n",
                "Content/releases/2025-07-01-study.md": "---\ntitle: Study\ndate: 2025-07-01\n---\nResults.\n",
            ], into: site)
        case .undefinedTemplateVariable:
            try Self.write([
                "Templates/release.html": "{% extends \"base.html\" %}\n{% block content %}{{ relase.title }}{% endblock %}\n",
            ], into: site)
        case .duplicateSlug:
            try Self.write([
                "Content/releases/2025/launch.md": "---\ntitle: Launch again\ndate: 2025-08-01\ntags: [Policy]\n---\nAgain.\n",
            ], into: site)
        }
        do {
            _ = try Builder.build(options)
            Issue.record("the broken site built")
        } catch {
            #expect(!error.errors.isEmpty)
        }
        let after = try Self.snapshot(of: output)
        #expect(after.keys.sorted() == before.keys.sorted())
        for (path, bytes) in before where after[path] != bytes {
            Issue.record("\(path) changed after a failed build")
        }
        let besideAfter = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(besideAfter == besideBefore, "a failed build changed the files beside the output")
    }

    // MARK: - Helpers

    /// A fresh folder (`TestFolders`).
    struct Scratch {
        let url: URL

        init() throws {
            url = URL(fileURLWithPath: TestFolders.make("bad-input"))
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Copies a folder, recreating symbolic links as links (never following them).
    static func copyTree(from source: URL, to destination: URL, skipping skipped: Set<String> = []) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source.path).sorted() where !skipped.contains(name) {
            let from = source.appendingPathComponent(name)
            let to = destination.appendingPathComponent(name)
            let attributes = try manager.attributesOfItem(atPath: from.path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                try manager.createSymbolicLink(
                    atPath: to.path, withDestinationPath: try manager.destinationOfSymbolicLink(atPath: from.path))
            case .typeDirectory?:
                try copyTree(from: from, to: to)
            default:
                try Data(contentsOf: from).write(to: to)
            }
        }
    }

    static func write(_ files: [String: String], into root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Every regular file below `root`, by relative path, with its bytes.
    static func snapshot(of root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let manager = FileManager.default
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
            for name in try manager.contentsOfDirectory(atPath: directory.path) {
                let path = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    pending.append(path)
                } else {
                    files[path] = try Data(contentsOf: root.appendingPathComponent(path))
                }
            }
        }
        return files
    }
}
