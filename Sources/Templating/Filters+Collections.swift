/// Filters over lists with Jinja's meaning and Jinja's argument order (no keyword arguments):
/// `slice`, `batch`, `list`, `items`, `sum`, `unique`, `min` and `max`. Text is compared without regard to case unless
/// `case_sensitive` is true, as in Jinja.
extension Filters {
    /// `batch(n, fill?)`: the items in groups of `n`, in order; the last group is filled up to
    /// `n` with `fill` when one is given.
    static func batch(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...2)
        let size = try integer(arguments[0])
        guard size >= 1 else { throw FilterError("expected a group size of 1 or more, not \(size)") }
        let items = try list(input)
        var groups: [TemplateValue] = []
        for start in stride(from: 0, to: items.count, by: size) {
            var group = Array(items[start..<Swift.min(start + size, items.count)])
            if arguments.count == 2 { group += Array(repeating: arguments[1], count: size - group.count) }
            groups.append(.array(group))
        }
        return .array(groups)
    }

    /// `slice(n)` and `slice(n, fill)`, as in Jinja: the items (or characters) in `n` columns of
    /// nearly equal length, the first ones one longer, in order; `fill` is added to each shorter
    /// column. An integer `fill` is refused: it is how `slice(start, end)` read before this
    /// filter took Jinja's meaning, and `items[start:end]` now says that.
    static func slice(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...2)
        let columns = try integer(arguments[0])
        guard (1...10_000).contains(columns) else { throw FilterError("expected 1 to 10000 columns, not \(columns)") }
        if arguments.count == 2, case .int(let end) = arguments[1] {
            throw FilterError("slice(n) splits into n columns, as in Jinja; for the items from \(columns) to \(end), write items[\(columns):\(end)]")
        }
        let all = try elements(of: input)
        let (size, longer) = all.count.quotientAndRemainder(dividingBy: columns)
        var result: [TemplateValue] = []
        var start = 0
        for column in 0..<columns {
            let end = start + size + (column < longer ? 1 : 0)
            var items = Array(all[start..<end])
            if arguments.count == 2, column >= longer { items.append(arguments[1]) }
            result.append(.array(items))
            start = end
        }
        return .array(result)
    }

    /// `list`: the items of a list, the characters of text, or the keys of an object, as a list.
    static func listFilter(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        if case .object(let object) = input { return .array(object.keys.map { .string($0) }) }
        return .array(try elements(of: input))
    }

    /// `items`: an object's keys and values as a list of pairs, in order (for `for key, value in d | items`).
    static func items(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        guard case .object(let object) = input else { throw FilterError("expected an object, not \(Renderer.article(input))") }
        return .array(object.pairs.map { .array([.string($0.key), $0.value]) })
    }

    /// `sum(attribute?, start?)`: the numbers (or lists, after a list `start`) added up, after `start` (0), as `+` adds them.
    static func sum(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...2)
        let attribute = try attributeName(arguments.first)
        var total = arguments.count == 2 ? arguments[1] : .int(0)
        for (position, item) in try list(input).enumerated() {
            let value = try pick(attribute, of: item, at: position)
            switch value {
            case .int, .double, .array:
                do {
                    total = try Operators.apply(.add, total, value)
                } catch {
                    throw FilterError(error.message)
                }
            default:
                throw FilterError("can only add numbers or lists, not \(Renderer.article(value))")
            }
        }
        return total
    }

    /// `unique(case_sensitive?, attribute?)`: the items without repeats, each where it first appears.
    static func unique(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...2)
        let caseSensitive = try flag(arguments.first)
        let attribute = try attributeName(arguments.count == 2 ? arguments[1] : nil)
        var seen: [TemplateValue] = []
        var kept: [TemplateValue] = []
        for (position, item) in try list(input).enumerated() {
            let key = folded(try pick(attribute, of: item, at: position), caseSensitive: caseSensitive)
            if !seen.contains(key) {
                seen.append(key)
                kept.append(item)
            }
        }
        return .array(kept)
    }

    /// `min(case_sensitive?, attribute?)`: the smallest item; an empty list is an error.
    static func min(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try extreme(input, arguments, smallest: true)
    }

    /// `max(case_sensitive?, attribute?)`: the largest item; an empty list is an error.
    static func max(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try extreme(input, arguments, smallest: false)
    }

    private static func extreme(_ input: TemplateValue, _ arguments: [TemplateValue], smallest: Bool) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...2)
        let caseSensitive = try flag(arguments.first)
        let attribute = try attributeName(arguments.count == 2 ? arguments[1] : nil)
        var best: (item: TemplateValue, key: TemplateValue)?
        for (position, item) in try list(input).enumerated() {
            let key = folded(try pick(attribute, of: item, at: position), caseSensitive: caseSensitive)
            guard let current = best else {
                best = (item, key)
                continue
            }
            let order: Int
            do {
                order = try Operators.compare(key, current.key)
            } catch {
                throw FilterError("cannot compare \(Renderer.article(key)) with \(Renderer.article(current.key))")
            }
            if smallest ? order < 0 : order > 0 { best = (item, key) }
        }
        guard let best else { throw FilterError("the list is empty, so it has no \(smallest ? "smallest" : "largest") item") }
        return best.item
    }

    /// Text lower-cased for comparing without regard to case; other values as they are.
    static func folded(_ value: TemplateValue, caseSensitive: Bool) -> TemplateValue {
        guard !caseSensitive, let text = value.stringText else { return value }
        return .string(text.lowercased())
    }

    /// The true-or-false argument at `index`; false when it is not given.
    static func flag(_ arguments: [TemplateValue], at index: Int) throws(FilterError) -> Bool {
        try flag(arguments.indices.contains(index) ? Optional(arguments[index]) : Optional.none)
    }

    /// A true-or-false argument; false when it is not given.
    static func flag(_ value: TemplateValue?) throws(FilterError) -> Bool {
        guard let value else { return false }
        guard case .bool(let flag) = value else { throw FilterError("expected true or false, not \(Renderer.article(value))") }
        return flag
    }

    private static func attributeName(_ value: TemplateValue?) throws(FilterError) -> String? {
        guard let value, value != .null else { return nil }
        guard let name = value.stringText else { throw FilterError("expected an attribute name, not \(Renderer.article(value))") }
        return name
    }

    /// `attr(name)`: the attribute `name` of an object, as `object.name` reads it (and as that is an
    /// error when there is none).
    static func attr(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...1)
        let name = try text(arguments[0])
        guard case .object(let object) = input else { throw FilterError("expected an object, not \(Renderer.article(input))") }
        guard let value = object[name] else {
            let hint = NameSuggestion.closest(to: name, among: object.keys).map { "; did you mean '\($0)'?" } ?? ""
            throw FilterError("undefined attribute '\(name)'\(hint)")
        }
        return value
    }

    /// The item, or its attribute `name`: the one rule of every filter that reads an attribute
    /// of each item (`map`, `sort`, `sum`, `selectattr`, `groupby`…). As in Jinja, a dotted name
    /// reads attributes of attributes (`"author.name"`) and a part made of digits is a list
    /// index (`"tags.0"`). When a part is missing: `fallback` when one is given, else an error.
    static func pick(_ name: String?, of item: TemplateValue, at position: Int,
                     default fallback: TemplateValue? = nil) throws(FilterError) -> TemplateValue {
        guard let name else { return item }
        func missing() throws(FilterError) -> TemplateValue {
            guard let fallback else { throw FilterError("item \(position + 1) has no attribute '\(name)'") }
            return fallback
        }
        // A plain name (the usual case) is one look-up, with no list of parts.
        guard name.utf8.contains(UInt8(ascii: ".")) || isIndex(Substring(name)) else {
            guard case .object(let object) = item, let value = object[name] else { return try missing() }
            return value
        }
        var value = item
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            switch value {
            case .object(let object) where !isIndex(part):
                guard let next = object[String(part)] else { return try missing() }
                value = next
            case .array(let items) where isIndex(part):
                guard let index = Int(part), items.indices.contains(index) else { return try missing() }
                value = items[index]
            default:
                return try missing()
            }
        }
        return value
    }

    /// Whether a part of an attribute path is a list index: ASCII digits only, as Jinja reads it.
    private static func isIndex(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
