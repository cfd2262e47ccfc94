/// Templates compiled for rendering. `TemplateEnvironment` compiles every parsed template once,
/// when it loads: each statement becomes a closure that renders it and each expression one that
/// evaluates it, with filters resolved to their functions and inheritance chains to their block
/// definitions. A render then calls closures that append to one buffer, and copies no syntax
/// tree. The rules themselves (lookups, filters, loops, blocks, macros) are the `Renderer`'s
/// methods, which the closures call; the compiler only decides which to call with what.

/// Renders one statement or body.
typealias Runner = @Sendable (inout Renderer) throws(TemplateError) -> Void

/// Evaluates an expression. With `lenient`, a variable, attribute or subscript chain gives nil
/// where a link is missing instead of failing (`is defined`, `default`); every other kind of
/// expression evaluates as usual, and never gives nil.
typealias Evaluator = @Sendable (inout Renderer, _ lenient: Bool) throws(TemplateError) -> TemplateValue?

/// An expression ready to evaluate, with the syntax it came from for locations and messages.
final class CompiledExpression: Sendable {
    let source: Expression
    let value: Evaluator

    init(_ source: Expression, _ value: @escaping Evaluator) {
        self.source = source
        self.value = value
    }

    var location: TemplateLocation { source.location }

    func evaluate(_ renderer: inout Renderer) throws(TemplateError) -> TemplateValue {
        try value(&renderer, false) ?? .null
    }

    func lookUp(_ renderer: inout Renderer, lenient: Bool) throws(TemplateError) -> TemplateValue? {
        try value(&renderer, lenient)
    }
}

struct CompiledTemplate: Sendable {
    var format: OutputFormat
    var macros: [String: CompiledMacro]
    /// The inheritance chain, or why it cannot be resolved (reported when the template renders).
    var inheritance: Result<CompiledInheritance, TemplateError>
}

/// `Renderer.Inheritance`, compiled.
struct CompiledInheritance: Sendable {
    var body: Runner
    var definitions: [String: [CompiledBlock]]
    var assignments: [(name: String, value: CompiledExpression)]
}

struct CompiledBranch: Sendable {
    var condition: CompiledExpression
    var body: Runner
}

/// One definition of a block.
struct CompiledBlock: Sendable {
    var body: Runner
}

struct CompiledMacro: Sendable {
    var name: String
    var parameters: [CompiledParameter]
    var body: Runner
}

struct CompiledParameter: Sendable {
    var name: String
    var defaultValue: CompiledExpression?
}

/// The body of a `{% call %}` tag, compiled (`CallerBody`).
struct CompiledCaller: Sendable {
    var parameters: [CompiledParameter]
    var body: Runner
}

/// A macro call, compiled (`MacroCall`).
struct CompiledCall: Sendable {
    struct Target: Sendable {
        var template: String
        var macro: String
        var arguments: [CompiledExpression?]
        var withoutContext: Bool
        var nesting: Int
    }

    var displayName: String
    var target: Target?
    var caller: CompiledCaller?
}

struct CompiledLoop: Sendable {
    var names: [String]
    var sequence: CompiledExpression
    var filter: CompiledExpression?
    var body: Runner
    /// `else`: what runs when there is no item (nothing, when the loop has no `else`).
    var otherwise: Runner
    var location: TemplateLocation
    var bodyReadsLoop: Bool
}

/// Turns parsed templates into compiled ones.
struct Compiler {
    let filters: [String: TemplateFilter]

    func compile(_ templates: [String: ParsedTemplate]) -> [String: CompiledTemplate] {
        var compiled: [String: CompiledTemplate] = [:]
        for (name, template) in templates {
            var macros: [String: CompiledMacro] = [:]
            for (macroName, macro) in template.macros {
                macros[macroName] = CompiledMacro(name: macro.name, parameters: compile(macro.parameters), body: compile(macro.body))
            }
            let inheritance: Result<CompiledInheritance, TemplateError>
            do {
                let chain = try Renderer.inheritance(of: name, in: templates, referencedAt: nil)
                inheritance = .success(CompiledInheritance(
                    body: compile(chain.nodes),
                    definitions: chain.definitions.mapValues { $0.map { CompiledBlock(body: compile($0.body)) } },
                    assignments: chain.assignments.map { (name: $0.0, value: compile($0.1)) }
                ))
            } catch {
                inheritance = .failure(error)
            }
            compiled[name] = CompiledTemplate(format: OutputFormat(templateName: name), macros: macros, inheritance: inheritance)
        }
        return compiled
    }

    func compile(_ parameters: [Parameter]) -> [CompiledParameter] {
        parameters.map { CompiledParameter(name: $0.name, defaultValue: $0.defaultValue.map(compile)) }
    }

    /// A body: its statements one after the other, as a tree of closures that each run up to
    /// four, which calls them without copying any out of a list and stays a few levels deep.
    func compile(_ nodes: [Node]) -> Runner {
        sequence(nodes.map { Statement(run: compile($0)) }[...])
    }

    /// A compiled statement in a list. (A list of closures would hold them in its generic
    /// representation, and every call would go through a conversion.)
    private struct Statement {
        var run: Runner
    }

    private func sequence(_ statements: ArraySlice<Statement>) -> Runner {
        guard !statements.isEmpty else { return { _ throws(TemplateError) in } }
        guard statements.count > 1 else { return statements[statements.startIndex].run }
        let first = statements[statements.startIndex].run, second = statements[statements.startIndex + 1].run
        switch statements.count {
        case 2:
            return { renderer throws(TemplateError) in
                try first(&renderer)
                try second(&renderer)
            }
        case 3:
            let third = statements[statements.startIndex + 2].run
            return { renderer throws(TemplateError) in
                try first(&renderer)
                try second(&renderer)
                try third(&renderer)
            }
        case 4:
            let third = statements[statements.startIndex + 2].run, fourth = statements[statements.startIndex + 3].run
            return { renderer throws(TemplateError) in
                try first(&renderer)
                try second(&renderer)
                try third(&renderer)
                try fourth(&renderer)
            }
        default:
            break
        }
        let quarter = (statements.count + 3) / 4
        let parts = stride(from: statements.startIndex, to: statements.endIndex, by: quarter).map {
            Statement(run: sequence(statements[$0 ..< min($0 + quarter, statements.endIndex)]))
        }
        return sequence(parts[...])
    }

    /// `if`/`elif`/`else`: the first branch whose condition holds, else the `else`. The usual
    /// `if` with one condition calls its parts directly; a chain of `elif`s is a list.
    private func conditional(_ branches: [(condition: Expression, body: [Node])], otherwise: [Node]?) -> Runner {
        let rest = compile(otherwise ?? [])
        if branches.count == 1 {
            let (condition, body) = (compile(branches[0].condition), compile(branches[0].body))
            return { renderer throws(TemplateError) in
                guard try condition.evaluate(&renderer).isTruthy else { return try rest(&renderer) }
                try renderer.renderBranch(body, at: condition.location)
            }
        }
        let compiled = branches.map { CompiledBranch(condition: compile($0.condition), body: compile($0.body)) }
        return { renderer throws(TemplateError) in
            for branch in compiled where try branch.condition.evaluate(&renderer).isTruthy {
                return try renderer.renderBranch(branch.body, at: branch.condition.location)
            }
            try rest(&renderer)
        }
    }

    func compile(_ node: Node) -> Runner {
        switch node {
        case .text(let text):
            return { renderer throws(TemplateError) in renderer.output += text }
        case .output(let expression):
            let value = compile(expression)
            return { renderer throws(TemplateError) in
                let printed = try value.evaluate(&renderer)
                try renderer.print(printed, at: value.location)
            }
        case .conditional(let branches, let otherwise):
            return conditional(branches, otherwise: otherwise)
        case .loop(let loop):
            let compiled = CompiledLoop(names: loop.names, sequence: compile(loop.sequence), filter: loop.filter.map(compile),
                                        body: compile(loop.body), otherwise: compile(loop.otherwise ?? []),
                                        location: loop.location, bodyReadsLoop: loop.bodyReadsLoop)
            return { renderer throws(TemplateError) in try renderer.renderLoop(compiled) }
        case .assignment(let name, let expression):
            let value = compile(expression)
            return { renderer throws(TemplateError) in
                let assigned = try value.evaluate(&renderer)
                renderer.scope.set(name, assigned)
            }
        case .include(let name, let location):
            return { renderer throws(TemplateError) in try renderer.renderInclude(name, at: location) }
        case .block(let name, let location):
            return { renderer throws(TemplateError) in try renderer.renderBlock(name, level: 0, at: location) }
        }
    }
}
