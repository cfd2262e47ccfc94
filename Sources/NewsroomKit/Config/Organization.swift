/// The organization behind the newsroom; its "About" text closes every release.
public struct Organization: Sendable, Equatable {
    public var name: String
    public var url: String?
    /// Markdown, as written in `newsroom.yml`.
    public var about: String?
    public var logo: String?

    public init(name: String, url: String? = nil, about: String? = nil, logo: String? = nil) {
        self.name = name
        self.url = url
        self.about = about
        self.logo = logo
    }
}
