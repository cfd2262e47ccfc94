import Foundation
import Markdown
import Templating

/// Which files of `Content/media/` the site refers to, and from where: releases (image,
/// attachments, links in the body, text params), pages, the settings (logo, params) and the
/// site's own templates. A file that only held releases refer to is held with them.
struct MediaReferences {
    let mediaFiles: Set<String>
    let calendar: Calendar
    /// The folder of media files in the output, `media/`.
    private static let folder = Route.media("")
    /// A link leads into `media/` only if it may resolve to a path with `media` as a part.
    private let mediaLinks = LinkTextFilter(names: [Array(Self.folder.utf8.dropLast())])

    init(site: Site) {
        mediaFiles = Set(site.mediaFiles)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = site.config.timeZone
        self.calendar = calendar
    }

    /// Media files that at least one of `held` refers to and nothing in `published` does, sorted.
    func heldOnly(by held: [Release], published: Site) -> [WithheldMedia] {
        var heldBy: [String: [String]] = [:]
        for release in held {
            for file in files(of: release) { heldBy[file, default: []].append(release.sourcePath) }
        }
        guard !heldBy.isEmpty else { return [] }
        let publishedFiles = references(of: published)
        return heldBy.keys.sorted().filter { !publishedFiles.contains($0) }.map { path in
            WithheldMedia(path: path, heldBy: (heldBy[path] ?? []).sorted())
        }
    }

    func files(of release: Release) -> Set<String> {
        // A site without media files (many) refers to none; most releases link nowhere into
        // `media/`, and resolving each of their links was 5% of a one-release edit's CPU time
        // with a release held back, at 10,000 releases.
        guard !mediaFiles.isEmpty else { return [] }
        var found = Set<String>()
        for asset in [release.image].compactMap({ $0 }) + release.attachments.map(\.asset) {
            if case .media(let path) = asset { found.insert(path) }
        }
        let links = release.outline.links
        if !links.isEmpty {
            let url = Route.release(release, calendar: calendar)
            found.formUnion(linked(mediaLinks.mayResolve(url) ? links : links.filter { mediaLinks.mayResolve($0.destination) }, from: url))
        }
        found.formUnion(mentioned(in: .object(release.params)))
        return found
    }

    /// Everything the published site refers to.
    func references(of site: Site) -> Set<String> {
        guard !mediaFiles.isEmpty else { return [] }
        var found = Set<String>()
        for release in site.releases { found.formUnion(files(of: release)) }
        for page in site.pages {
            found.formUnion(linked(page.body.links, from: page.slug + "/"))
            found.formUnion(mentioned(in: .object(page.params)))
        }
        let organization = site.config.organization
        for text in [organization.logo.map { $0.hasPrefix("/") ? $0 : "/media/" + $0 }, organization.about].compactMap({ $0 }) {
            found.formUnion(mentioned(in: .string(text)))
        }
        found.formUnion(mentioned(in: .object(site.config.params)))
        for name in site.theme.siteTemplateNames.sorted() {
            if let text = try? site.theme.templates.text(of: name) { found.formUnion(mentioned(in: .string(text))) }
        }
        return found
    }

    private func linked(_ links: [MarkdownLink], from url: String) -> Set<String> {
        var found = Set<String>()
        for link in links {
            guard let target = LinkChecker.resolve(link.destination, from: url), target.hasPrefix(Self.folder) else { continue }
            let path = String(target.dropFirst(Self.folder.count))
            if mediaFiles.contains(path) { found.insert(path) }
        }
        return found
    }

    /// Media files named in text as `media/<path>` (a link, a template's `src`, a param).
    private func mentioned(in value: TemplateValue) -> Set<String> {
        switch value {
        case .string(let text), .safe(let text):
            var found = Set<String>()
            var rest = Substring(text)
            while let range = rest.range(of: Self.folder) {
                let path = rest[range.upperBound...].prefix { !$0.isWhitespace && !"\"'()<>?#`|{}".contains($0) }
                let decoded = path.removingPercentEncoding ?? String(path)
                if mediaFiles.contains(decoded) { found.insert(decoded) }
                rest = rest[range.upperBound...]
            }
            return found
        case .array(let items):
            return items.reduce(into: Set<String>()) { $0.formUnion(mentioned(in: $1)) }
        case .object(let object):
            return object.pairs.reduce(into: Set<String>()) { $0.formUnion(mentioned(in: $1.value)) }
        case .null, .bool, .int, .double:
            return []
        }
    }
}
