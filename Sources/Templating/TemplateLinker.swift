/// Resolves every macro call of the parsed templates to its macro, once all of them are parsed,
/// so that rendering looks nothing up by name: `card(…)` to a macro of the same template or of
/// a `from … import`, `m.card(…)` to a macro of the template imported as `m`. The arguments are
/// put in the macro's parameter order here too. Every problem is collected and located: an
/// unknown function or macro, an imported name a template lacks, arguments that do not fit.
struct TemplateLinker {
    private let templates: [String: ParsedTemplate]
    private let template: ParsedTemplate
    private var errors: [TemplateError] = []
    /// How many expressions enclose the one being linked, itself included.
    private var nesting = 0

    private init(templates: [String: ParsedTemplate], template: ParsedTemplate) {
        self.templates = templates
        self.template = template
    }

    static func link(_ templates: [String: ParsedTemplate]) -> (templates: [String: ParsedTemplate], errors: [TemplateError]) {
        var linked = templates
        var errors: [TemplateError] = []
        for name in templates.keys.sorted() {
            guard var template = templates[name] else { continue }
            var linker = TemplateLinker(templates: templates, template: template)
            linker.checkImports()
            template.nodes = linker.link(template.nodes)
            for (blockName, block) in template.blocks {
                template.blocks[blockName]?.body = linker.link(block.body)
            }
            for (macroName, macro) in template.macros {
                template.macros[macroName]?.parameters = linker.link(macro.parameters)
                template.macros[macroName]?.body = linker.link(macro.body)
            }
            linked[name] = template
            errors += linker.errors
        }
        return (linked, errors)
    }

    /// Each `from … import name` names a macro its template has.
    private mutating func checkImports() {
        for alias in template.imports.keys.sorted() {
            guard let imported = template.imports[alias], let macro = imported.macro,
                  let module = templates[imported.template], module.macros[macro] == nil else { continue }
            var message = "'\(imported.template)' has no macro '\(macro)'"
            if let suggestion = NameSuggestion.closest(to: macro, among: module.macros.keys.sorted()) {
                message += "; did you mean '\(suggestion)'?"
            }
            errors.append(TemplateError(kind: .undefined, location: imported.location, message: message))
        }
    }

    // MARK: Resolving a call

    /// The macro a call names, with its arguments in parameter order; nil when the template it
    /// would come from is missing or broken (reported where that template is named).
    private func resolve(_ call: MacroCall, at location: TemplateLocation) throws(TemplateError) -> MacroCall.Target? {
        let found: (template: String, macro: String, withoutContext: Bool)
        if let namespace = call.namespace {
            guard let imported = template.imports[namespace], imported.macro == nil else {
                throw TemplateError(kind: .syntax, location: location, message: "'\(namespace).\(call.name)(…)' calls a method, and "
                                    + "templates cannot call methods (only loop.cycle() and the macros of an import, as in m.card(…))")
            }
            guard let module = templates[imported.template] else { return nil }
            guard module.macros[call.name] != nil else {
                var message = "'\(imported.template)' has no macro '\(call.name)'"
                if let suggestion = NameSuggestion.closest(to: call.name, among: module.macros.keys.sorted()) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw TemplateError(kind: .undefined, location: location, message: message)
            }
            found = (imported.template, call.name, !imported.withContext)
        } else if template.macros[call.name] != nil {
            found = (template.name, call.name, false)
        } else if let imported = template.imports[call.name], let macro = imported.macro {
            guard templates[imported.template]?.macros[macro] != nil else { return nil }
            found = (imported.template, macro, !imported.withContext)
        } else if template.imports[call.name] != nil {
            throw TemplateError(kind: .syntax, location: location,
                                message: "'\(call.name)' is an imported template; call one of its macros: \(call.name).name(…)")
        } else {
            throw unknownFunction(call.name, at: location)
        }
        guard let macro = templates[found.template]?.macros[found.macro] else { return nil }
        let arguments = try Arguments.match(call.arguments, call.keywords, to: macro.parameters.map(\.name),
                                            callee: "macro '\(call.displayName)'", at: location)
        for (argument, parameter) in zip(arguments, macro.parameters) where argument == nil && parameter.defaultValue == nil {
            throw TemplateError(kind: .syntax, location: location, message: "macro '\(call.displayName)' needs argument '\(parameter.name)'")
        }
        return MacroCall.Target(template: found.template, macro: found.macro, arguments: arguments,
                                withoutContext: found.withoutContext, nesting: nesting)
    }

    private func unknownFunction(_ name: String, at location: TemplateLocation) -> TemplateError {
        let macros = (template.macros.keys + template.imports.compactMap { $0.value.macro == nil ? nil : $0.key }).sorted()
        var message = "unknown function '\(name)'"
        if let suggestion = NameSuggestion.closest(to: name, among: macros + ["range"]) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += "; the functions are range(), super() and the macros this template defines or imports"
                + (macros.isEmpty ? " (it has none)" : ": " + macros.joined(separator: ", "))
        }
        return TemplateError(kind: .syntax, location: location, message: message)
    }

    // MARK: Walking the trees

    private mutating func link(_ nodes: [Node]) -> [Node] {
        var linked: [Node] = []
        linked.reserveCapacity(nodes.count)
        for node in nodes {
            switch node {
            case .text, .include, .block:
                linked.append(node)
            case .output(let expression):
                linked.append(.output(link(expression)))
            case .conditional(let branches, let otherwise):
                var linkedBranches: [(condition: Expression, body: [Node])] = []
                for branch in branches { linkedBranches.append((link(branch.condition), link(branch.body))) }
                linked.append(.conditional(branches: linkedBranches, otherwise: otherwise.map { link($0) }))
            case .loop(var loop):
                loop.sequence = link(loop.sequence)
                loop.filter = loop.filter.map { link($0) }
                loop.body = link(loop.body)
                loop.otherwise = loop.otherwise.map { link($0) }
                linked.append(.loop(loop))
            case .assignment(let name, let value):
                linked.append(.assignment(name: name, value: link(value)))
            }
        }
        return linked
    }

    private mutating func link(_ parameters: [Parameter]) -> [Parameter] {
        var linked = parameters
        for index in linked.indices { linked[index].defaultValue = linked[index].defaultValue.map { link($0) } }
        return linked
    }

    private mutating func link(_ expressions: [Expression]) -> [Expression] {
        var linked: [Expression] = []
        linked.reserveCapacity(expressions.count)
        for expression in expressions { linked.append(link(expression)) }
        return linked
    }

    private mutating func link(_ expression: Expression) -> Expression {
        nesting += 1
        defer { nesting -= 1 }
        var linked = expression
        switch expression.kind {
        case .literal, .variable, .superBlock:
            return expression
        case .list(let items):
            linked.kind = .list(link(items))
        case .dictionary(let pairs):
            var linkedPairs: [(key: Expression, value: Expression)] = []
            for pair in pairs { linkedPairs.append((link(pair.key), link(pair.value))) }
            linked.kind = .dictionary(linkedPairs)
        case .attribute(let base, let name):
            linked.kind = .attribute(link(base), name)
        case .subscripted(let base, let key):
            linked.kind = .subscripted(link(base), link(key))
        case .sliced(let base, let start, let end, let step):
            linked.kind = .sliced(link(base), start: start.map { link($0) }, end: end.map { link($0) }, step: step.map { link($0) })
        case .negate(let operand):
            linked.kind = .negate(link(operand))
        case .not(let operand):
            linked.kind = .not(link(operand))
        case .binary(let op, let left, let right):
            linked.kind = .binary(op, link(left), link(right))
        case .conditional(let condition, let then, let otherwise):
            linked.kind = .conditional(condition: link(condition), then: link(then), otherwise: otherwise.map { link($0) })
        case .filter(let input, let name, let arguments):
            linked.kind = .filter(link(input), name: name, arguments: link(arguments))
        case .test(let operand, let name, let negated, let arguments):
            linked.kind = .test(link(operand), name: name, negated: negated, arguments: link(arguments))
        case .call(let name, let arguments):
            linked.kind = .call(name, arguments: link(arguments))
        case .captured(let body):
            linked.kind = .captured(link(body))
        case .callerCall(let arguments, _):
            linked.kind = .callerCall(link(arguments), nesting: nesting)
        case .cycle(let loop, let values):
            linked.kind = .cycle(loop: loop, values: link(values))
        case .macroCall(var call):
            call.arguments = link(call.arguments)
            for index in call.keywords.indices { call.keywords[index].value = link(call.keywords[index].value) }
            if var caller = call.caller {
                caller.parameters = link(caller.parameters)
                caller.body = link(caller.body)
                call.caller = caller
            }
            do {
                call.target = try resolve(call, at: expression.location)
            } catch {
                errors.append(error)
            }
            linked.kind = .macroCall(call)
        }
        return linked
    }
}
