/// The engine's escapers, for code that must know exactly what the engine writes (the
/// newsroom's leak scan searches output for held text in these forms, and its URLs for
/// files use the same percent-encoding as the `urlencode` filter).
public enum TemplateEscaping {
    /// What `{{ text }}` prints for a plain string.
    public static func html(_ text: String) -> String { Escaping.html(text) }

    /// The JSON string literal, quotes included, as the `json` filter writes it (`forHTML`) or
    /// as `string` writes a value without one.
    public static func json(_ text: String, forHTML: Bool) -> String {
        JSONText.encode(.string(text), forHTML: forHTML)
    }

    /// What `urlencode` prints for a string: every byte but `A–Z a–z 0–9 - . _ ~` and `/` percent-encoded.
    public static func urlencode(_ text: String) -> String { Escaping.percentEncoded(text, keepingSlash: true) }
}
