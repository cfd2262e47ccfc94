/// Filters that write HTML from text and data, with Jinja's meaning and argument order:
/// `urlize` and `xmlattr`. Both return safe text.
extension Filters {
    /// `urlize(trim_url_limit=none, nofollow=false, target=none, rel=none)` (Jinja's names and
    /// defaults): the text escaped, with web and email addresses made links (see `Urlizer`).
    /// Web links get `rel="noopener"` (with `nofollow` and the words of `rel` added, sorted, as
    /// Jinja writes them) and `target` when given; link texts longer than `trim_url_limit`
    /// characters are cut and end with `...`. Safe text is taken as HTML, as Jinja takes it.
    /// Jinja's fifth parameter, `extra_schemes`, is not there yet: giving it is an error that says so.
    static func urlize(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        if arguments.count == 5 { throw FilterError("the fifth parameter, extra_schemes, is not there yet") }
        try expect(arguments, 0...4)
        var trimLimit: Int?
        if let limit = arguments.first, limit != .null {
            let count = try integer(limit)
            guard count >= 0 else { throw FilterError("expected a length of zero or more, not \(count)") }
            trimLimit = count
        }
        var rel: Set<String> = ["noopener"]
        if try flag(arguments, at: 1) { rel.insert("nofollow") }
        if let words = try optionalText(arguments, at: 3) {
            rel.formUnion(words.split(whereSeparator: { $0.unicodeScalars.allSatisfy(Urlizer.isSpace) }).map(String.init))
        }
        let target = try optionalText(arguments, at: 2)
        let urlizer = Urlizer(
            trimLimit: trimLimit,
            rel: Escaping.html(rel.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.joined(separator: " ")),
            target: target.flatMap { $0.isEmpty ? nil : Escaping.html($0) }
        )
        return .safe(urlizer.linking(Escaping.html(of: input, text: try text(input))))
    }

    /// `xmlattr(autospace=true)` (Jinja's name and default): an object's keys and values as
    /// attributes, `key="value"`, in order, values escaped (safe text as it is) and none values
    /// left out, with a space before the first unless `autospace` is false. A key with white
    /// space, `/`, `>` or `=` is an error, as in Jinja 3.1.4 and later; so is a list or an
    /// object as a value.
    static func xmlattr(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let autospace = arguments.isEmpty ? true : try flag(arguments[0])
        guard case .object(let object) = input else { throw FilterError("expected an object, not \(Renderer.article(input))") }
        var attributes: [String] = []
        for (key, value) in object.pairs where value != .null {
            if key.unicodeScalars.contains(where: { Urlizer.isSpace($0) || $0 == "/" || $0 == ">" || $0 == "=" }) {
                throw FilterError("invalid character in attribute name '\(key)' (white space, '/', '>' or '=')")
            }
            guard let text = value.scalarText else {
                throw FilterError("the value of '\(key)' is \(Renderer.article(value)); expected text or a number")
            }
            attributes.append("\(Escaping.html(key))=\"\(Escaping.html(of: value, text: text))\"")
        }
        let joined = attributes.joined(separator: " ")
        return .safe(autospace && !joined.isEmpty ? " " + joined : joined)
    }

    /// The text argument at `index`; nil when it is not given or is none.
    private static func optionalText(_ arguments: [TemplateValue], at index: Int) throws(FilterError) -> String? {
        guard arguments.indices.contains(index), arguments[index] != .null else { return nil }
        return try text(arguments[index])
    }
}
