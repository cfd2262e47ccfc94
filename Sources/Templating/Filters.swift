/// The built-in filters. Each takes the value left of `|` and its arguments, and reports misuse
/// as a `FilterError` (the evaluator adds the template position). Text filters keep safe-ness:
/// safe text stays safe, plain text stays plain and is escaped on output.
enum Filters {
    static let builtIn: [String: TemplateFilter] = [
        "escape": escape, "e": escape, "safe": safe, "default": defaultValue,
        "d": defaultValue, "count": length, "forceescape": forceescape, "center": center, "wordwrap": wordwrap, "attr": attr,
        "length": length, "join": join, "upper": upper, "lower": lower,
        "capitalize": capitalize, "title": title, "trim": trim,
        "first": first, "last": last, "reverse": reverse, "sort": sort,
        "slice": slice, "limit": limit, "replace": replace, "truncate": truncate,
        "striptags": striptags, "urlencode": urlencode, "json": json, "tojson": tojson,
        "string": string, "int": int, "float": float, "abs": abs, "round": round,
        "wordcount": wordcount, "map": map,
        "batch": batch, "items": items, "list": listFilter, "sum": sum, "unique": unique, "min": min, "max": max,
        "filesizeformat": filesizeformat, "indent": indent,
        "select": select, "reject": reject, "selectattr": selectattr, "rejectattr": rejectattr, "dictsort": dictsort,
        "groupby": groupby,
        "urlize": urlize,
        "xmlattr": xmlattr,
    ]

    /// The filters whose input may be undefined (a missing variable, attribute or key reads as
    /// none): `default` and its short name.
    static let takingUndefined: Set<String> = ["default", "d"]

    // MARK: The filters, one line each

    /// `escape` / `e`: HTML-escapes plain text and marks it safe; safe text passes unchanged (never escaped twice).
    static func escape(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if input.isSafe { return input }
        return .safe(Escaping.html(try text(input)))
    }

    /// `safe`: marks the text as trusted HTML, printed without escaping.
    static func safe(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return .safe(try text(input))
    }

    /// `default(value, also_falsy=false)`, or `d`: `value` when the input is undefined or none (or any false value when the second argument is true).
    static func defaultValue(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...2)
        let replaceFalsy = arguments.count > 1 && arguments[1].isTruthy
        return input == .null || (replaceFalsy && !input.isTruthy) ? arguments[0] : input
    }

    /// `length` or `count`: characters of a string, items of a list or keys of an object.
    static func length(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        switch input {
        case .string(let text), .safe(let text): return .int(text.count)
        case .array(let items): return .int(items.count)
        case .object(let object): return .int(object.count)
        default: throw FilterError("expected a string, list or object, not \(Renderer.article(input))")
        }
    }

    /// `join(separator="")`: the items of a list as text; safe when the separator or any item is safe, with the plain parts escaped.
    static func join(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let items = try list(input)
        let separator = arguments.first ?? .string("")
        let separatorText = try text(separator)
        var texts: [String] = []
        for item in items {
            texts.append(try text(item))
        }
        try ensureFits(texts.count - 1, of: separatorText.utf8.count, besides: texts.reduce(0) { $0 + $1.utf8.count })
        guard separator.isSafe || items.contains(where: \.isSafe) else {
            return .string(texts.joined(separator: separatorText))
        }
        let parts = zip(items, texts).map { Escaping.html(of: $0, text: $1) }
        return .safe(parts.joined(separator: Escaping.html(of: separator, text: separatorText)))
    }

    /// `upper`: upper-case.
    static func upper(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return try mapText(input) { $0.uppercased() }
    }

    /// `lower`: lower-case.
    static func lower(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return try mapText(input) { $0.lowercased() }
    }

    /// `capitalize`: the first letter in title case (as Python: `ß` gives `Ss`, `ǆ` gives `ǅ`), the rest lower-case.
    static func capitalize(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return try mapText(input) { text in
            guard let first = text.unicodeScalars.first else { return text }
            return first.properties.titlecaseMapping + String(text.unicodeScalars.dropFirst()).lowercased()
        }
    }

    /// `title`: each word (after white space, `-`, or an opening bracket) capitalised, the rest lower-case.
    static func title(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return try mapText(input) { text in
            var result = ""
            var startOfWord = true
            for character in text {
                result += startOfWord ? character.uppercased() : character.lowercased()
                startOfWord = character.isWhitespace || "-([{<".contains(character)
            }
            return result
        }
    }

    /// `trim(characters?)`: removes leading and trailing white space, or any of `characters`
    /// (none, as Jinja's `chars=None`, is white space).
    static func trim(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        var characters: Set<Character>?
        if let given = arguments.first, given != .null { characters = Set(try text(given)) }
        let strips: (Character) -> Bool = characters.map { set in { set.contains($0) } } ?? \.isWhitespace
        return try mapText(input) { text in
            String(text.drop(while: strips).reversed().drop(while: strips).reversed())
        }
    }

    /// `first`: the first item of a list, character of a string or key of an object; none when empty.
    static func first(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if case .object(let object) = input { return object.keys.first.map(TemplateValue.string) ?? .null }
        return try elements(of: input).first ?? .null
    }

    /// `last`: the last item of a list, character of a string or key of an object; none when empty.
    static func last(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if case .object(let object) = input { return object.keys.last.map(TemplateValue.string) ?? .null }
        return try elements(of: input).last ?? .null
    }

    /// `reverse`: a list or string in reverse order.
    static func reverse(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return try rebuild(input, from: try elements(of: input).reversed())
    }

    /// `sort(attribute?, reverse=false)`: a list sorted stably by value (numbers numerically, strings by code point), or by an attribute of each item.
    static func sort(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...2)
        let items = try list(input)
        var attribute: String?
        var descending = false
        for argument in arguments {
            switch argument {
            case .bool(let flag): descending = flag
            case .string(let name), .safe(let name): attribute = name
            default: throw FilterError("expected an attribute name or a boolean, not \(Renderer.article(argument))")
            }
        }
        var keys: [TemplateValue] = []
        for (position, item) in items.enumerated() {
            guard let attribute else {
                keys.append(item)
                continue
            }
            keys.append(try pick(attribute, of: item, at: position))
        }
        let numeric = keys.allSatisfy { if case .int = $0 { true } else if case .double = $0 { true } else { false } }
        let textual = keys.allSatisfy { $0.stringText != nil }
        guard numeric || textual else {
            throw FilterError("can only sort numbers or strings, not a mix or other values")
        }
        let order = keys.indices.sorted { a, b in
            let comparison = (try? Operators.compare(keys[a], keys[b])) ?? 0
            if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
            return a < b
        }
        return .array(order.map { items[$0] })
    }

    /// `limit(n)`: the first `n` items or characters.
    static func limit(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...1)
        let count = try integer(arguments[0])
        guard count >= 0 else { throw FilterError("expected a count of zero or more, not \(count)") }
        return try rebuild(input, from: Array(try elements(of: input).prefix(count)))
    }

    /// `replace(old, new, count?)`: each occurrence of `old` replaced, or the first `count`, as
    /// Python replaces (an empty `old` is found before each character and at the end); into safe
    /// text, plain `new` is escaped.
    static func replace(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 2...3)
        let old = try text(arguments[0])
        let new = input.isSafe ? Escaping.html(of: arguments[1], text: try text(arguments[1])) : try text(arguments[1])
        let count = arguments.count == 3 && arguments[2] != .null ? try integer(arguments[2]) : -1
        let limit = count < 0 ? Int.max : count
        let whole = try text(input)
        let most = old.isEmpty ? whole.count + 1 : whole.utf8.count / old.utf8.count
        if new.utf8.count > old.utf8.count { try ensureFits(Swift.min(most, limit), of: new.utf8.count) }
        return try mapText(input) { text in
            guard old.isEmpty else { return text.replacing(old, with: new, maxReplacements: limit) }
            var result = ""
            for (position, character) in text.enumerated() {
                if position < limit { result += new }
                result.append(character)
            }
            return text.count < limit ? result + new : result
        }
    }

    /// `urlencode`: percent-encodes a string for a URL (keeping `/`), or an object as a query string (`a+b=c%26d`).
    static func urlencode(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if case .object(let object) = input {
            var parts: [String] = []
            // A query string, as Jinja writes one: a space is `+`.
            func encoded(_ text: String) -> String { Escaping.percentEncoded(text, keepingSlash: false).replacing("%20", with: "+") }
            for (key, value) in object.pairs {
                parts.append(encoded(key) + "=" + encoded(try text(value)))
            }
            return .string(parts.joined(separator: "&"))
        }
        return .string(Escaping.percentEncoded(try text(input), keepingSlash: true))
    }

    /// `json(indent=0)`: JSON text, safe to embed in `<script>` (including `application/ld+json`) or an attribute; marked safe.
    static func json(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let indent = arguments.isEmpty ? 0 : try integer(arguments[0])
        guard (0...16).contains(indent) else { throw FilterError("expected an indent from 0 to 16, not \(indent)") }
        return .safe(JSONText.encode(input, indent: indent, forHTML: true))
    }

    /// `string`: the value as text (lists and objects as JSON); safe text stays safe.
    static func string(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if input.isSafe { return input }
        return .string(input.scalarText ?? JSONText.encode(input, forHTML: false))
    }

    /// `wordcount`: how many words, as Jinja counts them: runs of letters, digits and `_`
    /// ("don't" is two).
    static func wordcount(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        var count = 0
        var inWord = false
        for character in try text(input) {
            let isWord = character.isLetter || character.isNumber || character == "_"
            if isWord && !inWord { count += 1 }
            inWord = isWord
        }
        return .int(count)
    }

    /// `map(attribute)`: the given attribute of every object in a list.
    static func map(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...1)
        let attribute = try text(arguments[0])
        var values: [TemplateValue] = []
        for (position, item) in try list(input).enumerated() {
            values.append(try pick(attribute, of: item, at: position))
        }
        return .array(values)
    }

    // MARK: Helpers

    /// The longest text a filter builds before the render's own size check sees it: filters
    /// that could multiply their input (`replace`, `center`, `join`, `indent`, `wordwrap`)
    /// refuse more first.
    static let longestResult = TemplateEnvironment.Limits().bytes

    /// Refuses a result of `parts` pieces of `each` bytes and `besides` bytes more before it
    /// is built, when it would pass `longestResult` (a separator repeated between a million
    /// items, an indentation before a million lines).
    static func ensureFits(_ parts: Int, of each: Int, besides: Int = 0) throws(FilterError) {
        let (repeated, overflow) = Swift.max(parts, 0).multipliedReportingOverflow(by: each)
        guard !overflow, repeated <= longestResult - Swift.min(besides, longestResult) else {
            throw FilterError("the result would be longer than \(longestResult) bytes")
        }
    }

    static func expect(_ arguments: [TemplateValue], _ counts: ClosedRange<Int>) throws(FilterError) {
        guard !counts.contains(arguments.count) else { return }
        let expected = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
        throw FilterError("expected \(expected) argument\(counts.upperBound == 1 ? "" : "s"), got \(arguments.count)")
    }

    static func text(_ value: TemplateValue) throws(FilterError) -> String {
        guard let text = value.scalarText else {
            throw FilterError("expected text, not \(Renderer.article(value))")
        }
        return text
    }

    static func list(_ value: TemplateValue) throws(FilterError) -> [TemplateValue] {
        guard case .array(let items) = value else {
            throw FilterError("expected a list, not \(Renderer.article(value))")
        }
        return items
    }

    static func integer(_ value: TemplateValue) throws(FilterError) -> Int {
        guard case .int(let number) = value else {
            throw FilterError("expected an integer argument, not \(Renderer.article(value))")
        }
        return number
    }

    /// Applies a text transformation, keeping safe text safe and turning scalars into plain text.
    static func mapText(_ input: TemplateValue, _ transform: (String) -> String) throws(FilterError) -> TemplateValue {
        let result = transform(try text(input))
        return input.isSafe ? .safe(result) : .string(result)
    }

    /// The items of a list, or the characters of a string (of the string's kind).
    static func elements(of input: TemplateValue) throws(FilterError) -> [TemplateValue] {
        switch input {
        case .array(let items): return items
        case .string(let text): return text.map { .string(String($0)) }
        case .safe(let text): return text.map { .safe(String($0)) }
        default: throw FilterError("expected a list or string, not \(Renderer.article(input))")
        }
    }

    /// Puts elements taken from `original` back into its shape (list or string).
    private static func rebuild(_ original: TemplateValue, from elements: [TemplateValue]) throws(FilterError) -> TemplateValue {
        switch original {
        case .array: return .array(elements)
        default:
            let joined = elements.compactMap(\.stringText).joined()
            return original.isSafe ? .safe(joined) : .string(joined)
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
