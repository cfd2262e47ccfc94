extension TemplateEnvironment {
    /// Everything the templates can learn from the global variable `name` when it holds `value`:
    /// for each place that reads it, the value itself, or, where it is only read through filters
    /// with literal arguments (`now | date("%Y")`), what the filters make of it.
    ///
    /// Two values with the same observations render every page the same, so a build can tell
    /// whether a page depends on the clock's year or on its second. A place that reads the
    /// variable in any other way counts as reading the value itself; so does a local variable of
    /// the same name, which is the safe side.
    public func observations(ofGlobal name: String, value: TemplateValue) -> [TemplateValue] {
        var found: [TemplateValue] = []
        func visit(_ expression: Expression) {
            if case .variable(let variable) = expression.kind, variable == name {
                found.append(value)
                return
            }
            if let chain = filterChain(expression, of: name) {
                var result = value
                for (filter, arguments) in chain {
                    guard let apply = filters[filter] else { found.append(value); return }
                    do { result = try apply(result, arguments) } catch { result = .string("error: \(error.message)") }
                }
                found.append(result)
                return
            }
            if case .captured(let nodes) = expression.kind { visit(nodes) }
            for child in expression.children { visit(child) }
            if case .macroCall(let call) = expression.kind, let caller = call.caller {
                visit(caller.parameters)
                visit(caller.body)
            }
        }
        func visit(_ parameters: [Parameter]) {
            for parameter in parameters { parameter.defaultValue.map(visit) }
        }
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text, .include, .block: break
                case .output(let expression): visit(expression)
                case .conditional(let branches, let otherwise):
                    for branch in branches {
                        visit(branch.condition)
                        visit(branch.body)
                    }
                    visit(otherwise ?? [])
                case .loop(let loop):
                    visit(loop.sequence)
                    if let filter = loop.filter { visit(filter) }
                    visit(loop.body)
                    visit(loop.otherwise ?? [])
                case .assignment(_, let expression): visit(expression)
                }
            }
        }
        for template in templateNames {
            guard let parsed = templates[template] else { continue }
            visit(parsed.nodes)
            for block in parsed.blocks.keys.sorted() { visit(parsed.blocks[block]?.body ?? []) }
            for macro in parsed.macros.keys.sorted() {
                visit(parsed.macros[macro]?.parameters ?? [])
                visit(parsed.macros[macro]?.body ?? [])
            }
        }
        return found
    }

    /// `name | f(literal…) | g(literal…)` as the list of filters, or nil for any other expression.
    private func filterChain(_ expression: Expression, of name: String) -> [(String, [TemplateValue])]? {
        guard case .filter(let input, let filter, let arguments) = expression.kind else { return nil }
        var literals: [TemplateValue] = []
        for argument in arguments {
            guard case .literal(let literal) = argument.kind else { return nil }
            literals.append(literal)
        }
        if case .variable(let variable) = input.kind, variable == name { return [(filter, literals)] }
        guard let inner = filterChain(input, of: name) else { return nil }
        return inner + [(filter, literals)]
    }
}
