import Foundation
import Markdown
import Templating

/// The values of the search index (`search.json`).
extension TemplateContext {
    /// One entry of `search.json`'s `entries`: `release`, the release as list pages show it
    /// (shared, not copied), and `text`, the words of its body the index carries (`SearchText`).
    /// The text is read back when the index is written, when it waits in a `BodyStore`.
    func searchEntry(_ index: Int) -> TemplateValue {
        let release = plan.releases[index]
        var entry = TemplateObject([("release", releases[index]), ("text", .null)])
        let standIn = { @Sendable in
            let digest = release.wordsDigest
            return "\u{0}words:" + String(digest.high, radix: 16) + ":" + String(digest.low, radix: 16)
        }
        entry.setDeferred("text", DeferredValue(standIn: standIn) { .string(release.searchWords) })
        return .object(entry)
    }
}
