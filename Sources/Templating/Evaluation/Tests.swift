/// The tests of `is`, on values, with Jinja's names and meaning: those without an argument
/// (`x is odd`) and those with one (`x is divisibleby(3)`, `x is gt(2)`, `x is in(list)`).
/// `defined` and `undefined` look at the expression, not a value: the renderer answers them.
/// Filters that take a test by name (`select`, `selectattr`…) use these too.
enum Tests {
    /// Checks that `name` is a test and is given as many arguments as it takes (none or one):
    /// `select`, `selectattr` and the others check before they test any item.
    static func check(_ name: String, arguments: Int) throws(FilterError) {
        if Parser.testsWithArgument.contains(name) {
            guard arguments == 1 else { throw FilterError("test '\(name)' needs one argument") }
        } else if Parser.tests.contains(name) {
            guard arguments == 0 else { throw FilterError("test '\(name)' takes no argument") }
        } else {
            throw FilterError(unknown(name))
        }
    }

    /// "unknown test 'x'", with the closest known name when one is close.
    static func unknown(_ name: String) -> String {
        let known = Parser.tests.union(Parser.testsWithArgument).filter { $0.first?.isLetter == true }
        let hint = NameSuggestion.closest(to: name, among: known.sorted()).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown test '\(name)'\(hint)"
    }

    static func passes(_ name: String, _ value: TemplateValue) throws(FilterError) -> Bool {
        switch (name, value) {
        case ("none", .null): return true
        case ("string", .string), ("string", .safe): return true
        case ("number", .int), ("number", .double), ("integer", .int), ("float", .double): return true
        case ("boolean", .bool): return true
        case ("true", .bool(true)), ("false", .bool(false)): return true
        case ("mapping", .object): return true
        // Anything with a length and items to index, as in Jinja: text and objects too.
        case ("sequence", .array), ("sequence", .object), ("sequence", .string), ("sequence", .safe),
             ("iterable", .array), ("iterable", .object), ("iterable", .string), ("iterable", .safe): return true
        case ("odd", .int(let number)): return number % 2 != 0
        case ("even", .int(let number)): return number % 2 == 0
        // Jinja's `value % 2 == 1`: 3.0 is odd, 3.5 is neither.
        case ("odd", .double(let number)): return number.truncatingRemainder(dividingBy: 2).magnitude == 1
        case ("even", .double(let number)): return number.truncatingRemainder(dividingBy: 2) == 0
        case ("odd", _), ("even", _):
            throw FilterError("test '\(name)' needs a number, not \(Renderer.article(value))")
        case ("lower", .string(let text)), ("lower", .safe(let text)): return hasCase(text, lower: true)
        case ("upper", .string(let text)), ("upper", .safe(let text)): return hasCase(text, lower: false)
        case ("defined", _): return true
        case ("undefined", _): return false
        default: return false
        }
    }

    /// Python's `islower` (`isupper`): at least one cased letter, and every cased letter lower
    /// (upper) case, so "123" is neither.
    private static func hasCase(_ text: String, lower: Bool) -> Bool {
        var cased = false
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .titlecaseLetter || (lower ? properties.isUppercase : properties.isLowercase) {
                return false
            }
            if lower ? properties.isLowercase : properties.isUppercase { cased = true }
        }
        return cased
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
            throw FilterError(unknown(name))
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
