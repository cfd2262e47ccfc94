/// The rules compiled expressions (`Compiler+Expressions`) call: lookups, operators, filters,
/// tests. Undefined names, missing attributes and keys, attributes of none and indexes out of
/// range are errors, except in a lenient lookup (`Evaluator`).
extension Renderer {
    /// `{"key": value, …}`: keys evaluate to text, a later key replacing an earlier.
    mutating func dictionary(_ pairs: [(key: CompiledExpression, value: CompiledExpression)]) throws(TemplateError) -> TemplateValue {
        var object = TemplateObject()
        for pair in pairs {
            let key = try pair.key.evaluate(&self)
            guard let name = key.stringText else {
                throw TemplateError(kind: .type, location: pair.key.location,
                                    message: "a dictionary's keys must be text, not \(Self.article(key))")
            }
            object[name] = try pair.value.evaluate(&self)
        }
        return .object(object)
    }

    /// A variable's value; when `lenient`, nil for an undefined one instead of an error.
    func variable(_ name: String, lenient: Bool, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
        if let value = scope.lookup(name) { return value }
        if lenient { return nil }
        var message = "undefined variable '\(name)'"
        if let suggestion = NameSuggestion.closest(to: name, among: scope.visibleNames.sorted()) {
            message += "; did you mean '\(suggestion)'?"
        }
        throw TemplateError(kind: .undefined, location: location, message: message)
    }

    /// A binary operator other than `and` and `or`, which do not evaluate their right side first.
    func apply(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        let result: TemplateValue
        do {
            result = try Operators.apply(op, lhs, rhs, limits: limits)
        } catch {
            throw TemplateError(kind: error.tooLarge ? .tooLarge : .type, location: location, message: error.message)
        }
        return try checkSize(result, at: location)
    }

    /// `loop.cycle(a, b, …)`: the value for the current turn of the loop whose `loop` it reads.
    mutating func cycle(_ loop: CompiledExpression, values: [CompiledExpression], at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        let state = try loop.evaluate(&self)
        var evaluated: [TemplateValue] = []
        for value in values { evaluated.append(try value.evaluate(&self)) }
        guard case .object(let object) = state, case .int(let turn)? = object["index0"], !evaluated.isEmpty else {
            throw TemplateError(kind: .type, location: location, message: "loop.cycle() works only on the 'loop' of a for loop")
        }
        return evaluated[turn % evaluated.count]
    }

    /// Applies a filter (nil when no filter has the name) to its evaluated input and arguments.
    func applyFilter(_ name: String, _ filter: TemplateFilter?, to value: TemplateValue, arguments: [TemplateValue],
                     at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        guard let filter else {
            throw TemplateError(kind: .unknownFilter, location: location, message: "unknown filter '\(name)'")
        }
        let result: TemplateValue
        do {
            result = try filter(value, arguments)
        } catch {
            throw TemplateError(kind: .filter, location: location, message: "filter '\(name)': \(error.message)")
        }
        return try checkSize(result, at: location)
    }

    /// A test without an argument; `defined` and `undefined` look the operand up leniently.
    mutating func applyTest(_ name: String, to operand: CompiledExpression, at location: TemplateLocation) throws(TemplateError) -> Bool {
        switch name {
        case "defined": return try operand.lookUp(&self, lenient: true) != nil
        case "undefined": return try operand.lookUp(&self, lenient: true) == nil
        default: break
        }
        let value = try operand.evaluate(&self)
        do {
            return try Tests.passes(name, value)
        } catch {
            throw TemplateError(kind: .type, location: location, message: error.message)
        }
    }

    /// `base.attribute`; when `lenient`, nil for a missing attribute instead of an error.
    func readAttribute(_ attribute: String, of base: TemplateValue, from baseExpression: Expression, lenient: Bool, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
        if case .object(let object) = base, let value = object[attribute] { return value }
        if lenient { return nil }
        throw attributeError(attribute, of: base, from: baseExpression, at: location)
    }

    /// Why `base.attribute` cannot be read, with a suggestion where one helps; only made on failure.
    private func attributeError(_ attribute: String, of base: TemplateValue, from baseExpression: Expression, at location: TemplateLocation) -> TemplateError {
        let described = Self.describe(baseExpression)
        switch base {
        case .object(let object):
            var message = "undefined attribute '\(attribute)' of '\(described)'"
            if let suggestion = NameSuggestion.closest(to: attribute, among: object.keys) {
                message += "; did you mean '\(suggestion)'?"
            }
            return TemplateError(kind: .undefined, location: location, message: message)
        case .null:
            return TemplateError(kind: .undefined, location: location, message: "cannot read attribute '\(attribute)' of '\(described)', which is none")
        default:
            return TemplateError(kind: .type, location: location, message: "cannot read attribute '\(attribute)' of '\(described)', which is \(Renderer.article(base))")
        }
    }

    func readIndex(_ key: TemplateValue, of base: TemplateValue, from baseExpression: Expression, lenient: Bool, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
        var described: String { Self.describe(baseExpression) }
        switch (base, key) {
        case (.array(let items), .int(let position)):
            let index = position < 0 ? items.count + position : position
            if items.indices.contains(index) { return items[index] }
            if lenient { return nil }
            throw TemplateError(kind: .undefined, location: location, message: "index \(position) is out of range for '\(described)', which has \(items.count) item\(items.count == 1 ? "" : "s")")
        case (.string(let text), .int(let position)), (.safe(let text), .int(let position)):
            let characters = Array(text)
            let index = position < 0 ? characters.count + position : position
            if characters.indices.contains(index) {
                let character = String(characters[index])
                return base.isSafe ? .safe(character) : .string(character)
            }
            if lenient { return nil }
            throw TemplateError(kind: .undefined, location: location, message: "index \(position) is out of range for '\(described)', which has \(characters.count) character\(characters.count == 1 ? "" : "s")")
        case (.object(let object), .string(let name)), (.object(let object), .safe(let name)):
            if let value = object[name] { return value }
            if lenient { return nil }
            var message = "undefined key '\(name)' of '\(described)'"
            if let suggestion = NameSuggestion.closest(to: name, among: object.keys) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw TemplateError(kind: .undefined, location: location, message: message)
        case (.null, _):
            if lenient { return nil }
            throw TemplateError(kind: .undefined, location: location, message: "cannot index '\(described)', which is none")
        case (.array, _), (.string, _), (.safe, _):
            throw TemplateError(kind: .type, location: location, message: "index into '\(described)' must be an integer, not \(Renderer.article(key))")
        case (.object, _):
            throw TemplateError(kind: .type, location: location, message: "key into '\(described)' must be a string, not \(Renderer.article(key))")
        default:
            throw TemplateError(kind: .type, location: location, message: "cannot index '\(described)', which is \(Renderer.article(base))")
        }
    }

    /// A short source-like name for the value an expression reads ("release.tags[0]"), for messages.
    static func describe(_ expression: Expression) -> String {
        switch expression.kind {
        case .variable(let name): name
        case .attribute(let base, let attribute): "\(describe(base)).\(attribute)"
        case .subscripted(let base, let key):
            switch key.kind {
            case .literal(.int(let position)): "\(describe(base))[\(position)]"
            case .literal(.string(let name)): "\(describe(base))[\"\(name)\"]"
            default: "\(describe(base))[…]"
            }
        case .sliced(let base, _, _, _): "\(describe(base))[…:…]"
        case .literal(let value): value.scalarText.map { value.stringText != nil ? "\"\($0)\"" : $0 } ?? "value"
        case .superBlock: "super()"
        default: "expression"
        }
    }
}
