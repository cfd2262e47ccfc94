/// Jinja filters that are not here, with the reason the error gives: `random` on purpose (a
/// build gives the same bytes every time), `pprint` and `format` (Python's own forms) not yet.
extension Filters {
    static let absent: [String: String] = [
        "random": "a build must give the same output every time; pick by position, such as items[0] or items[n % items|length]",
        "pprint": "it writes Python's form of a value; use 'json' or 'tojson'",
        "format": "Python's % formatting is not there yet; join text and values with '~'",
    ]

    /// "unknown filter 'x'", with why a Jinja filter is missing, or the closest known name.
    static func unknown(_ name: String, among known: Set<String>) -> String {
        if let reason = absent[name] { return "filter '\(name)' is not available: \(reason)" }
        let hint = NameSuggestion.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown filter '\(name)'\(hint)"
    }
}
