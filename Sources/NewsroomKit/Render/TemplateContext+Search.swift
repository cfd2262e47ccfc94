import Foundation
import Markdown
import Templating

/// The values of the search index (`search.json`).
extension TemplateContext {
    /// One entry of `search.json`'s `entries`: `release`, the release as list pages show it
    /// (shared, not copied), and `text`, the words of its body the index carries (`SearchText`).
    func searchEntry(_ index: Int) -> TemplateValue {
        .object(TemplateObject([("release", releases[index]), ("text", .string(plan.releases[index].searchWords))]))
    }
}
