import Foundation

/// A release or page the build must hold back, with every marker it must keep out of the output.
struct HeldItem {
    enum Kind: String, CaseIterable {
        case draft, embargoed, scheduled
        case draftPage = "draft page"
    }

    var kind: Kind
    var label: String
    /// Site-relative path of its Markdown file.
    var sourcePath: String
    /// Site-relative: `releases/2026/held-…/` or `held-…/`.
    var url: String
    var title: String
    var paragraphs: [String]
    /// Pages of the tags only this item uses: `tags/…-unit/`.
    var tagURLs: [String]
    var bundleFiles: [(name: String, bytes: Data)]
    var markers: [LeakMarker]
}

extension LeakSiteGenerator {
    /// Writes one held item's files into `files` and returns its description and markers.
    mutating func makeHeld(_ index: Int, kind: HeldItem.Kind, files: inout [String: Data]) -> HeldItem {
        let slugToken = token()
        let slug = chance(0.5) ? "held-\(slugToken)" : "\(slugToken)-notice"
        let titleToken = token()
        let title = heldTitle(token: titleToken)
        let paragraphTokens = (0..<int(1...3)).map { _ in token() }
        let paragraphs = paragraphTokens.map { paragraph(token: $0, vocabulary: LeakWords.held) }
        var front = ["title: " + Self.yaml(title)]

        if kind == .draftPage {
            let folder = chance(0.25) ? "company/" : ""
            let url = folder + slug + "/"
            let label = "draft page /\(url)"
            var markers: [LeakMarker] = []
            func mark(_ text: String, _ what: String) { markers.append(LeakMarker(text: text, what: "\(what) of the \(label)")) }
            mark(slugToken, "slug token"); mark(title, "title"); mark(titleToken, "title token")
            for (text, paragraphToken) in zip(paragraphs, paragraphTokens) { mark(text, "paragraph"); mark(paragraphToken, "paragraph token") }
            front.append("draft: true")
            if chance(0.5) {
                let descriptionToken = token()
                front.append("description: " + Self.yaml("Notes \(descriptionToken) for the \(pick(LeakWords.held)) desk"))
                mark(descriptionToken, "description token")
            }
            let path = "Content/pages/\(folder)\(slug).md"
            files[path] = Data(Self.release(front: front, paragraphs: paragraphs).utf8)
            return HeldItem(kind: kind, label: label, sourcePath: path, url: url, title: title, paragraphs: paragraphs, tagURLs: [],
                            bundleFiles: [], markers: markers)
        }

        let date: String
        switch kind {
        case .draft:
            date = "2026-\(Self.day(int(1...3)))-\(Self.day(int(1...10)))"
            front += ["date: \(date)", "draft: true"]
        case .embargoed:
            date = "2026-03-\(Self.day(int(1...10)))"
            front += ["date: \(date)", "embargo: " + pick(["2026-04-\(Self.day(int(1...28)))T09:00:00-04:00", "2026-03-15T00:00:01Z"])]
        case .scheduled, .draftPage:
            date = "2026-\(Self.day(int(5...11)))-\(Self.day(int(1...28)))"
            front.append("date: \(date)")
        }
        let isBundle = chance(0.4)
        let url = "releases/2026/\(slug)/"
        let label = "\(kind.rawValue) \(isBundle ? "bundle " : "")release /\(url)"
        var markers: [LeakMarker] = []
        func mark(_ text: String, _ what: String) { markers.append(LeakMarker(text: text, what: "\(what) of the \(label)")) }
        mark(slugToken, "slug token"); mark(title, "title"); mark(titleToken, "title token")
        for (text, paragraphToken) in zip(paragraphs, paragraphTokens) { mark(text, "paragraph"); mark(paragraphToken, "paragraph token") }

        let explicitSlug = chance(0.3)
        if explicitSlug { front.append("slug: \(slug)") }
        let folder = "Content/releases/2026/" + (explicitSlug ? "bundle-\(index)" : slug)
        let path = isBundle ? folder + "/index.md" : "Content/releases/2026/\(date)-\(explicitSlug ? "notice-\(index)" : slug).md"

        var tagNames: [String] = []
        var tagURLs: [String] = []
        for _ in 0..<int(1...2) {
            let tagToken = token()
            tagNames.append(tagToken.capitalized + " Ünit")
            tagURLs.append("tags/\(tagToken)-unit/")
            mark(tagToken, "tag token")
        }
        if chance(0.3) { tagNames.append("Research") }
        front.append("tags: [" + tagNames.map(Self.yaml).joined(separator: ", ") + "]")
        if chance(0.25) {
            let categoryToken = token()
            front.append("category: " + Self.yaml(categoryToken.capitalized + " Desk"))
            tagURLs.append("tags/\(categoryToken)-desk/")
            mark(categoryToken, "category token")
        }
        for (key, probability) in [("subtitle", 0.3), ("summary", 0.2), ("dateline", 0.2)] where chance(probability) {
            let fieldToken = token()
            front.append("\(key): " + Self.yaml("\(fieldToken.capitalized) \(words(3, from: LeakWords.held))"))
            mark(fieldToken, "\(key) token")
        }
        if chance(0.3) {
            let aliasToken = token()
            front.append("aliases: [" + pick(["/old/\(aliasToken)/", "/2026/\(aliasToken).html"]) + "]")
            mark(aliasToken, "alias token")
        }

        var image: String?
        var attachments: [String] = []
        var bundleFiles: [(name: String, bytes: Data)] = []
        if isBundle {
            let nameToken = token(), bytesToken = token()
            let name = "brief-\(nameToken).txt"
            let bytes = Data("Briefing \(bytesToken): \(words(6, from: LeakWords.held)).\n".utf8)
            bundleFiles.append((name, bytes))
            mark(nameToken, "bundle file name token"); mark(bytesToken, "bundle file bytes token")
            if chance(0.5) { attachments.append("{title: Briefing, file: \(name)}") }
            if chance(0.5) {
                let photoToken = token(), photoBytesToken = token()
                let photo = "photo-\(photoToken).svg"
                bundleFiles.append((photo, Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>\(photoBytesToken)</title></svg>\n".utf8)))
                mark(photoToken, "bundle image name token"); mark(photoBytesToken, "bundle image bytes token")
                image = photo
            }
            for file in bundleFiles { files[folder + "/" + file.name] = file.bytes }
        }
        if chance(0.35) {
            // A shared file that only this held release uses: it must not be published either.
            let mediaToken = token(), bytesToken = token()
            let asImage = image == nil && chance(0.5)
            let name = asImage ? "held-\(mediaToken).svg" : "kit-\(mediaToken).pdf"
            files["Content/media/" + name] = Data((asImage
                ? "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>\(bytesToken)</title></svg>\n"
                : "%PDF-1.4 fact sheet \(bytesToken) \(words(4, from: LeakWords.held))\n").utf8)
            mark(mediaToken, "held-only media file name token"); mark(bytesToken, "held-only media file bytes token")
            if asImage {
                image = "/media/" + name
            } else {
                let attachmentToken = token()
                attachments.append("{title: \(Self.yaml("Kit \(attachmentToken)")), file: \(name)}")
                mark(attachmentToken, "attachment title token")
            }
        }
        if let image {
            let altToken = token()
            front += ["image: \(image)", "image_alt: " + Self.yaml("Picture \(altToken)")]
            mark(altToken, "image_alt token")
        }
        if !attachments.isEmpty { front.append("attachments:\n" + attachments.map { "  - " + $0 }.joined(separator: "\n")) }
        files[path] = Data(Self.release(front: front, paragraphs: paragraphs).utf8)
        return HeldItem(kind: kind, label: label, sourcePath: path, url: url, title: title, paragraphs: paragraphs, tagURLs: tagURLs,
                        bundleFiles: bundleFiles, markers: markers)
    }
}
