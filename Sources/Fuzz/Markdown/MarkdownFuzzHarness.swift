import Markdown

/// Renders one input as CommonMark through the cmark wrapper, in safe mode (with the
/// newsroom's base-path rewrite of root-relative links) and in unsafe mode. Any bytes
/// must render; only a crash or a hang is a bug.
///
/// Shared by the `FuzzMarkdown` target and `MarkdownTests` (a symlink), so every kept
/// crasher is replayed by `swift test` exactly as the fuzzer ran it.
enum MarkdownFuzzHarness {
    static let safe = MarkdownOptions(
        smartPunctuation: true, unsafeHTML: false, headingIDs: true,
        rewriteDestination: { destination, _ in
            guard destination.hasPrefix("/"), !destination.hasPrefix("//") else { return destination }
            return "/news/" + destination.dropFirst()
        })
    static let unsafe = MarkdownOptions(smartPunctuation: false, unsafeHTML: true, headingIDs: true)

    static func run(_ bytes: [UInt8]) {
        _ = Markdown.render(utf8: bytes, options: safe)
        _ = Markdown.render(utf8: bytes, options: unsafe)
    }
}
