/// Tests that take an argument (`x is divisibleby(3)`, `x is gt(2)`, `x is in(list)`), with
/// Jinja's names and meaning.
extension Renderer {
    func applyTest(_ name: String, to value: TemplateValue, argument: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> Bool {
        func failure(_ message: String) -> TemplateError { TemplateError(kind: .type, location: location, message: message) }
        func compared(_ op: BinaryOperator) throws(TemplateError) -> Bool {
            do {
                return try Operators.apply(op, value, argument) == .bool(true)
            } catch {
                throw failure("test '\(name)': \(error.message)")
            }
        }
        switch name {
        case "divisibleby":
            guard case .int(let number) = value, case .int(let divisor) = argument else {
                throw failure("test 'divisibleby' needs whole numbers, not \(Self.article(value)) and \(Self.article(argument))")
            }
            guard divisor != 0 else { throw failure("test 'divisibleby': cannot divide by zero") }
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
                throw failure("test 'in': \(error.message)")
            }
        default:
            throw failure("unknown test '\(name)'")
        }
    }
}
