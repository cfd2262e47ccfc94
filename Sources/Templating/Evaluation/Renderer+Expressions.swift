/// Expression evaluation. Undefined names, missing attributes and keys, attributes of none and
/// indexes out of range are errors, except where a lookup is allowed to fail: as the operand of
/// `is defined` / `is undefined` and as the input of `default` (`d`).
extension Renderer {
    mutating func evaluate(_ expression: Expression) throws(TemplateError) -> TemplateValue {
        switch expression.kind {
        case .literal(let value):
            return value
        case .list(let items):
            var values: [TemplateValue] = []
            for item in items {
                values.append(try evaluate(item))
            }
            return .array(values)
        case .dictionary(let pairs):
            var object = TemplateObject()
            for pair in pairs {
                let key = try evaluate(pair.key)
                guard let name = key.stringText else {
                    throw TemplateError(kind: .type, location: pair.key.location,
                                        message: "a dictionary's keys must be text, not \(Self.article(key))")
                }
                object[name] = try evaluate(pair.value)
            }
            return .object(object)
        case .variable, .attribute, .subscripted:
            return try lookUp(expression, lenient: false) ?? .null
        case .sliced(let base, let start, let end, let step):
            return try slice(try evaluate(base), start: start, end: end, step: step, at: expression.location)
        case .negate(let operand):
            let value = try evaluate(operand)
            do {
                return try Operators.negate(value)
            } catch {
                throw TemplateError(kind: .type, location: expression.location, message: error.message)
            }
        case .not(let operand):
            return .bool(!(try evaluate(operand).isTruthy))
        case .binary(.and, let left, let right):
            let value = try evaluate(left)
            return value.isTruthy ? try evaluate(right) : value
        case .binary(.or, let left, let right):
            let value = try evaluate(left)
            return value.isTruthy ? value : try evaluate(right)
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left)
            let rhs = try evaluate(right)
            let result: TemplateValue
            do {
                result = try Operators.apply(op, lhs, rhs, limits: limits)
            } catch {
                throw TemplateError(kind: error.tooLarge ? .tooLarge : .type, location: expression.location, message: error.message)
            }
            return try checkSize(result, at: expression.location)
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition).isTruthy {
                return try evaluate(then)
            }
            return try otherwise.map { (branch) throws(TemplateError) in try evaluate(branch) } ?? .null
        case .filter(let input, let name, let arguments):
            return try applyFilter(name, input: input, arguments: arguments, at: expression.location)
        case .test(let operand, let name, let negated, let arguments):
            let result = try arguments.isEmpty
                ? applyTest(name, to: operand, at: expression.location)
                : applyTest(name, to: try evaluate(operand), argument: try evaluate(arguments[0]), at: expression.location)
            return .bool(result != negated)
        case .superBlock:
            return try renderSuper(at: expression.location)
        case .captured(let nodes):
            return try capture(nodes, at: expression.location)
        case .call(_, let arguments):
            return try range(arguments, at: expression.location)
        case .macroCall(let call):
            return try callMacro(call, at: expression.location)
        case .callerCall(let arguments, let nesting):
            return try callCaller(arguments, nesting: nesting, at: expression.location)
        case .cycle(let loop, let values):
            return try cycle(loop, values: values, at: expression.location)
        }
    }

    /// `loop.cycle(a, b, …)`: the value for the current turn of the loop whose `loop` it reads.
    mutating func cycle(_ loop: Expression, values: [Expression], at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        let state = try evaluate(loop)
        var evaluated: [TemplateValue] = []
        for value in values { evaluated.append(try evaluate(value)) }
        guard case .object(let object) = state, case .int(let turn)? = object["index0"], !evaluated.isEmpty else {
            throw TemplateError(kind: .type, location: location, message: "loop.cycle() works only on the 'loop' of a for loop")
        }
        return evaluated[turn % evaluated.count]
    }

    private mutating func applyFilter(_ name: String, input: Expression, arguments: [Expression], at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        let value = Filters.takingUndefined.contains(name) ? try lookUp(input, lenient: true) ?? .null : try evaluate(input)
        var values: [TemplateValue] = []
        for argument in arguments {
            values.append(try evaluate(argument))
        }
        guard let filter = filters[name] else {
            throw TemplateError(kind: .unknownFilter, location: location, message: "unknown filter '\(name)'")
        }
        let result: TemplateValue
        do {
            result = try filter(value, values)
        } catch {
            throw TemplateError(kind: .filter, location: location, message: "filter '\(name)': \(error.message)")
        }
        return try checkSize(result, at: location)
    }

    private mutating func applyTest(_ name: String, to operand: Expression, at location: TemplateLocation) throws(TemplateError) -> Bool {
        switch name {
        case "defined": return try lookUp(operand, lenient: true) != nil
        case "undefined": return try lookUp(operand, lenient: true) == nil
        default: break
        }
        let value = try evaluate(operand)
        do {
            return try Tests.passes(name, value)
        } catch {
            throw TemplateError(kind: .type, location: location, message: error.message)
        }
    }

    /// Resolves a variable, attribute or subscript chain. When `lenient`, a missing link gives
    /// nil instead of an error (type errors in subscripts still throw); other expressions are
    /// evaluated normally.
    mutating func lookUp(_ expression: Expression, lenient: Bool) throws(TemplateError) -> TemplateValue? {
        switch expression.kind {
        case .variable(let name):
            if let value = scope.lookup(name) { return value }
            if lenient { return nil }
            var message = "undefined variable '\(name)'"
            if let suggestion = NameSuggestion.closest(to: name, among: scope.visibleNames.sorted()) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw TemplateError(kind: .undefined, location: expression.location, message: message)
        case .attribute(let baseExpression, let attribute):
            // The common `name.attribute`, found without a second trip through this function.
            if case .variable(let name) = baseExpression.kind, case .object(let object)? = scope.lookup(name),
               let value = object[attribute] {
                return value
            }
            guard let base = try lookUp(baseExpression, lenient: lenient) else { return nil }
            return try readAttribute(attribute, of: base, from: baseExpression, lenient: lenient, at: expression.location)
        case .subscripted(let baseExpression, let keyExpression):
            guard let base = try lookUp(baseExpression, lenient: lenient) else { return nil }
            let key = try evaluate(keyExpression)
            return try readIndex(key, of: base, from: baseExpression, lenient: lenient, at: expression.location)
        default:
            return try evaluate(expression)
        }
    }

    private func readAttribute(_ attribute: String, of base: TemplateValue, from baseExpression: Expression, lenient: Bool, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
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

    private func readIndex(_ key: TemplateValue, of base: TemplateValue, from baseExpression: Expression, lenient: Bool, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
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
