import Foundation
@testable import NewsroomKit
import Testing

/// The README's examples, read from README.md itself: each settings example builds the example
/// release and page without an error or a warning, and the reference tables and the annotated
/// examples name every key the loaders read. An example is the fenced block right after its
/// `<!-- example: NAME -->` line; a table is the one right after `<!-- reference: NAME -->`.
@Suite struct ReadmeExamplesTests {
    static let readme = Fixtures.repository.appendingPathComponent("README.md").path
    static let now = "2026-03-15T00:00:00Z"

    struct ReadmeError: Error, CustomStringConvertible {
        var description: String
    }

    static func lines() throws -> [String] {
        try String(contentsOfFile: readme, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The index of the one line `<!-- kind: name -->`.
    static func marker(_ kind: String, _ name: String, in lines: [String]) throws -> Int {
        let marker = "<!-- \(kind): \(name) -->"
        let found = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == marker }
        guard found.count == 1 else {
            throw ReadmeError(description: "README.md has \(found.count) lines '\(marker)'; it needs exactly one")
        }
        return found[0]
    }

    /// The text of the fenced block right after `<!-- example: name -->`, without its fences.
    static func example(_ name: String) throws -> String {
        let lines = try lines()
        let start = try marker("example", name, in: lines) + 1
        guard start < lines.count, lines[start].hasPrefix("```"),
              let end = lines[(start + 1)...].firstIndex(where: { $0 == "```" }) else {
            throw ReadmeError(description: "README.md: no fenced block right after '<!-- example: \(name) -->'")
        }
        return lines[(start + 1)..<end].joined(separator: "\n") + "\n"
    }

    /// The first column of the table right after `<!-- reference: name -->`, without backticks.
    static func referenceKeys(_ name: String) throws -> [String] {
        let lines = try lines()
        let rows = lines[(try marker("reference", name, in: lines) + 1)...].prefix { $0.hasPrefix("|") }
        guard rows.count > 2 else {
            throw ReadmeError(description: "README.md: no table right after '<!-- reference: \(name) -->'")
        }
        return rows.dropFirst(2).map { row in
            let cell = row.split(separator: "|", omittingEmptySubsequences: false)[1]
            return cell.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
        }
    }

    /// The top-level keys of a YAML text, or of a file's front matter, as the build reads them.
    static func yaml(_ text: String, frontMatter: Bool) throws -> YAMLNode {
        let yaml = frontMatter ? try FrontMatterParser.split(text, path: "README.md").yaml : text
        let document = YAMLReader.parse(yaml, path: "README.md")
        guard let root = document.root, root.entries != nil, !document.diagnostics.hasErrors else {
            throw ReadmeError(description: "README.md: an example is not a YAML mapping: \(document.diagnostics.sorted)")
        }
        return root
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A site holding `settings`, the example release and the example page, and in
    /// `Content/media/` every file they name (the release's image and attachments, the logo),
    /// as a reader who follows the README would have them.
    static func site(settings: String) throws -> String {
        let site = Fixtures.temporaryDirectory("readme") + "/site"
        let release = try example("release")
        try write(settings, to: site + "/Content/newsroom.yml")
        try write(release, to: site + "/Content/releases/2015/2015-10-02-retrovirus-study.md")
        try write(try example("page"), to: site + "/Content/pages/media-kit.md")

        let front = try yaml(release, frontMatter: true)
        var named = [front["image"]?.scalarText].compactMap { $0 }
        named += (front["attachments"]?.items ?? []).compactMap { $0["file"]?.scalarText }
        let (config, _) = ConfigLoader.parse(settings, baseURLOverride: nil)
        if let logo = config?.organization.logo { named.append(logo) }
        for name in named where !name.lowercased().hasPrefix("http://") && !name.lowercased().hasPrefix("https://") {
            let relative = name.hasPrefix("/media/") ? String(name.dropFirst("/media/".count)) : name
            try write("The file \(relative) that README.md's examples name.\n", to: site + "/Content/media/" + relative)
        }
        return site
    }

    /// The example release is a draft under embargo: a build holds it, a preview shows it. Both
    /// build with no diagnostic at all, so a broken example (an unknown contact, a key the
    /// parser does not know, a link to nothing) fails here.
    @Test(arguments: ["smallest-config", "full-config"])
    func theSettingsBuildTheExampleReleaseAndPage(_ settings: String) throws {
        let site = try Self.site(settings: try Self.example(settings))
        for preview in [false, true] {
            let output = Fixtures.temporaryDirectory("readme-out") + "/public"
            let report: BuildReport
            do {
                report = try Fixtures.build(site, output: output, now: Self.now, drafts: preview)
            } catch {
                Issue.record("README.md's examples (\(settings), drafts: \(preview)) do not build:\n\(error)")
                continue
            }
            #expect(report.diagnostics.map(\.description) == [], "\(settings), drafts: \(preview)")
            #expect(report.publishedReleases + report.withheld.count == 1)
            if preview { #expect(report.publishedReleases == 1) }
            #expect(OutputTree(output).files["media-kit/index.html"] != nil)
        }
    }

    /// Each table names every key its loader reads, once.
    @Test func theReferenceTablesNameEveryKey() throws {
        let settings = ConfigLoader.knownKeys
            + ConfigLoader.organizationKeys.map { "organization.\($0)" }
            + ConfigLoader.contactKeys.map { "contacts.<id>.\($0)" }
            + ConfigLoader.markdownKeys.map { "markdown.\($0)" }
            + ReleaseSettings.keys.map { "release.\($0)" }
        #expect(try Self.referenceKeys("settings").sorted() == settings.sorted())
        #expect(try Self.referenceKeys("release").sorted() == ReleaseParser.knownKeys.sorted())
        #expect(try Self.referenceKeys("page").sorted() == PageParser.knownKeys.sorted())
    }

    /// The annotated examples hold every key: the release every front-matter key, the full
    /// settings every setting, of the organization and of a contact.
    @Test func theAnnotatedExamplesHoldEveryKey() throws {
        let release = try Self.yaml(try Self.example("release"), frontMatter: true)
        #expect((release.entries ?? []).map(\.key).sorted() == ReleaseParser.knownKeys.sorted())

        let settings = try Self.yaml(try Self.example("full-config"), frontMatter: false)
        #expect((settings.entries ?? []).map(\.key).sorted() == ConfigLoader.knownKeys.sorted())
        #expect((settings["organization"]?.entries ?? []).map(\.key).sorted() == ConfigLoader.organizationKeys.sorted())
        #expect((settings["release"]?.entries ?? []).map(\.key).sorted() == ReleaseSettings.keys.sorted())
        #expect((settings["markdown"]?.entries ?? []).map(\.key).sorted() == ConfigLoader.markdownKeys.sorted())
        let contactKeys = Set((settings["contacts"]?.entries ?? []).flatMap { ($0.value.entries ?? []).map(\.key) })
        #expect(contactKeys == Set(ConfigLoader.contactKeys))
    }
}
