/// The engine's escapers, for code that must know exactly what the engine writes (the
/// newsroom's leak scan searches output for held text in these forms, its URLs for files use
/// the same percent-encoding as the `urlencode` filter, and its `xml_escape` filter escapes as
/// `.xml` templates do).
public enum TemplateEscaping {
    /// What `{{ text }}` prints for a plain string.
    public static func html(_ text: String) -> String { Escaping.html(text) }

    /// What `{{ text }}` prints for a plain string in an `.xml` template: `& < > " '` as
    /// entities, and characters XML 1.0 forbids as U+FFFD.
    public static func xml(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        Escaping.appendXML(text, to: &escaped)
        return escaped
    }

    /// The JSON string literal, quotes included, as the `json` filter writes it (`forHTML`) or
    /// as `string` writes a value without one.
    public static func json(_ text: String, forHTML: Bool) -> String {
        JSONText.encode(.string(text), forHTML: forHTML)
    }

    /// What `urlencode` prints for a string: every byte but `A–Z a–z 0–9 - . _ ~` and `/` percent-encoded.
    public static func urlencode(_ text: String) -> String { Escaping.percentEncoded(text, keepingSlash: true) }
}
