import Foundation
import Templating

/// Reads and validates `Content/newsroom.yml`.
enum ConfigLoader {
    static let path = "Content/newsroom.yml"

    static let knownKeys = [
        "title", "base_url", "language", "timezone", "pagination", "description",
        "organization", "contacts", "default_contacts", "markdown", "params",
        "phone_country",
        "nav",
        "release",
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
    /// - Returns: the settings, nil when they cannot be used. Unknown keys are errors that leave
    ///   them usable, so that a build still checks the content and reports every mistake at once.
    static func parse(
        _ text: String, baseURLOverride: String?
    ) -> (config: NewsroomConfig?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        var unknownKeys = Diagnostics()
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
        let language = validatedLanguage(fields.string("language"), location: fields.valueLocation("language"),
                                         into: &diagnostics)
        let timeZone = validatedTimeZone(
            fields.string("timezone", ifEmpty: "write an IANA name such as America/New_York, or leave the key out for UTC"),
            given: fields.node("timezone") != nil, location: fields.valueLocation("timezone"), into: &diagnostics)
        let pagination = fields.integer("pagination", in: 1...1000) ?? 10
        let description = fields.string("description")
        let organization = parseOrganization(fields.take("organization"), siteTitle: title, into: &diagnostics,
                                             unknownKeys: &unknownKeys)
        let phoneCountry = validatedPhoneCountry(fields.string("phone_country"), location: fields.valueLocation("phone_country"),
                                                 into: &diagnostics)
        let contacts = parseContacts(fields.take("contacts"), phoneCountry: phoneCountry, into: &diagnostics,
                                     unknownKeys: &unknownKeys)
        let nav = fields.has("nav")
            ? fields.strings("nav").map { NewsroomConfig.NavEntry(text: $0.value, location: $0.location) }
            : nil
        let defaultContacts = fields.strings("default_contacts", item: "contact")
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
                unknownKeys.append(contentsOf: markdownFields.unknownSettings(known: markdownKeys, context: "markdown settings"))
                diagnostics.append(contentsOf: markdownFields.diagnostics)
            }
        }
        let release = ReleaseSettings.parse(fields.take("release"), into: &diagnostics, unknownKeys: &unknownKeys)
        let search = fields.bool("search") ?? true
        let params = fields.params()
        unknownKeys.append(contentsOf: fields.unknownSettings(known: knownKeys, context: "newsroom.yml"))
        diagnostics.append(contentsOf: fields.diagnostics)

        guard let title, let baseURL, let language, let timeZone, let organization, !diagnostics.hasErrors else {
            diagnostics.append(contentsOf: unknownKeys)
            return (nil, diagnostics)
        }
        let config = NewsroomConfig(
            title: title, baseURL: baseURL.absolute, basePath: baseURL.path, language: language,
            timeZone: timeZone, pagination: pagination, description: description,
            organization: organization, contacts: contacts, defaultContacts: defaultContacts.map(\.value),
            unsafeHTML: unsafeHTML, release: release, search: search, params: params, phoneCountry: phoneCountry?.code, nav: nav,
            contactsLocation: fields.keyLocation("contacts"))
        diagnostics.append(contentsOf: unknownKeys)
        diagnostics.append(contentsOf: omissions(of: config, in: fields))
        return (config, diagnostics)
    }

    /// What journalists would miss on a site that builds: the boilerplate and someone to call.
    /// One warning each, at the key to fill in (or the top of the file when it is absent).
    private static func omissions(of config: NewsroomConfig, in fields: YAMLFields) -> Diagnostics {
        var diagnostics = Diagnostics()
        if config.organization.about == nil {
            diagnostics.warning(
                "the newsroom has no boilerplate: add 'about:' under 'organization:', a short paragraph on who you are, printed as \"About \(config.organization.name)\" at the end of every release",
                at: fields.keyLocation("organization"))
        }
        if config.contacts.isEmpty {
            diagnostics.warning(
                "the newsroom lists no media contacts, so journalists find no one to call or write to: add one under 'contacts:' (name, phone, email) and name it in 'default_contacts:'",
                at: fields.keyLocation("contacts"))
        }
        return diagnostics
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

    /// `language`, a BCP 47 tag: "en" when the key is left out; nil (an error reported) when malformed.
    private static func validatedLanguage(
        _ text: String?, location: SourceLocation, into diagnostics: inout Diagnostics
    ) -> String? {
        guard let text else { return "en" }
        if LanguageTag.isWellFormed(text) { return text }
        let hint = LanguageTag.suggestion(for: text).map { "; did you mean '\($0)'?" } ?? ""
        diagnostics.error(
            "'language' must be a language tag such as \(LanguageTag.example) (BCP 47), not '\(text)'\(hint)",
            at: location)
        return nil
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
        _ node: YAMLNode?, siteTitle: String?, into diagnostics: inout Diagnostics, unknownKeys: inout Diagnostics
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
        unknownKeys.append(contentsOf: fields.unknownSettings(known: organizationKeys, context: "organization"))
        diagnostics.append(contentsOf: fields.diagnostics)
        return name.map { Organization(name: $0, url: url, about: about, logo: logo) }
    }
}
