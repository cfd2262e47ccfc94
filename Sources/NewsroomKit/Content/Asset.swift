/// A file a release refers to (image, attachment), resolved to where it lives and where it will be served.
public enum Asset: Sendable, Equatable {
    /// An absolute URL, used as it is.
    case external(String)
    /// A file inside the release's bundle folder, served beside the release page.
    case bundle(relativePath: String)
    /// A file under `Content/media/`, served under `/media/`.
    case media(relativePath: String)
}
