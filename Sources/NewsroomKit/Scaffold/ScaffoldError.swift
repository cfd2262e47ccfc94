/// Why `newsroom new` or `newsroom init` wrote nothing.
public enum ScaffoldError: Error, Equatable, Sendable {
    /// What was asked for cannot make a release or a site (an empty title, a date that is not
    /// one, an unknown time zone): the command line is wrong. The message names the option.
    case request(String)
    /// The site or the file system refuses (no site here, a file that exists, a folder that is
    /// not empty): every problem at its path, in the compiler format.
    case site([Diagnostic])
}

/// A file a scaffold creates: where, relative to the site folder, and its text.
public struct ScaffoldFile: Sendable, Equatable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
