import Foundation

/// A published release or page whose text the leak-inducing additions go into.
struct LeakCarrier {
    var path: String
    var url: String
    var title: String
    var front: [String]
    var paragraphs: [String]
}

/// Everything the variant with leak-inducing content adds to the clean site.
struct LeakAdditions {
    var kinds: [String] = []
    var singleUse: Set<String> = []
    var releaseParagraphs: [String] = []
    var releaseFront: [String] = []
    var releaseTitle: String?
    var pageParagraphs: [String] = []
    var configParams: [String] = []
    var footerLines: [String] = []
    var mediaCopies: [String: Data] = [:]
}

/// The published parts of a site that the variants share: settings, the carriers, templates.
struct SiteFrame {
    var baseURL: String
    var basePath: String
    var unsafeHTML: Bool
    var timeZone: String
    var pagination: Int
    var release: LeakCarrier
    var page: LeakCarrier?
    var templates: TemplateChoice

    /// The site's files: `base` (held items and neutral releases) plus settings, carriers and templates.
    func files(base: [String: Data], leaks: LeakAdditions?) -> [String: Data] {
        var files = base
        let leaks = leaks ?? LeakAdditions()
        var config = """
            title: Leak Property Newsroom
            base_url: \(baseURL)
            timezone: \(timeZone)
            pagination: \(pagination)
            organization:
              name: Example Foundation
              url: https://www.example.org/
              about: The foundation funds *research*.
            contacts:
              press:
                name: Press Office
                email: press@example.org
            default_contacts: [press]

            """
        if unsafeHTML { config += "markdown: {unsafe_html: true}\n" }
        if !leaks.configParams.isEmpty { config += "params:\n" + leaks.configParams.map { "  " + $0 + "\n" }.joined() }
        files["Content/newsroom.yml"] = Data(config.utf8)

        var front = ["title: " + LeakSiteGenerator.yaml(leaks.releaseTitle ?? release.title)] + release.front + leaks.releaseFront
        files[release.path] = Data(LeakSiteGenerator.release(front: front, paragraphs: release.paragraphs + leaks.releaseParagraphs).utf8)
        if let page {
            front = ["title: " + LeakSiteGenerator.yaml(page.title)] + page.front
            files[page.path] = Data(LeakSiteGenerator.release(front: front, paragraphs: page.paragraphs + leaks.pageParagraphs).utf8)
        }
        for (name, text) in templates.files(footerLines: leaks.footerLines) { files["Templates/" + name] = Data(text.utf8) }
        for (path, bytes) in leaks.mediaCopies { files[path] = bytes }
        return files
    }
}

extension LeakSiteGenerator {
    /// Adds one thing that makes a marker of `item` reach the output, and says what it is.
    mutating func addLeak(for item: HeldItem, into leaks: inout LeakAdditions, frame: inout SiteFrame) {
        var choices = ["link", "link", "title", "title", "paragraph", "front matter", "config", "template"]
        if !item.tagURLs.isEmpty { choices.append("tag link") }
        if !item.bundleFiles.isEmpty { choices.append("media copy") }
        if item.kind == .draftPage { choices.removeAll { $0 == "front matter" } }
        // One front-matter key and one setting per site: YAML refuses duplicate keys.
        choices.removeAll { leaks.singleUse.contains($0) }
        let choice = pick(choices)
        if choice == "front matter" { leaks.singleUse.insert(choice) }
        // Both write the one `coming_soon` setting.
        if choice == "config" || choice == "paragraph" { leaks.singleUse.formUnion(["config", "paragraph"]) }
        let onPage = frame.page != nil && chance(0.3)
        let carrier = (onPage ? frame.page : nil) ?? frame.release
        var paragraph: String?
        var kind: String

        switch choice {
        case "link", "tag link":
            let target = choice == "link" ? item.url : pick(item.tagURLs)
            let (spelling, markdown) = link(to: target, from: carrier.url, frame: frame)
            paragraph = markdown
            kind = "\(choice) (\(spelling)) to /\(target)"
        case "title":
            let (form, markdown) = quotedTitle(item.title)
            paragraph = pick(["Coming up: ", "We can now share "]) + markdown + pick([" (more soon).", ", as promised."])
            kind = "title quoted (\(form))"
        case "paragraph":
            // Body text a published release or page also contains is published on purpose (the
            // scan exempts it, README "Publication rules"); a setting that a template prints is not.
            let text = pick(item.paragraphs)
            let form = Self.hasPrecomposed(text) && chance(0.4) ? "NFD" : "as written"
            let quoted = form == "NFD" ? text.decomposedStringWithCanonicalMapping : text
            leaks.configParams.append("coming_soon: " + Self.yaml(quoted))
            if frame.templates.footer == nil { frame.templates.footer = pick(TemplateChoice.Filter.allCases) }
            kind = "newsroom.yml params quote a whole paragraph (\(form)), printed with \(frame.templates.footer?.rawValue ?? "?")"
        case "front matter":
            let field = pick(["title", "subtitle", "summary", "params"])
            let value = field == "params" && chance(0.4) ? frame.basePath + item.url : item.title
            switch field {
            case "title": leaks.releaseTitle = "Follow-up: " + value
            case "params":
                leaks.releaseFront.append("params: {teaser: \(Self.yaml(value))}")
                if frame.templates.release == nil { frame.templates.release = pick(TemplateChoice.Filter.allCases) }
            default: leaks.releaseFront.append("\(field): " + Self.yaml("Next: " + value))
            }
            let printed = field == "params" ? " printed with \(frame.templates.release?.rawValue ?? "?")" : ""
            kind = "published release's \(field) quotes the \(value == item.title ? "title" : "URL")\(printed)"
        case "config":
            let value = chance(0.4) ? frame.basePath + item.url : item.title
            leaks.configParams.append("coming_soon: " + Self.yaml(value))
            if frame.templates.footer == nil { frame.templates.footer = pick(TemplateChoice.Filter.allCases) }
            kind = "newsroom.yml params quote the \(value == item.title ? "title" : "URL"), printed with \(frame.templates.footer?.rawValue ?? "?")"
        case "template":
            if frame.templates.footer == nil { frame.templates.footer = pick(TemplateChoice.Filter.allCases) }
            if chance(0.5) {
                leaks.footerLines.append("<a href=\"{{ site.base_path }}\(item.url)\">Soon</a>")
                kind = "template links to the URL"
            } else {
                let filter = pick(TemplateChoice.Filter.allCases)
                let literal = "\"" + item.title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                leaks.footerLines.append(TemplateChoice.print(literal, filter))
                kind = "template prints the title with \(filter.rawValue)"
            }
        default:
            let file = pick(item.bundleFiles)
            leaks.mediaCopies["Content/media/copy-\(leaks.mediaCopies.count).txt"] = file.bytes
            kind = "copy of bundle file \(file.name) in Content/media"
        }
        if let paragraph {
            if onPage { leaks.pageParagraphs.append(paragraph) } else { leaks.releaseParagraphs.append(paragraph) }
            kind += onPage ? " in a published page" : " in a published release"
        }
        leaks.kinds.append("\(kind) → \(item.label)")
    }

    static func hasPrecomposed(_ text: String) -> Bool {
        text.decomposedStringWithCanonicalMapping.unicodeScalars.count != text.unicodeScalars.count
    }

    /// A link to `target` (site-relative) written in one of the spellings a person might use.
    mutating func link(to target: String, from page: String, frame: SiteFrame) -> (spelling: String, markdown: String) {
        let root = "/" + target
        let last = target.split(separator: "/").last.map(String.init) ?? target
        let percent = root.dropLast(last.count + 1) + Self.percentEncodingFirst(last) + "/"
        var spellings: [(String, String)] = [
            ("root-relative", "See [the details](\(root))."),
            ("no trailing slash", "See [the details](\(root.dropLast()))."),
            ("relative", "See [the details](\(Self.relative(from: page, to: target)))."),
            ("relative index.html", "See [the details](\(Self.relative(from: page, to: target))index.html)."),
            ("index.html", "See [the details](\(root)index.html)."),
            ("fragment", "See [the details](\(root)#more)."),
            ("query", "See [the details](\(root)?q=1)."),
            ("percent-encoded letter", "See [the details](\(percent))."),
            ("absolute permalink", "See [the details](\(frame.baseURL)\(target))."),
            ("autolink", "See <\(frame.baseURL)\(target)>."),
            ("bare URL in text", "It will be at \(frame.baseURL)\(target) soon."),
            ("reference link", "See [the details][next].\n\n[next]: \(root)"),
            ("image below it", "![Chart](\(root)chart.svg)"),
        ]
        if frame.unsafeHTML {
            let full = frame.basePath + target
            spellings += [
                ("raw HTML, &#x2F; entities", "See <a href=\"\(full.replacingOccurrences(of: "/", with: "&#x2F;"))\">the details</a>."),
                ("raw HTML, decimal entity", "See <a href=\"\(full.replacingOccurrences(of: "-", with: "&#45;"))\">the details</a>."),
                ("raw HTML, percent-encoded", "See <a href=\"\(full.dropLast(last.count + 1) + Self.percentEncodingFirst(last))/\">the details</a>."),
                ("raw HTML, single quotes", "See <a href='\(full)'>the details</a>."),
            ]
        }
        return pick(spellings)
    }

    /// `held-x` → `%68eld-x`.
    static func percentEncodingFirst(_ segment: String) -> String {
        guard let first = segment.utf8.first else { return segment }
        return "%" + String(first, radix: 16, uppercase: true) + segment.dropFirst()
    }

    /// The relative path from the page at `from` to `to`, both site-relative folders.
    static func relative(from: String, to: String) -> String {
        let source = from.split(separator: "/"), target = to.split(separator: "/")
        var common = 0
        while common < min(source.count, target.count) && source[common] == target[common] { common += 1 }
        return String(repeating: "../", count: source.count - common) + target[common...].joined(separator: "/") + "/"
    }

    /// The title as Markdown in one of the forms that reach the HTML differently.
    mutating func quotedTitle(_ title: String) -> (form: String, markdown: String) {
        let markdown = title.replacingOccurrences(of: "<", with: "\\<")
        let entities = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
        return pick([
            ("smart punctuation", markdown),
            ("entities, no smart punctuation", entities),
            ("code span", "`" + title + "`"),
            ("NFD", markdown.decomposedStringWithCanonicalMapping),
        ])
    }
}
