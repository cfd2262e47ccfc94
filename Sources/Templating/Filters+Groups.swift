/// `groupby`, with Jinja's meaning and argument order, and the one shape of a group, which the
/// site's own grouping filters make too.
extension Filters {
    /// `groupby(attribute, default=none, case_sensitive=false)` (Jinja's names and defaults): the
    /// items sorted by the attribute (a name, a dotted path such as `"author.name"`, or a list
    /// index), then one group for each value, in that order. Each group reads as `g.grouper` and
    /// `g.list`, and unpacks in `for grouper, list in items | groupby("city")`. Items without
    /// the attribute take `default` when it is not none, else are an error. Text is compared
    /// without regard to case unless `case_sensitive`, and a group's grouper is then the value
    /// of its first item. Values that cannot be ordered together (text with numbers, none) are
    /// an error, as in Jinja.
    static func groupby(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 1...3)
        let attribute: String
        switch arguments[0] {
        case .string(let name), .safe(let name): attribute = name
        case .int(let index) where index >= 0: attribute = String(index)
        default: throw FilterError("expected an attribute name or an index of 0 or more, not \(Renderer.article(arguments[0]))")
        }
        var fallback: TemplateValue?
        if arguments.count > 1, arguments[1] != .null { fallback = arguments[1] }
        let caseSensitive = try flag(arguments, at: 2)
        let items = try list(input)
        var groupers: [TemplateValue] = []
        var keys: [TemplateValue] = []
        for (position, item) in items.enumerated() {
            let grouper = try pick(attribute, of: item, at: position, default: fallback)
            groupers.append(grouper)
            keys.append(orderingKey(grouper, caseSensitive: caseSensitive))
        }
        var failure: FilterError?
        let order = keys.indices.sorted { a, b in
            do {
                let comparison = try Operators.compare(keys[a], keys[b])
                if comparison != 0 { return comparison < 0 }
            } catch {
                failure = FilterError("cannot sort \(Renderer.article(groupers[a])) with \(Renderer.article(groupers[b])) to group them")
            }
            return a < b
        }
        if let failure { throw failure }
        var groups: [TemplateValue] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, Operators.equal(keys[order[end]], keys[order[start]]) { end += 1 }
            groups.append(.group(groupers[order[start]], order[start..<end].map { items[$0] }))
            start = end
        }
        return .array(groups)
    }

    /// How `groupby` orders and compares a value: text folded unless `caseSensitive`, and
    /// true and false as 1 and 0, as Python orders them.
    private static func orderingKey(_ value: TemplateValue, caseSensitive: Bool) -> TemplateValue {
        if case .bool(let flag) = value { return .int(flag ? 1 : 0) }
        return folded(value, caseSensitive: caseSensitive)
    }
}

extension TemplateValue {
    /// The keys of a group, in order.
    static let groupKeys = ["grouper", "list"]
    private static let groupLayout = TemplateObject.Layout(uniqueKeys: groupKeys)

    /// A group as `groupby` makes it: an object with the keys `grouper` and `list`, read as
    /// `g.grouper` and `g.list`; a loop with two names unpacks it into those two values, as
    /// Jinja's groups (named tuples) unpack.
    public static func group(_ grouper: TemplateValue, _ list: [TemplateValue]) -> TemplateValue {
        .object(TemplateObject(groupLayout, values: [grouper, .array(list)]))
    }

    /// The grouper and list of a group (an object whose keys are exactly `grouper` and `list`,
    /// in that order), for a loop with two names; nil for any other value.
    var groupParts: (TemplateValue, TemplateValue)? {
        guard case .object(let object) = self, object.count == 2, object.keys == Self.groupKeys,
              let grouper = object["grouper"], let list = object["list"] else { return nil }
        return (grouper, list)
    }
}
