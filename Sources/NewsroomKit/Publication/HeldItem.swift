import Foundation
import Markdown

/// A release or page the build holds back, as the leak scan sees it: everything of it that
/// must not appear in any output file.
struct HeldItem: Sendable {
    var sourcePath: String
    /// "release" or "page".
    var noun: String
    var hold: PublicationPolicy.Hold
    var title: String
    /// The summary and every block of the body, as plain text.
    var paragraphs: [String]
    /// Site-relative URLs it owns: its page (and what lies below it, for a release: its
    /// bundle files), the pages of tags only held releases use, shared media only it uses.
    var urls: [HeldURL]
    /// Bundle files and held media files, with their bytes.
    var files: [(name: String, bytes: Data)]

    struct HeldURL: Sendable {
        /// "its URL", "the page of its tag 'X'", "its file media/x.svg".
        var what: String
        /// Site-relative, as the plan writes it: `releases/2026/x/`, `media/chart.svg`.
        var url: String
        /// Whether paths below it are its too (bundle files, later pages of a tag).
        var coversBelow: Bool
    }

    /// The held releases and pages of `publication`, with URLs from `plan` and file bytes from `read`.
    static func items(of publication: Publication, plan: SitePlan, read: (String) -> Data?) -> [HeldItem] {
        let publishedTags = Set(plan.tags.map(\.slug))
        var items: [HeldItem] = publication.withheld.map { held in
            let release = held.release
            let url = plan.url(of: release)
            var urls = [HeldURL(what: "its URL /\(url)", url: url, coversBelow: true)]
            for name in release.tagNames where !publishedTags.contains(Slug.make(name)) {
                let tag = Route.tag(Slug.make(name))
                urls.append(HeldURL(what: "the page of its tag '\(name)' /\(tag)", url: tag, coversBelow: true))
            }
            var files: [(String, Data)] = []
            if let bundle = release.bundleDirectory {
                for name in release.bundleFiles {
                    if let bytes = read(bundle + "/" + name) { files.append((name, bytes)) }
                }
            }
            var paragraphs = release.body(.plainText).plainText.split(separator: "\n").map(String.init)
            if let summary = release.summary { paragraphs.insert(summary, at: 0) }
            paragraphs += release.updates.map(\.rendered.plainText)
            return HeldItem(sourcePath: release.sourcePath, noun: "release", hold: held.hold, title: release.title,
                            paragraphs: paragraphs, urls: urls, files: files)
        }
        let indexByPath = Dictionary(items.indices.map { (items[$0].sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        for media in publication.withheldMedia {
            guard let owner = media.heldBy.first.flatMap({ indexByPath[$0] }) else { continue }
            let url = Route.media(media.path)
            items[owner].urls.append(HeldURL(what: "its file /\(url)", url: url, coversBelow: false))
            if let bytes = read("Content/media/" + media.path) { items[owner].files.append((media.path, bytes)) }
        }
        for page in publication.withheldPages {
            let url = page.slug + "/"
            items.append(HeldItem(
                sourcePath: page.sourcePath, noun: "page", hold: .draft, title: page.title,
                paragraphs: page.body.plainText.split(separator: "\n").map(String.init),
                urls: [HeldURL(what: "its URL /\(url)", url: url, coversBelow: false)], files: []))
        }
        return items
    }
}
