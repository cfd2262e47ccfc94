public import Foundation
public import Templating

/// The site settings of `Content/newsroom.yml`, validated.
public struct NewsroomConfig: Sendable {
    public var title: String
    /// Absolute, ending in "/".
    public var baseURL: String
    /// The path part of `baseURL`, "/" or "/news/": the prefix of every root-relative link.
    public var basePath: String
    public var language: String
    public var timeZone: TimeZone
    public var pagination: Int
    public var description: String?
    public var organization: Organization
    /// In the order of the file.
    public var contacts: [Contact]
    public var defaultContacts: [String]
    public var unsafeHTML: Bool
    /// Whether the build writes the search page and its index (`search: false` turns them off).
    public var search: Bool = true
    /// Keys of the file the tool does not use itself, for templates as `site.params`.
    public var params: TemplateObject

    public func contact(id: String) -> Contact? { contacts.first { $0.id == id } }

    /// Every URL of the site.
    public var urls: SiteURLs { SiteURLs(baseURL: baseURL, basePath: basePath) }
}
