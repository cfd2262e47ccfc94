/// The built-in filters' parameters with Jinja's names, in the order each filter takes them, so
/// that `truncate(length=10)` and `round(precision=1, method="floor")` work as in Jinja. The
/// parser turns keyword arguments into positional ones when the environment loads, filling a
/// gap before a given argument with its default; the filters themselves only see positions.
extension Filters {
    struct Signature: Sendable {
        /// Names in positional order, each with the value that fills its place when a later one
        /// is given by name; nil when it has no default and must be given (`.null` is Jinja's None).
        var parameters: [(name: String, defaultValue: TemplateValue?)]
        /// Jinja's parameters of the filter that newsroom's does not have.
        var unsupported: [String] = []
    }

    /// Filters missing here take no keyword arguments: newsroom's own (`limit`, `slugify`…) and
    /// a site's. `select`, `reject`, `selectattr` and `rejectattr` take none in Jinja either.
    static let parameters: [String: Signature] = [
        "default": Signature(parameters: [("default_value", ""), ("boolean", false)]),
        "join": Signature(parameters: [("d", "")], unsupported: ["attribute"]),
        "d": Signature(parameters: [("default_value", ""), ("boolean", false)]),
        "trim": Signature(parameters: [("chars", .null)]),
        // newsroom's sort tells the attribute (text) from the direction (true or false) by type.
        "sort": Signature(parameters: [("reverse", false), ("attribute", nil)], unsupported: ["case_sensitive"]),
        "slice": Signature(parameters: [("slices", nil), ("fill_with", .null)]),
        "replace": Signature(parameters: [("old", nil), ("new", nil), ("count", .null)]),
        // newsroom's truncate takes the end second (Jinja: killwords), and ends with "…".
        "truncate": Signature(parameters: [("length", 255), ("end", "…")], unsupported: ["killwords", "leeway"]),
        "json": Signature(parameters: [("indent", 0)]),
        "tojson": Signature(parameters: [], unsupported: ["indent"]),
        "int": Signature(parameters: [("default", 0)], unsupported: ["base"]),
        "float": Signature(parameters: [("default", 0.0)]),
        "round": Signature(parameters: [("precision", 0), ("method", "common")]),
        "map": Signature(parameters: [("attribute", nil)], unsupported: ["default"]),
        "batch": Signature(parameters: [("linecount", nil), ("fill_with", .null)]),
        "sum": Signature(parameters: [("attribute", .null), ("start", 0)]),
        "unique": Signature(parameters: [("case_sensitive", false), ("attribute", .null)]),
        "min": Signature(parameters: [("case_sensitive", false), ("attribute", .null)]),
        "max": Signature(parameters: [("case_sensitive", false), ("attribute", .null)]),
        "filesizeformat": Signature(parameters: [("binary", false)]),
        "indent": Signature(parameters: [("width", 4), ("first", false), ("blank", false)]),
        "groupby": Signature(parameters: [("attribute", nil), ("default", .null), ("case_sensitive", false)]),
        "urlize": Signature(parameters: [("trim_url_limit", .null), ("nofollow", false), ("target", .null), ("rel", .null)],
                            unsupported: ["extra_schemes"]),
        "xmlattr": Signature(parameters: [("autospace", true)]),
        "center": Signature(parameters: [("width", 80)]),
        "wordwrap": Signature(parameters: [("width", 79), ("break_long_words", true), ("wrapstring", .null), ("break_on_hyphens", true)]),
        "attr": Signature(parameters: [("name", nil)]),
        "count": Signature(parameters: []), "forceescape": Signature(parameters: []),
        "dictsort": Signature(parameters: [("case_sensitive", false), ("by", "key"), ("reverse", false)]),
        "select": Signature(parameters: []), "reject": Signature(parameters: []),
        "selectattr": Signature(parameters: []), "rejectattr": Signature(parameters: []),
        "escape": Signature(parameters: []), "e": Signature(parameters: []), "safe": Signature(parameters: []),
        "length": Signature(parameters: []), "upper": Signature(parameters: []), "lower": Signature(parameters: []),
        "capitalize": Signature(parameters: []), "title": Signature(parameters: []), "first": Signature(parameters: []),
        "last": Signature(parameters: []), "reverse": Signature(parameters: []), "striptags": Signature(parameters: []),
        "urlencode": Signature(parameters: []), "string": Signature(parameters: []), "abs": Signature(parameters: []),
        "wordcount": Signature(parameters: []), "items": Signature(parameters: []), "list": Signature(parameters: []),
    ]
}

extension Filters.Signature {
    /// The arguments of a call of filter `name` in positional order: given ones in their places,
    /// a gap before the last given one filled with its default.
    func positional(_ arguments: [Expression], _ keywords: [KeywordArgument], filter name: String,
                    at location: TemplateLocation) throws(TemplateError) -> [Expression] {
        let slots = try Arguments.match(arguments, keywords, to: parameters.map(\.name), callee: "filter '\(name)'",
                                        at: location, unsupported: unsupported)
        let given = (slots.lastIndex { $0 != nil } ?? -1) + 1
        var result: [Expression] = []
        for (slot, parameter) in zip(slots.prefix(given), parameters) {
            if let slot {
                result.append(slot)
            } else if let value = parameter.defaultValue {
                result.append(Expression(.literal(value), at: location))
            } else {
                throw TemplateError(kind: .syntax, location: location,
                                    message: "filter '\(name)' needs its argument '\(parameter.name)'")
            }
        }
        return result
    }
}
