/// The tests of `is`, on values, with Jinja's names and meaning: those without an argument
/// (`x is odd`) and those with one (`x is divisibleby(3)`, `x is gt(2)`, `x is in(list)`).
/// `defined` and `undefined` look at the expression, not a value: the renderer answers them.
/// Filters that take a test by name (`select`, `selectattr`…) use these too.
enum Tests {
    static func passes(_ name: String, _ value: TemplateValue) throws(FilterError) -> Bool {
        switch (name, value) {
        case ("none", .null): return true
        case ("string", .string), ("string", .safe): return true
        case ("number", .int), ("number", .double), ("integer", .int), ("float", .double): return true
        case ("boolean", .bool): return true
        case ("true", .bool(true)), ("false", .bool(false)): return true
        case ("sequence", .array), ("mapping", .object): return true
        case ("iterable", .array), ("iterable", .object), ("iterable", .string), ("iterable", .safe): return true
        case ("odd", .int(let number)): return number % 2 != 0
        case ("even", .int(let number)): return number % 2 == 0
        case ("odd", _), ("even", _):
            throw FilterError("test '\(name)' needs an integer, not \(Renderer.article(value))")
        case ("lower", .string(let text)), ("lower", .safe(let text)): return text == text.lowercased()
        case ("upper", .string(let text)), ("upper", .safe(let text)): return text == text.uppercased()
        case ("defined", _): return true
        case ("undefined", _): return false
        default: return false
        }
    }

    static func passes(_ name: String, _ value: TemplateValue, _ argument: TemplateValue) throws(FilterError) -> Bool {
        func compared(_ op: BinaryOperator) throws(FilterError) -> Bool {
            do {
                return try Operators.apply(op, value, argument) == .bool(true)
            } catch {
                throw FilterError("test '\(name)': \(error.message)")
            }
        }
        switch name {
        case "divisibleby":
            guard case .int(let number) = value, case .int(let divisor) = argument else {
                throw FilterError("test 'divisibleby' needs whole numbers, not \(Renderer.article(value)) and \(Renderer.article(argument))")
            }
            guard divisor != 0 else { throw FilterError("test 'divisibleby': cannot divide by zero") }
            return number % divisor == 0
        case "eq", "equalto", "==": return try compared(.equal)
        case "ne", "!=": return try compared(.notEqual)
        case "lt", "lessthan", "<": return try compared(.less)
        case "le", "<=": return try compared(.lessOrEqual)
        case "gt", "greaterthan", ">": return try compared(.greater)
        case "ge", ">=": return try compared(.greaterOrEqual)
        case "in":
            do {
                return try Operators.apply(.contains, value, argument) == .bool(true)
            } catch {
                throw FilterError("test 'in': \(error.message)")
            }
        default:
            throw FilterError("unknown test '\(name)'")
        }
    }
}

extension Renderer {
    func applyTest(_ name: String, to value: TemplateValue, argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> Bool {
        do {
            return try Tests.passes(name, value, argument)
        } catch {
            throw TemplateError(kind: .type, location: location, message: error.message)
        }
    }
}
