import Foundation

/// Arithmetic, comparison, membership and concatenation on template values.
enum Operators {
    struct Failure: Error {
        var message: String
        /// The result would pass the render's limits.
        var tooLarge = false
        init(_ message: String, tooLarge: Bool = false) {
            self.message = message
            self.tooLarge = tooLarge
        }
    }

    /// `limits` bounds what `*` may repeat, before the repeated text or list is made.
    static func apply(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue,
                      limits: TemplateEnvironment.Limits = .init()) throws(Failure) -> TemplateValue {
        switch op {
        case .and: return lhs.isTruthy ? rhs : lhs
        case .or: return lhs.isTruthy ? lhs : rhs
        case .equal: return .bool(equal(lhs, rhs))
        case .notEqual: return .bool(!equal(lhs, rhs))
        case .less: return .bool(try compare(lhs, rhs, op) < 0)
        case .lessOrEqual: return .bool(try compare(lhs, rhs, op) <= 0)
        case .greater: return .bool(try compare(lhs, rhs, op) > 0)
        case .greaterOrEqual: return .bool(try compare(lhs, rhs, op) >= 0)
        case .contains: return .bool(try contains(rhs, lhs))
        case .notContains: return .bool(!(try contains(rhs, lhs)))
        case .concat: return try concatenate(lhs, rhs)
        case .multiply where repeats(lhs) || repeats(rhs):
            return try repeated(lhs, rhs, limits: limits)
        case .power: return try power(lhs, rhs)
        case .add, .subtract, .multiply, .divide, .floorDivide, .remainder: return try arithmetic(op, lhs, rhs)
        }
    }

    /// Equality that treats 1 and 1.0 as equal and compares safe and plain strings by text.
    static func equal(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)): Double(a) == b
        case (.double(let a), .int(let b)): a == Double(b)
        case (.string(let a), .safe(let b)), (.safe(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)): a.keys == b.keys && zip(a.pairs, b.pairs).allSatisfy { equal($0.value, $1.value) }
        default: lhs == rhs
        }
    }

    /// Orders numbers with numbers and strings with strings (by Unicode scalar values, so the
    /// order never depends on the locale); anything else cannot be ordered.
    static func compare(_ lhs: TemplateValue, _ rhs: TemplateValue, _ op: BinaryOperator? = nil) throws(Failure) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = number(lhs), b = number(rhs)
            return a < b ? -1 : (a == b ? 0 : 1)
        default:
            if let a = lhs.stringText, let b = rhs.stringText {
                let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
                return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
            }
            let what = op.map { "'\($0.rawValue)'" } ?? "ordering"
            throw Failure("cannot compare \(Renderer.article(lhs)) with \(Renderer.article(rhs)) using \(what)")
        }
    }

    private static func number(_ value: TemplateValue) -> Double {
        switch value {
        case .int(let a): Double(a)
        case .double(let a): a
        default: 0
        }
    }

    /// `needle in haystack`: an item of a list, a substring of a string, a key of an object.
    static func contains(_ haystack: TemplateValue, _ needle: TemplateValue) throws(Failure) -> Bool {
        switch haystack {
        case .array(let items):
            return items.contains { equal($0, needle) }
        case .string(let text), .safe(let text):
            guard let part = needle.stringText else {
                throw Failure("'in' a string needs a string on the left, not \(Renderer.article(needle))")
            }
            return part.isEmpty || text.contains(part)
        case .object(let object):
            guard let key = needle.stringText else { return false }
            return object[key] != nil
        default:
            throw Failure("cannot use 'in' with \(Renderer.article(haystack)) on the right")
        }
    }

    /// `~` joins the text of two scalars. If either side is safe the result is safe, with the
    /// plain side escaped, so nothing is escaped twice and no plain text goes out unescaped.
    static func concatenate(_ lhs: TemplateValue, _ rhs: TemplateValue) throws(Failure) -> TemplateValue {
        guard let a = lhs.scalarText, let b = rhs.scalarText else {
            let offender = lhs.scalarText == nil ? lhs : rhs
            throw Failure("cannot join \(Renderer.article(offender)) as text")
        }
        if lhs.isSafe || rhs.isSafe {
            return .safe(Escaping.html(of: lhs, text: a) + Escaping.html(of: rhs, text: b))
        }
        return .string(a + b)
    }

    static func negate(_ value: TemplateValue) throws(Failure) -> TemplateValue {
        switch value {
        case .int(let a):
            let (result, overflow) = Int(0).subtractingReportingOverflow(a)
            guard !overflow else { throw Failure("integer overflow") }
            return .int(result)
        case .double(let a):
            return .double(-a)
        default:
            throw Failure("cannot negate \(Renderer.article(value))")
        }
    }

    /// Numbers only, except `+`, which also joins two strings (like `~`) or two lists. Integer
    /// operations stay integers (and report overflow); `/` always gives a float, `//` floors and
    /// `%` takes the sign of the divisor, as in Jinja.
    private static func arithmetic(_ op: BinaryOperator, _ lhs: TemplateValue, _ rhs: TemplateValue) throws(Failure) -> TemplateValue {
        switch (op, lhs, rhs) {
        case (.add, .array(let a), .array(let b)):
            return .array(a + b)
        case (.add, _, _) where lhs.stringText != nil && rhs.stringText != nil:
            return try concatenate(lhs, rhs)
        case (_, .int(let a), .int(let b)):
            return try integerArithmetic(op, a, b)
        case (_, .int, .double), (_, .double, .int), (_, .double, .double):
            let a = number(lhs), b = number(rhs)
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide:
                guard b != 0 else { throw Failure("division by zero") }
                return .double(a / b)
            case .floorDivide:
                guard b != 0 else { throw Failure("division by zero") }
                return .double((a / b).rounded(.down))
            default:
                guard b != 0 else { throw Failure("division by zero") }
                return .double(a - b * (a / b).rounded(.down))
            }
        default:
            throw Failure("cannot use '\(op.rawValue)' with \(Renderer.article(lhs)) and \(Renderer.article(rhs))")
        }
    }

    private static func repeats(_ value: TemplateValue) -> Bool {
        if case .array = value { return true }
        return value.stringText != nil
    }

    /// `text * n` and `list * n` (or `n * …`): `n` copies one after the other, none when `n` is
    /// zero or less, as in Python; safe text stays safe.
    private static func repeated(_ lhs: TemplateValue, _ rhs: TemplateValue, limits: TemplateEnvironment.Limits) throws(Failure) -> TemplateValue {
        let (value, times): (TemplateValue, Int)
        switch (lhs, rhs) {
        case (_, .int(let count)): (value, times) = (lhs, Swift.max(0, count))
        case (.int(let count), _): (value, times) = (rhs, Swift.max(0, count))
        default: throw Failure("cannot use '*' with \(Renderer.article(lhs)) and \(Renderer.article(rhs)); text and lists repeat by an integer")
        }
        switch value {
        case .array(let items):
            let (count, overflow) = items.count.multipliedReportingOverflow(by: times)
            guard !overflow, count <= limits.items else { throw Failure("list too long (more than \(limits.items) items)", tooLarge: true) }
            return .array(Array([[TemplateValue]](repeating: items, count: times).joined()))
        case .string(let text), .safe(let text):
            let (count, overflow) = text.utf8.count.multipliedReportingOverflow(by: times)
            guard !overflow, count <= limits.bytes else { throw Failure("text too long (more than \(limits.bytes) bytes)", tooLarge: true) }
            let result = String(repeating: text, count: times)
            return value.isSafe ? .safe(result) : .string(result)
        default:
            throw Failure("cannot use '*' with \(Renderer.article(lhs)) and \(Renderer.article(rhs))")
        }
    }

    /// `a ** b`: whole numbers stay whole for an exponent of zero or more (and report overflow);
    /// otherwise a float, as in Python.
    private static func power(_ lhs: TemplateValue, _ rhs: TemplateValue) throws(Failure) -> TemplateValue {
        switch (lhs, rhs) {
        case (.int(var base), .int(var exponent)) where exponent >= 0:
            var result = 1
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (product, overflow) = result.multipliedReportingOverflow(by: base)
                    guard !overflow else { throw Failure("integer overflow") }
                    result = product
                }
                exponent >>= 1
                if exponent > 0 {
                    let (square, overflow) = base.multipliedReportingOverflow(by: base)
                    guard !overflow else { throw Failure("integer overflow") }
                    base = square
                }
            }
            return .int(result)
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            let base = number(lhs), exponent = number(rhs)
            guard base != 0 || exponent >= 0 else { throw Failure("division by zero") }
            guard base >= 0 || exponent == exponent.rounded(.towardZero) else {
                throw Failure("cannot raise a negative number to a fractional power")
            }
            let result = Foundation.pow(base, exponent)
            guard result.isFinite || !base.isFinite || !exponent.isFinite else { throw Failure("number too large") }
            return .double(result)
        default:
            throw Failure("cannot use '**' with \(Renderer.article(lhs)) and \(Renderer.article(rhs))")
        }
    }

    private static func integerArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int) throws(Failure) -> TemplateValue {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            guard b != 0 else { throw Failure("division by zero") }
            return .double(Double(a) / Double(b))
        case .floorDivide, .remainder:
            guard b != 0 else { throw Failure("division by zero") }
            guard !(a == .min && b == -1) else { throw Failure("integer overflow") }
            var quotient = a / b
            var remainder = a % b
            if remainder != 0 && ((remainder < 0) != (b < 0)) {
                quotient -= 1
                remainder += b
            }
            return .int(op == .floorDivide ? quotient : remainder)
        default:
            throw Failure("cannot use '\(op.rawValue)' with numbers")
        }
        guard !result.overflow else { throw Failure("integer overflow") }
        return .int(result.partialValue)
    }
}
