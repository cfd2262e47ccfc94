import Foundation
import Markdown
import Templating

/// Turns the text of one release file into a validated `Release`, with every problem as a diagnostic.
enum ReleaseParser {
    static let knownKeys = [
        "title", "date", "subtitle", "dateline", "summary", "tags", "category", "contacts", "image",
        "image_alt", "image_caption", "image_credit", "attachments", "slug", "draft", "embargo", "aliases", "params", "updated",
        "boilerplate",
        "updates",
    ]

    /// The keys that hold a release back: a key that looks like one of them is an error, not a parameter.
    static let holdKeys = ["draft", "date", "embargo"]

    /// - Parameters:
    ///   - bundleFiles: for a bundle (`<folder>/index.md`), its other files relative to the folder.
    static func parse(
        _ text: String, path: String, bundleDirectory: String?, bundleFiles: [String], context: ContentContext
    ) -> (release: Release?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let split: FrontMatterParser.Split
        let frontMatter: YAMLNode?
        do {
            (split, frontMatter, diagnostics) = try FrontMatterParser.parse(text, path: path, example: "title and date")
        } catch {
            diagnostics.append(error)
            return (nil, diagnostics)
        }
        guard let root = frontMatter else { return (nil, diagnostics) }
        var fields = YAMLFields(root)
        let config = context.config
        let title = fields.string("title", required: true)
        let date = parseDate(&fields, key: "date", required: true, timeZone: config.timeZone)
        let dateHasTime = hasTime(fields, key: "date")
        let embargo = parseDate(&fields, key: "embargo", required: false, timeZone: config.timeZone,
                                ifEmpty: "write when it lifts, such as 2026-12-01T09:00:00-05:00, or remove the key")
        var updated = parseDate(&fields, key: "updated", required: false, timeZone: config.timeZone,
                                ifEmpty: "write when the release last changed, such as 2026-12-02, or remove the key")
        if let date, let changed = updated, changed < date {
            fields.report(.error("'updated' is before 'date': a release cannot change before it is published; use the date of the change, or remove the key",
                                 at: fields.valueLocation("updated")))
            updated = nil
        }
        var updates: [Release.Update] = []
        if let node = fields.take("updates") {
            updates = Release.parseUpdates(node, releaseDate: date, context: context, diagnostics: &diagnostics)
        }
        let subtitle = fields.string("subtitle")
        let dateline = fields.string("dateline")
        let summary = fields.string("summary")
        let category = fields.string("category")
        let draft = fields.bool("draft") ?? false
        let boilerplate = parseBoilerplate(&fields)

        var tags: [String] = []
        var tagSlugs: Set<String> = []
        for (name, location) in fields.strings("tags", item: "tag", commaAllowed: true) {
            let slug = Slug.make(name)
            if slug.isEmpty {
                fields.report(.error("tag '\(name)' has no letters or digits to make a URL from", at: location))
            } else if tagSlugs.insert(slug).inserted {
                tags.append(name)
            }
        }
        if let category, Slug.make(category).isEmpty {
            fields.report(.error("category '\(category)' has no letters or digits to make a URL from",
                                 at: fields.valueLocation("category")))
        }

        var contacts: [String] = []
        let known = config.contacts.map(\.id)
        for (id, location) in fields.strings("contacts", item: "contact") {
            if config.contact(id: id) == nil {
                fields.report(.error("unknown contact '\(id)' (contacts are defined in Content/newsroom.yml)\(Suggestion.hint(for: id, in: known))", at: location))
            } else if !contacts.contains(id) {
                contacts.append(id)
            }
        }
        if !fields.has("contacts") {
            contacts = config.defaultContacts
        }

        let bundle = bundleDirectory == nil ? nil : bundleFiles
        var image: Asset?
        let imageAlt = fields.string("image_alt")
        if let name = fields.string("image") {
            image = context.resolveAsset(name, bundleFiles: bundle)
            if image == nil {
                fields.report(.warning("image '\(name)' not found \(bundle == nil ? "in Content/media" : "in the bundle or in Content/media")", at: fields.valueLocation("image")))
            }
            if imageAlt == nil {
                fields.report(.warning("'image' needs 'image_alt': a short description for readers who cannot see it", at: fields.keyLocation("image")))
            }
        }
        let imageCaption = fields.string("image_caption").map { Markdown.render($0, options: context.markdownOptions) }
        let imageCredit = fields.string("image_credit")
        if image == nil, !fields.has("image") {
            for key in ["image_caption", "image_credit"] where fields.has(key) {
                fields.report(.warning("'\(key)' describes the release's image, but there is no 'image' key; add one, or remove this key",
                                       at: fields.keyLocation(key)))
            }
        }

        var attachments: [Attachment] = []
        if let node = fields.take("attachments") {
            attachments = parseAttachments(node, bundle: bundle, context: context, diagnostics: &diagnostics)
        }

        var slug = Slug.ofFileName(defaultSlugSource(path: path, bundleDirectory: bundleDirectory))
        if let custom = fields.string("slug") {
            if Slug.isValid(custom) {
                slug = custom
            } else {
                fields.report(.error("slug '\(custom)' may hold only lower-case letters, digits and hyphens (such as '\(Slug.make(custom))')", at: fields.valueLocation("slug")))
            }
        }
        if slug.isEmpty {
            fields.report(.error("the file name gives no slug; add a 'slug' key", at: SourceLocation(path: path)))
        }

        var aliases: [Release.Alias] = []
        for (alias, location) in fields.strings("aliases") {
            if let problem = aliasProblem(alias) {
                fields.report(.error("alias '\(alias)' \(problem)", at: location))
            } else {
                aliases.append(Release.Alias(path: alias, location: location))
            }
        }

        var params = fields.params()
        for entry in fields.unknownEntries(known: knownKeys, context: "front matter", holdKeys: holdKeys,
                                           item: "release") {
            params[entry.key] = entry.value.templateValue
        }
        diagnostics.append(contentsOf: fields.diagnostics)

        guard let title, let date, !diagnostics.hasErrors else { return (nil, diagnostics) }
        // A site with no contacts at all is one warning, about newsroom.yml (ConfigLoader).
        if contacts.isEmpty && !fields.has("contacts") && !config.contacts.isEmpty {
            diagnostics.warning(noContactsMessage(config: config), at: SourceLocation(path: path))
        }
        let body = context.renderBody(split, path: path, textLayout: true, into: &diagnostics)
        var release = Release(Release.Fields(
            sourcePath: path, bundleDirectory: bundleDirectory, bundleFiles: bundleFiles,
            title: title, subtitle: subtitle, dateline: dateline, summary: summary, category: category,
            tags: tags, contacts: contacts, image: image, imageAlt: imageAlt,
            imageCaption: imageCaption, imageCredit: imageCredit, attachments: attachments,
            slug: slug, date: date, updated: updated, draft: draft, embargo: embargo, aliases: aliases, params: params,
            body: body, bodyFirstLine: split.bodyFirstLine,
            boilerplate: boilerplate.map { Markdown.render($0, options: context.markdownOptions(textLayout: true)) }))
        release.dateHasTime = dateHasTime
        release.updates = updates
        release.typesetTitles()
        if config.search {
            release.searchWords = SearchText.words(of: body.plainText, besides: [title, release.summaryText ?? ""] + release.tagNames)
        }
        release.storeTexts(in: context.texts)
        return (release, diagnostics)
    }

    /// A release with no `contacts` key on a site without `default_contacts`: journalists find no
    /// one to ask. `contacts: []` says so on purpose and is not warned about.
    static func noContactsMessage(config: NewsroomConfig) -> String {
        let fix = "name some with 'contacts: [\(config.contacts[0].id)]', or set default_contacts in Content/newsroom.yml"
        return "this release has no media contacts, so journalists find no one to ask; \(fix) ('contacts: []' leaves them out on purpose)"
    }

    /// `boilerplate`: Markdown in place of `organization.about`; an empty value (`""`, or the key
    /// alone) means none. Nil when the key is absent.
    static func parseBoilerplate(_ fields: inout YAMLFields) -> String? {
        guard let node = fields.node("boilerplate") else { return nil }
        _ = fields.take("boilerplate")
        if node.isNull { return "" }
        guard let text = node.scalarText else {
            fields.report(.error("'boilerplate' must be Markdown text, not \(node.typeDescription); write \"\" for none",
                                 at: node.location))
            return nil
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the date under `key` is written with a time of day; false when it cannot be read.
    static func hasTime(_ fields: YAMLFields, key: String) -> Bool {
        guard let text = fields.node(key)?.scalarText else { return false }
        return (try? ContentDate.read(text))?.hasTime ?? false
    }

    static func parseDate(
        _ fields: inout YAMLFields, key: String, required: Bool, timeZone: TimeZone, ifEmpty advice: String? = nil
    ) -> Date? {
        guard let text = fields.string(key, required: required, ifEmpty: advice) else { return nil }
        do throws(ContentDate.Problem) {
            return try ContentDate.parse(text, timeZone: timeZone)
        } catch {
            fields.report(.error(error.message(subject: "'\(key)'", text: text), at: fields.valueLocation(key)))
        }
        return nil
    }

    private static func parseAttachments(
        _ node: YAMLNode, bundle: [String]?, context: ContentContext, diagnostics: inout Diagnostics
    ) -> [Attachment] {
        guard let items = node.items else {
            diagnostics.error("'attachments' must be a list of {title, file}", at: node.location)
            return []
        }
        var attachments: [Attachment] = []
        for item in items {
            guard item.entries != nil else {
                diagnostics.error("each attachment must be a mapping such as {title: Full study, file: study.pdf}",
                                  at: item.location)
                continue
            }
            var fields = YAMLFields(item)
            let title = fields.string("title", required: true)
            let file = fields.string("file", required: true)
            _ = fields.unknownEntries(known: ["title", "file"], context: "attachment")
            diagnostics.append(contentsOf: fields.diagnostics)
            guard let title, let file else { continue }
            guard let asset = context.resolveAsset(file, bundleFiles: bundle) else {
                diagnostics.error("attachment file '\(file)' not found \(bundle == nil ? "in Content/media" : "in the bundle or in Content/media")", at: fields.valueLocation("file"))
                continue
            }
            attachments.append(Attachment(title: title, asset: asset))
        }
        return attachments
    }

    private static func defaultSlugSource(path: String, bundleDirectory: String?) -> String {
        let name = bundleDirectory ?? path
        // Bytes first: a `/` followed by an ASCII byte is a Character of its own.
        guard let slash = Route.lastSlash(in: name) else { return name }
        let rest = name.utf8[name.utf8.index(after: slash)...]
        if let first = rest.first, first < 0x80 { return String(Substring(rest)) }
        return name.split(separator: "/").last.map(String.init) ?? name
    }

    /// Why an alias path cannot be used, or nil when it can.
    static func aliasProblem(_ alias: String) -> String? {
        guard alias.hasPrefix("/"), !alias.hasPrefix("//") else { return "must start with a single '/'" }
        guard alias != "/" else { return "cannot be the home page" }
        let segments = alias.split(separator: "/")
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return "must not contain '.' or '..' segments" }
        if alias.contains(where: { $0 == "?" || $0 == "#" || $0 == "\\" || $0.isWhitespace }) {
            return "must be a plain path without spaces, '?', '#' or '\\'"
        }
        return nil
    }
}
