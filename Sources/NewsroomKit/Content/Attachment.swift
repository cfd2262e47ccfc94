/// A download offered with a release, as `attachments: [{title, file}]` names it.
public struct Attachment: Sendable, Equatable {
    public var title: String
    public var asset: Asset
    /// In bytes, when the file is part of the site.
    public var size: Int?

    public init(title: String, asset: Asset, size: Int? = nil) {
        self.title = title
        self.asset = asset
        self.size = size
    }
}
