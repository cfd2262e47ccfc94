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
    /// `release:`: the release line, the dateline's date format and the end mark.
    public var release = ReleaseSettings()
    /// Whether the build writes the search page and its index (`search: false` turns them off).
    public var search: Bool = true
    /// Keys of the file the tool does not use itself, for templates as `site.params`.
    public var params: TemplateObject
    /// `phone_country`: the ISO 3166 code national phone numbers are read in; nil when not set.
    var phoneCountry: String? = nil
    /// `nav`: the main navigation's entries in order, as written; nil when the key is absent.
    var nav: [NavEntry]? = nil
    /// Where `contacts` is written, the origin of the contacts page and the vCards.
    var contactsLocation = SourceLocation(path: ConfigLoader.path)

    /// One entry of `nav`: a page slug or a site path (`about`, `/contacts/`).
    struct NavEntry: Sendable, Equatable {
        var text: String
        var location: SourceLocation
    }

    public func contact(id: String) -> Contact? { contacts.first { $0.id == id } }

    /// Every URL of the site.
    public var urls: SiteURLs { SiteURLs(baseURL: baseURL, basePath: basePath) }
}
