/// `range(…)` and `items[start:end:step]`, with Python's and Jinja's meaning. Slicing: each bound optional (or none),
/// negative bounds counted from the end, bounds out of range clamped, a negative step walking
/// backwards. Lists give lists; text gives text of the same kind (safe stays safe).
extension Renderer {
    mutating func slice(_ value: TemplateValue, start: CompiledExpression?, end: CompiledExpression?, step: CompiledExpression?,
                        at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        let step = try bound(step, of: "a slice's bounds and step") ?? 1
        guard step != 0 else {
            throw TemplateError(kind: .type, location: location, message: "a slice's step cannot be zero")
        }
        let (start, end) = (try bound(start, of: "a slice's bounds and step"), try bound(end, of: "a slice's bounds and step"))
        switch value {
        case .array(let items):
            return .array(Self.sliceIndices(count: items.count, start: start, end: end, step: step).map { items[$0] })
        case .string(let text), .safe(let text):
            let characters = Array(text)
            let sliced = String(Self.sliceIndices(count: characters.count, start: start, end: end, step: step).map { characters[$0] })
            return value.isSafe ? .safe(sliced) : .string(sliced)
        default:
            throw TemplateError(kind: .type, location: location, message: "cannot slice \(Self.article(value)); only a list or text can be sliced")
        }
    }

    /// A slice bound or a number of `range`: an integer, or nil when left out or none.
    private mutating func bound(_ expression: CompiledExpression?, of what: String) throws(TemplateError) -> Int? {
        guard let expression else { return nil }
        let value = try expression.evaluate(&self)
        switch value {
        case .null: return nil
        case .int(let number): return number
        default:
            throw TemplateError(kind: .type, location: expression.location,
                                message: "\(what) must be whole numbers, not \(Self.article(value))")
        }
    }

    /// The positions a slice takes from `count` items, in order.
    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        // Python's rule: a negative bound counts from the end; then bounds are clamped to the
        // range a walk in the step's direction can use.
        let (lower, upper) = step > 0 ? (0, count) : (-1, count - 1)
        func clamp(_ bound: Int?, default value: Int) -> Int {
            guard var bound else { return value }
            if bound < 0 { bound += count }
            return Swift.min(Swift.max(bound, lower), upper)
        }
        let first = clamp(start, default: step > 0 ? lower : upper)
        let last = clamp(end, default: step > 0 ? upper : lower)
        return Array(stride(from: first, to: last, by: step))
    }

    /// The most numbers `range` makes, as Jinja's sandbox allows.
    static let rangeLimit = 100_000

    /// `range(stop)`, `range(start, stop)`, `range(start, stop, step)`: whole numbers from `start`
    /// (0) up to but not including `stop`, `step` (1) apart; a negative step counts down.
    mutating func range(_ arguments: [CompiledExpression], at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        var given: [Int] = []
        for argument in arguments {
            guard let number = try bound(argument, of: "range's numbers") else {
                throw TemplateError(kind: .type, location: argument.location, message: "range takes whole numbers, not none")
            }
            given.append(number)
        }
        let (start, stop) = given.count == 1 ? (0, given[0]) : (given[0], given[1])
        let step = given.count == 3 ? given[2] : 1
        guard step != 0 else {
            throw TemplateError(kind: .type, location: location, message: "range's step cannot be zero")
        }
        // In floating point, so that no bounds overflow the count.
        let count = ((Double(stop) - Double(start)) / Double(step)).rounded(.up)
        guard count <= Double(Self.rangeLimit) else {
            throw TemplateError(kind: .type, location: location, message: "range would make more than \(Self.rangeLimit) numbers, the limit")
        }
        var numbers: [TemplateValue] = []
        var next = start
        while step > 0 ? next < stop : next > stop {
            numbers.append(.int(next))
            let (after, overflow) = next.addingReportingOverflow(step)
            if overflow { break }
            next = after
        }
        return .array(numbers)
    }
}
