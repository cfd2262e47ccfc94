/// Expressions, compiled. Undefined names, missing attributes and keys, attributes of none and
/// indexes out of range are errors, except where a lookup is allowed to fail: as the operand of
/// `is defined` / `is undefined` and as the input of `default` (`d`), which evaluate their
/// operand leniently (`Evaluator`).
extension Compiler {
    func compile(_ expression: Expression) -> CompiledExpression {
        let general = evaluator(expression)
        guard let path = Self.path(expression), path.count > 1 else { return CompiledExpression(expression, general) }
        // `name.a.b`: read at once where every link is there; otherwise link by link, which
        // gives the same value, or nil or the error for the link that is missing.
        return CompiledExpression(expression) { renderer, lenient throws(TemplateError) in
            if let value = renderer.scope.follow(path) { return value }
            return try general(&renderer, lenient)
        }
    }

    /// `name.a.b` as `["name", "a", "b"]`; nil for any other expression.
    private static func path(_ expression: Expression) -> [String]? {
        switch expression.kind {
        case .variable(let name): [name]
        case .attribute(let base, let attribute): path(base).map { $0 + [attribute] }
        default: nil
        }
    }

    private func evaluator(_ expression: Expression) -> Evaluator {
        let location = expression.location
        switch expression.kind {
        case .literal(let value):
            return { _, _ throws(TemplateError) in value }
        case .list(let items):
            let compiled = items.map(compile)
            return { renderer, _ throws(TemplateError) in
                var values: [TemplateValue] = []
                for item in compiled { values.append(try item.evaluate(&renderer)) }
                return .array(values)
            }
        case .dictionary(let pairs):
            let compiled = pairs.map { (key: compile($0.key), value: compile($0.value)) }
            return { renderer, _ throws(TemplateError) in try renderer.dictionary(compiled) }
        case .variable(let name):
            return { renderer, lenient throws(TemplateError) in try renderer.variable(name, lenient: lenient, at: location) }
        case .attribute(let baseExpression, let attribute):
            let base = compile(baseExpression)
            return { renderer, lenient throws(TemplateError) in
                guard let value = try base.lookUp(&renderer, lenient: lenient) else { return nil }
                return try renderer.readAttribute(attribute, of: value, from: baseExpression, lenient: lenient, at: location)
            }
        case .subscripted(let baseExpression, let keyExpression):
            let base = compile(baseExpression), key = compile(keyExpression)
            return { renderer, lenient throws(TemplateError) in
                guard let value = try base.lookUp(&renderer, lenient: lenient) else { return nil }
                let index = try key.evaluate(&renderer)
                return try renderer.readIndex(index, of: value, from: baseExpression, lenient: lenient, at: location)
            }
        case .sliced(let base, let start, let end, let step):
            let (base, start, end, step) = (compile(base), start.map(compile), end.map(compile), step.map(compile))
            return { renderer, _ throws(TemplateError) in
                let value = try base.evaluate(&renderer)
                return try renderer.slice(value, start: start, end: end, step: step, at: location)
            }
        case .negate(let operand):
            let operand = compile(operand)
            return { renderer, _ throws(TemplateError) in
                let value = try operand.evaluate(&renderer)
                do throws(Operators.Failure) {
                    return try Operators.negate(value)
                } catch {
                    throw TemplateError(kind: .type, location: location, message: error.message)
                }
            }
        case .not(let operand):
            let operand = compile(operand)
            return { renderer, _ throws(TemplateError) in .bool(!(try operand.evaluate(&renderer).isTruthy)) }
        case .binary(.and, let left, let right):
            let (left, right) = (compile(left), compile(right))
            return { renderer, _ throws(TemplateError) in
                let value = try left.evaluate(&renderer)
                return value.isTruthy ? try right.evaluate(&renderer) : value
            }
        case .binary(.or, let left, let right):
            let (left, right) = (compile(left), compile(right))
            return { renderer, _ throws(TemplateError) in
                let value = try left.evaluate(&renderer)
                return value.isTruthy ? value : try right.evaluate(&renderer)
            }
        case .binary(let op, let left, let right):
            let (left, right) = (compile(left), compile(right))
            return { renderer, _ throws(TemplateError) in
                let lhs = try left.evaluate(&renderer)
                let rhs = try right.evaluate(&renderer)
                return try renderer.apply(op, lhs, rhs, at: location)
            }
        case .conditional(let condition, let then, let otherwise):
            let (condition, then, otherwise) = (compile(condition), compile(then), otherwise.map(compile))
            return { renderer, _ throws(TemplateError) in
                if try condition.evaluate(&renderer).isTruthy {
                    return try then.evaluate(&renderer)
                }
                return try otherwise?.evaluate(&renderer) ?? .null
            }
        case .filter(let input, let name, let arguments):
            let (input, arguments) = (compile(input), arguments.map(compile))
            let (filter, takesUndefined) = (filters[name], Filters.takingUndefined.contains(name))
            return { renderer, _ throws(TemplateError) in
                let value = takesUndefined ? try input.lookUp(&renderer, lenient: true) ?? .null : try input.evaluate(&renderer)
                var values: [TemplateValue] = []
                for argument in arguments { values.append(try argument.evaluate(&renderer)) }
                return try renderer.applyFilter(name, filter, to: value, arguments: values, at: location)
            }
        case .test(let operand, let name, let negated, let arguments):
            let (operand, argument) = (compile(operand), arguments.first.map(compile))
            return { renderer, _ throws(TemplateError) in
                guard let argument else { return .bool(try renderer.applyTest(name, to: operand, at: location) != negated) }
                let value = try operand.evaluate(&renderer)
                let given = try argument.evaluate(&renderer)
                return .bool(try renderer.applyTest(name, to: value, argument: given, at: location) != negated)
            }
        case .superBlock:
            return { renderer, _ throws(TemplateError) in try renderer.renderSuper(at: location) }
        case .captured(let nodes):
            let body = compile(nodes)
            return { renderer, _ throws(TemplateError) in try renderer.capture(body, at: location) }
        case .call(_, let arguments):
            let arguments = arguments.map(compile)
            return { renderer, _ throws(TemplateError) in try renderer.range(arguments, at: location) }
        case .macroCall(let call):
            let compiled = compile(call)
            return { renderer, _ throws(TemplateError) in try renderer.callMacro(compiled, at: location) }
        case .callerCall(let arguments, let nesting):
            let arguments = arguments.map(compile)
            return { renderer, _ throws(TemplateError) in try renderer.callCaller(arguments, nesting: nesting, at: location) }
        case .cycle(let loop, let values):
            let (loop, values) = (compile(loop), values.map(compile))
            return { renderer, _ throws(TemplateError) in try renderer.cycle(loop, values: values, at: location) }
        }
    }

    private func compile(_ call: MacroCall) -> CompiledCall {
        CompiledCall(
            displayName: call.displayName,
            target: call.target.map {
                CompiledCall.Target(template: $0.template, macro: $0.macro, arguments: $0.arguments.map { $0.map(compile) },
                                    withoutContext: $0.withoutContext, nesting: $0.nesting)
            },
            caller: call.caller.map { CompiledCaller(parameters: compile($0.parameters), body: compile($0.body)) }
        )
    }
}
