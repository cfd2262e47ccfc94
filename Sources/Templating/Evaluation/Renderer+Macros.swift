/// Macro calls and `caller()`. A macro's body renders into its own buffer and
/// returns it as safe text, in a scope of its own (`Scope.forMacro`); each call is a step and
/// counts its nesting (`MacroCall.Target.nesting`) against `maximumDepth`, so a macro that calls
/// itself without end stops there, long before the stack of any thread runs out.
extension Renderer {
    /// The body of a `{% call %}` tag while its macro runs: what `caller()` renders, and the
    /// scope of the place the tag is in, where that body runs.
    struct CallerFrame {
        var body: CompiledCaller
        var scope: Scope
        var macro: String
    }

    mutating func callMacro(_ call: CompiledCall, at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        guard let target = call.target, let macro = templates[target.template]?.macros[target.macro] else {
            throw TemplateError(kind: .undefined, location: location, message: "unknown macro '\(call.displayName)'")
        }
        var values: [TemplateValue?] = []
        values.reserveCapacity(target.arguments.count)
        for argument in target.arguments {
            values.append(try argument.map { (expression) throws(TemplateError) in try expression.evaluate(&self) })
        }
        try step(at: location)
        try enter(at: location, levels: target.nesting, macro: macro.name)
        let saved = (scope: scope, output: output, caller: currentCaller)
        scope = saved.scope.forMacro(withContext: !target.withoutContext)
        output = ""
        capturing += 1
        currentCaller = nil
        if let body = call.caller {
            callers.append(CallerFrame(body: body, scope: saved.scope, macro: macro.name))
            currentCaller = callers.count - 1
        }
        do {
            try bind(macro.parameters, to: values, at: location, of: "macro '\(macro.name)'")
            try macro.body(&self)
        } catch var error {
            error.chain.append(.calledMacro(macro.name, from: location))
            throw error
        }
        let text = output
        if call.caller != nil { callers.removeLast() }
        (scope, output, currentCaller) = saved
        capturing -= 1
        depth -= target.nesting
        return try checkSize(.safe(text), at: location)
    }

    /// `caller(…)`: the body of the `{% call %}` tag that called the current macro, rendered
    /// where the tag is, with the given arguments.
    mutating func callCaller(_ arguments: [CompiledExpression], nesting: Int, at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        guard let index = currentCaller else {
            throw TemplateError(kind: .undefined, location: location,
                                message: "caller() is only defined in a macro called by a {% call %} tag")
        }
        let frame = callers[index]
        let parameters = frame.body.parameters
        guard arguments.count <= parameters.count else {
            let names = parameters.map(\.name).joined(separator: ", ")
            throw TemplateError(kind: .type, location: location, message: "the call block of macro '\(frame.macro)' takes "
                                + (parameters.isEmpty ? "no arguments" : "at most \(parameters.count) (\(names))") + ", not \(arguments.count)")
        }
        var values: [TemplateValue?] = []
        for argument in arguments { values.append(try argument.evaluate(&self)) }
        values += Array(repeating: nil, count: parameters.count - values.count)
        try step(at: location)
        try enter(at: location, levels: nesting)
        let saved = (scope: scope, output: output, caller: currentCaller)
        scope = frame.scope
        scope.push()
        output = ""
        capturing += 1
        currentCaller = nil
        do {
            try bind(parameters, to: values, at: location, of: "the call block of macro '\(frame.macro)'")
            try frame.body.body(&self)
        } catch var error {
            error.chain.append(.calledBack(byMacro: frame.macro, at: location))
            throw error
        }
        let text = output
        (scope, output, currentCaller) = saved
        capturing -= 1
        depth -= nesting
        return try checkSize(.safe(text), at: location)
    }

    /// Sets each parameter to its argument, or to its default, evaluated in the new scope after
    /// the parameters before it (so `b=a` reads the argument of `a`).
    private mutating func bind(_ parameters: [CompiledParameter], to values: [TemplateValue?], at location: TemplateLocation,
                               of callee: String) throws(TemplateError) {
        for (parameter, value) in zip(parameters, values) {
            if let value {
                scope.set(parameter.name, value)
            } else if let defaultValue = parameter.defaultValue {
                let value = try defaultValue.evaluate(&self)
                scope.set(parameter.name, value)
            } else {
                throw TemplateError(kind: .undefined, location: location, message: "\(callee) needs argument '\(parameter.name)'")
            }
        }
    }
}
