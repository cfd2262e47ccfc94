/// Filters that keep or drop items by a test, and sort an object, with Jinja's meaning and
/// argument order: `select`, `reject`, `selectattr`, `rejectattr` and `dictsort`.
extension Filters {
    /// `select(test?, argument?)`: the items that pass the test (by default, those that are true).
    static func select(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try keep(input, arguments, attribute: false, passing: true)
    }

    /// `reject(test?, argument?)`: the items that fail the test.
    static func reject(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try keep(input, arguments, attribute: false, passing: false)
    }

    /// `selectattr(attribute, test?, argument?)`: the items whose attribute passes the test.
    static func selectattr(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try keep(input, arguments, attribute: true, passing: true)
    }

    /// `rejectattr(attribute, test?, argument?)`: the items whose attribute fails the test.
    static func rejectattr(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try keep(input, arguments, attribute: true, passing: false)
    }

    private static func keep(_ input: TemplateValue, _ arguments: [TemplateValue], attribute byAttribute: Bool,
                             passing: Bool) throws(FilterError) -> TemplateValue {
        var arguments = arguments[...]
        var attribute: String?
        if byAttribute {
            guard let first = arguments.popFirst(), let name = first.stringText else {
                throw FilterError("expected an attribute name first")
            }
            attribute = name
        }
        guard arguments.count <= 2 else { throw FilterError("expected a test name and at most one argument for it") }
        var test: String?
        if let name = arguments.popFirst() {
            guard let text = name.stringText else { throw FilterError("expected a test name, not \(Renderer.article(name))") }
            test = text
        }
        let argument = arguments.popFirst()
        if let test { try Tests.check(test, arguments: argument == nil ? 0 : 1) }
        var kept: [TemplateValue] = []
        for (position, item) in try list(input).enumerated() {
            let value = try pick(attribute, of: item, at: position)
            let passes: Bool
            switch (test, argument) {
            case (nil, _): passes = value.isTruthy
            case (let name?, nil): passes = try Tests.passes(name, value)
            case (let name?, let argument?): passes = try Tests.passes(name, value, argument)
            }
            if passes == passing { kept.append(item) }
        }
        return .array(kept)
    }

    /// `dictsort(case_sensitive?, by?, reverse?)`: an object's pairs sorted by key (`by` "key") or by
    /// value ("value"), text without regard to case unless `case_sensitive` is true.
    static func dictsort(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...3)
        guard case .object(let object) = input else { throw FilterError("expected an object, not \(Renderer.article(input))") }
        let caseSensitive = try flag(arguments.first)
        var byValue = false
        if arguments.count > 1 {
            switch arguments[1].stringText {
            case "key": byValue = false
            case "value": byValue = true
            default: throw FilterError("expected by \"key\" or \"value\"")
            }
        }
        let descending = try flag(arguments, at: 2)
        let pairs = object.pairs
        var keys: [TemplateValue] = []
        for pair in pairs {
            var key = byValue ? pair.value : .string(pair.key)
            if !caseSensitive, let text = key.stringText { key = .string(text.lowercased()) }
            keys.append(key)
        }
        var failure: FilterError?
        let order = keys.indices.sorted { a, b in
            do {
                let comparison = try Operators.compare(keys[a], keys[b])
                if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
            } catch {
                failure = FilterError("cannot compare \(Renderer.article(keys[a])) with \(Renderer.article(keys[b]))")
            }
            return a < b
        }
        if let failure { throw failure }
        return .array(order.map { .array([.string(pairs[$0].key), pairs[$0].value]) })
    }
}
