/// What a template writes, and so how `{{ }}` escapes a value that is not marked safe.
///
/// Decided by the name of the template being rendered (not of the partials it includes, which
/// write into the same output): `.xml` templates write XML, `.json` templates JSON, `.txt`
/// templates plain text, and every other template HTML.
public enum OutputFormat: Sendable, Equatable {
    /// `& < > " '` become entities.
    case html
    /// As HTML, and characters XML 1.0 forbids (control characters other than tab, line feed and
    /// carriage return; U+FFFE, U+FFFF) become U+FFFD, so no value can make the document ill-formed.
    case xml
    /// Every value is written as a JSON value: a string in quotes with JSON escapes, a number,
    /// `true`, `false`, `null`, or a list or object as JSON.
    case json
    /// Values are written as they are.
    case text

    public init(templateName: String) {
        let lower = templateName.lowercased()
        if lower.hasSuffix(".xml") {
            self = .xml
        } else if lower.hasSuffix(".json") {
            self = .json
        } else if lower.hasSuffix(".txt") {
            self = .text
        } else {
            self = .html
        }
    }
}
