import Foundation
@testable import NewsroomKit
import Templating

/// Runs one input through everything a content file goes through: strict UTF-8 decoding,
/// the front-matter split, the YAML reader, and release and page parsing (with the body's
/// Markdown) against a fixed in-memory config; then the same text as `newsroom.yml`.
/// Diagnostics are the expected outcome for most inputs; only a crash or a hang is a bug, or
/// front matter that the quick reader (`YAMLQuickReader`) reads otherwise than the library.
///
/// Shared by the `FuzzFrontMatter` target and `NewsroomKitTests` (a symlink), so every
/// kept crasher is replayed by `swift test` exactly as the fuzzer ran it.
enum FrontMatterFuzzHarness {
    static let context = ContentContext(
        config: NewsroomConfig(
            title: "Fuzz Newsroom", baseURL: "https://example.org/news/", basePath: "/news/", language: "en",
            timeZone: TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: 0)!,
            pagination: 10, description: "A newsroom for the fuzzer",
            organization: Organization(name: "Fuzz Inc.", url: "https://example.org/", about: "We *fuzz*."),
            contacts: [
                Contact(id: "press", name: "Press Office", email: "press@example.org"),
                Contact(id: "jane", name: "Jane Doe", title: "Spokesperson", phone: "+1 555 0100"),
            ],
            defaultContacts: ["press"], unsafeHTML: false, params: TemplateObject([])),
        mediaFiles: ["logo.png", "photos/launch.jpg", "study.pdf"])

    static func run(_ bytes: [UInt8]) {
        let text: String
        do {
            text = try TextDecoding.decode(Data(bytes), path: "Content/releases/2025-06-01-fuzz.md")
        } catch {
            return
        }
        if let split = try? FrontMatterParser.split(text, path: "Content/releases/2025-06-01-fuzz.md") {
            quickReadingAgrees(split)
        }
        _ = ReleaseParser.parse(text, path: "Content/releases/2025-06-01-fuzz.md", bundleDirectory: nil,
                                bundleFiles: [], context: context)
        _ = ReleaseParser.parse(text, path: "Content/releases/2025/fuzz/index.md",
                                bundleDirectory: "Content/releases/2025/fuzz",
                                bundleFiles: ["photo.jpg", "files/study.pdf"], context: context)
        _ = PageParser.parse(text, path: "Content/pages/company/about.md", context: context)
        _ = ConfigLoader.parse(text, baseURLOverride: nil)
    }

    /// What the quick reader of front matter reads, the YAML library reads the same.
    private static func quickReadingAgrees(_ split: FrontMatterParser.Split) {
        let path = "Content/releases/2025-06-01-fuzz.md"
        guard let quick = YAMLQuickReader.read(split.yaml, path: path, lineOffset: split.yamlLineOffset) else { return }
        let library = YAMLReader.parseWithLibrary(split.yaml, path: path, lineOffset: split.yamlLineOffset)
        precondition(library.root == quick && library.diagnostics.all.isEmpty,
                     "the quick reader and the library read \(split.yaml.debugDescription) differently")
    }
}
