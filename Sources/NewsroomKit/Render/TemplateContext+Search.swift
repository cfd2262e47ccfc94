import Foundation
import Markdown
import Templating

/// The values of the search index (`search.json`).
extension TemplateContext {
    /// A release as `search.json` sees it: as on list pages, plus `search_text`, the words of
    /// its body the index carries (`SearchText`).
    func searchRelease(_ index: Int) -> TemplateValue {
        guard case .object(var object) = releases[index] else { return releases[index] }
        object["search_text"] = .string(Self.searchText(of: plan.releases[index]))
        return .object(object)
    }

    static func searchText(of release: Release) -> String {
        SearchText.words(of: release.body.plainText,
                         besides: [release.title, release.summaryText ?? ""] + release.tagNames)
    }
}
