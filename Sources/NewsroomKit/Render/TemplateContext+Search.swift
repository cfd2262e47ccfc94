import Foundation
import Markdown
import Templating

/// The values of the search index (`search.json`).
extension TemplateContext {
    /// One entry of `search.json`'s `entries`: `release`, the release as list pages show it
    /// (shared, not copied), and `text`, the words of its body the index carries (`SearchText`).
    /// The text is read back when the index is written, when it waits in a `BodyStore`.
    /// Without `keepingValue`, the release's value is made when the entry is read and not kept
    /// (`ReleaseValues.value(_:keeping:)`).
    func searchEntry(_ index: Int, keepingValue: Bool = true) -> TemplateValue {
        let release = plan.releases[index]
        var entry = TemplateObject([("release", keepingValue ? releases[index] : .null), ("text", .null)], sharing: SharedKeys.searchEntry)
        if !keepingValue {
            let releases = releases
            // Within one render, the same place is the same release.
            entry.setDeferred("release", DeferredValue(standIn: "\u{0}search-release:\(index)") { releases.value(index, keeping: false) })
        }
        let standIn = { @Sendable in
            let digest = release.wordsDigest
            return "\u{0}words:" + String(digest.high, radix: 16) + ":" + String(digest.low, radix: 16)
        }
        entry.setDeferred("text", DeferredValue(standIn: standIn) { .string(release.searchWords) })
        return .object(entry)
    }
}
