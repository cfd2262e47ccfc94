import Foundation
import Templating

/// Reads and validates `Content/newsroom.yml`.
enum ConfigLoader {
    static let path = "Content/newsroom.yml"

    static let knownKeys = [
        "title", "base_url", "language", "timezone", "pagination", "description",
        "organization", "contacts", "default_contacts", "markdown", "params",
        "search",
    ]
    static let organizationKeys = ["name", "url", "about", "logo"]
    static let contactKeys = ["name", "title", "organization", "phone", "email"]
    static let markdownKeys = ["unsafe_html"]

    /// Finds and reads the settings of the site `files` reads: the one check that a folder is a
    /// site, for `build`, `schedule` and `new` alike.
    /// - Returns: the file's text and the settings (nil when they have errors), or nil when there
    ///   is no site or no settings file to read; every problem is in `diagnostics`.
    static func load(
        files: SiteFiles, baseURLOverride: String?, diagnostics: inout Diagnostics
    ) -> (text: String, config: NewsroomConfig?)? {
        guard files.isDirectory("Content") else {
            diagnostics.error("no Content/ folder here; is this a newsroom site? (`newsroom init DIR` makes a new site in an empty folder)",
                              at: SourceLocation(path: "Content"))
            return nil
        }
        if let problem = files.outsideProblem("Content", resolved: files.resolvedPath("Content")) {
            diagnostics.append(problem)
            return nil
        }
        guard files.exists(path) else {
            diagnostics.error("missing site settings: create Content/newsroom.yml with title and base_url",
                              at: SourceLocation(path: path))
            return nil
        }
        let text: String
        do {
            text = try files.readText(path)
        } catch {
            diagnostics.append(error)
            return nil
        }
        let (config, configDiagnostics) = parse(text, baseURLOverride: baseURLOverride)
        diagnostics.append(contentsOf: configDiagnostics)
        return (text, config)
    }

    /// - Parameter baseURLOverride: `--base-url`, which wins over the file.
    static func parse(
        _ text: String, baseURLOverride: String?
    ) -> (config: NewsroomConfig?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let document = YAMLReader.parse(text, path: path)
        diagnostics.append(contentsOf: document.diagnostics)
        if document.root == nil, document.diagnostics.hasErrors { return (nil, diagnostics) }
        guard let root = document.root, root.entries != nil else {
            diagnostics.error("newsroom.yml must be a mapping of settings (title, base_url, …)",
                              at: document.root?.location ?? SourceLocation(path: path))
            return (nil, diagnostics)
        }
        var fields = YAMLFields(root)
        let title = fields.string("title", required: true)
        let baseURL = validatedBaseURL(
            baseURLOverride ?? fields.string("base_url", required: baseURLOverride == nil),
            location: fields.valueLocation("base_url"), fromOption: baseURLOverride != nil, into: &diagnostics)
        if baseURLOverride != nil { _ = fields.take("base_url") }
        let language = fields.string("language") ?? "en"
        let timeZone = validatedTimeZone(
            fields.string("timezone", ifEmpty: "write an IANA name such as America/New_York, or leave the key out for UTC"),
            given: fields.node("timezone") != nil, location: fields.valueLocation("timezone"), into: &diagnostics)
        let pagination = fields.integer("pagination", in: 1...1000) ?? 10
        let description = fields.string("description")
        let organization = parseOrganization(fields.take("organization"), siteTitle: title, into: &diagnostics)
        let contacts = parseContacts(fields.take("contacts"), into: &diagnostics)
        let defaultContacts = fields.strings("default_contacts")
        for (id, location) in defaultContacts where !contacts.contains(where: { $0.id == id }) {
            diagnostics.error("unknown contact '\(id)'\(Suggestion.hint(for: id, in: contacts.map(\.id)))",
                              at: location)
        }
        var unsafeHTML = false
        if let markdown = fields.take("markdown") {
            var markdownFields = YAMLFields(markdown)
            if markdown.entries == nil {
                diagnostics.error("'markdown' must be a mapping such as {unsafe_html: true}", at: markdown.location)
            } else {
                unsafeHTML = markdownFields.bool("unsafe_html") ?? false
                _ = markdownFields.unknownEntries(known: markdownKeys, context: "markdown settings")
                diagnostics.append(contentsOf: markdownFields.diagnostics)
            }
        }
        let search = fields.bool("search") ?? true
        let params = fields.take("params")?.templateValue
        _ = fields.unknownEntries(known: knownKeys, context: "newsroom.yml")
        diagnostics.append(contentsOf: fields.diagnostics)

        guard let title, let baseURL, let timeZone, let organization else { return (nil, diagnostics) }
        var paramsObject = TemplateObject([])
        if case .object(let object)? = params { paramsObject = object }
        let config = NewsroomConfig(
            title: title, baseURL: baseURL.absolute, basePath: baseURL.path, language: language,
            timeZone: timeZone, pagination: pagination, description: description,
            organization: organization, contacts: contacts, defaultContacts: defaultContacts.map(\.value),
            unsafeHTML: unsafeHTML, search: search, params: paramsObject)
        return (diagnostics.hasErrors ? nil : config, diagnostics)
    }

    /// `base_url` or `--base-url`, checked by `WebAddress`: the absolute URL ending in "/" and its path.
    private static func validatedBaseURL(
        _ text: String?, location: SourceLocation, fromOption: Bool, into diagnostics: inout Diagnostics
    ) -> (absolute: String, path: String)? {
        guard let text else { return nil }
        do throws(WebAddress.Problem) {
            let address = try WebAddress.absolute(text, role: .base)
            var path = address.path
            if !path.hasPrefix("/") { path = "/" + path }
            if !path.hasSuffix("/") { path += "/" }
            let port = address.port.map { ":\($0)" } ?? ""
            return ("\(address.scheme)://\(address.host)\(port)\(path)", path)
        } catch {
            let subject = fromOption ? "--base-url" : "'base_url'"
            diagnostics.error(WebAddress.message(subject: subject, text: text, role: .base, problem: error),
                              at: fromOption ? SourceLocation(path: "(command line)") : location)
            return nil
        }
    }

    /// The site's zone: UTC when the key is left out; nil (an error reported) when it is empty or unknown.
    private static func validatedTimeZone(
        _ identifier: String?, given: Bool, location: SourceLocation, into diagnostics: inout Diagnostics
    ) -> TimeZone? {
        guard let identifier else { return given ? nil : TimeZone(identifier: "UTC") }
        if let zone = TimeZone(identifier: identifier) { return zone }
        let hint = Suggestion.hint(for: identifier, in: TimeZone.knownTimeZoneIdentifiers)
        let advice = hint.isEmpty ? "; use an IANA name such as America/New_York" : hint
        diagnostics.error("unknown time zone '\(identifier)'\(advice)", at: location)
        return nil
    }

    private static func parseOrganization(
        _ node: YAMLNode?, siteTitle: String?, into diagnostics: inout Diagnostics
    ) -> Organization? {
        guard let node else {
            return siteTitle.map { Organization(name: $0) }
        }
        guard node.entries != nil else {
            diagnostics.error("'organization' must be a mapping with name, url and about", at: node.location)
            return nil
        }
        var fields = YAMLFields(node)
        let name = fields.string("name", required: true)
        let url = fields.string("url")
        let about = fields.string("about")
        let logo = fields.string("logo")
        for (key, text, role) in [("url", url, WebAddress.Role.link), ("logo", logo, .asset)] {
            guard let text else { continue }
            do throws(WebAddress.Problem) {
                try WebAddress.check(text, role: role)
            } catch {
                fields.report(.error(WebAddress.message(subject: "'organization.\(key)'", text: text, role: role,
                                                        problem: error), at: fields.valueLocation(key)))
            }
        }
        _ = fields.unknownEntries(known: organizationKeys, context: "organization")
        diagnostics.append(contentsOf: fields.diagnostics)
        return name.map { Organization(name: $0, url: url, about: about, logo: logo) }
    }

    private static func parseContacts(_ node: YAMLNode?, into diagnostics: inout Diagnostics) -> [Contact] {
        guard let node else { return [] }
        guard let entries = node.entries else {
            diagnostics.error("'contacts' must be a mapping of contact ids to contacts", at: node.location)
            return []
        }
        var contacts: [Contact] = []
        for entry in entries {
            guard entry.value.entries != nil else {
                diagnostics.error("contact '\(entry.key)' must be a mapping with name, phone and email",
                                  at: entry.value.location)
                continue
            }
            var fields = YAMLFields(entry.value)
            let name = fields.string("name", required: true)
            let contact = Contact(
                id: entry.key, name: name ?? entry.key, title: fields.string("title"),
                organization: fields.string("organization"), phone: fields.string("phone"),
                email: fields.string("email"))
            for (key, text, problem) in [("phone", contact.phone, contact.phone.flatMap(ContactDetails.phoneProblem)),
                                         ("email", contact.email, contact.email.flatMap(ContactDetails.emailProblem))] {
                guard let text, let problem else { continue }
                fields.report(.error(ContactDetails.message(key: key, contact: entry.key, text: text, problem: problem),
                                     at: fields.valueLocation(key)))
            }
            _ = fields.unknownEntries(known: contactKeys, context: "contact '\(entry.key)'")
            diagnostics.append(contentsOf: fields.diagnostics)
            if name != nil { contacts.append(contact) }
        }
        return contacts
    }
}
