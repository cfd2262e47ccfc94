/// An expression with the position of the token that best names it (the variable, the attribute,
/// the operator, the filter) and its nesting depth, which the parser caps.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case literal(TemplateValue)
        case list([Expression])
        /// `{"key": value, …}`: keys evaluate to text, kept in order, a later key replacing an earlier.
        case dictionary([(key: Expression, value: Expression)])
        case variable(String)
        case attribute(Expression, String)
        case subscripted(Expression, Expression)
        /// `base[start:end:step]`, each part optional, as in Python and Jinja.
        case sliced(Expression, start: Expression?, end: Expression?, step: Expression?)
        case negate(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
        case filter(Expression, name: String, arguments: [Expression])
        case test(Expression, name: String, negated: Bool, arguments: [Expression] = [])
        /// `super()`: the parent template's version of the enclosing block.
        case superBlock
        /// A global function: `range(…)`.
        case call(String, arguments: [Expression])
        /// The body of `{% set name %}…{% endset %}`, rendered to safe text.
        case captured([Node])
        /// `name(…)` or `namespace.name(…)`: a macro, resolved when the environment loads.
        case macroCall(MacroCall)
        /// `caller(…)` in a macro's body: the body of the `{% call %}` that called the macro.
        /// `nesting` as in `MacroCall.Target`.
        case callerCall([Expression], nesting: Int)
        /// `loop.cycle(a, b, …)`: the value for the current turn of the innermost loop.
        case cycle(loop: Expression, values: [Expression])
    }

    var kind: Kind
    var location: TemplateLocation
    var depth: Int

    init(_ kind: Kind, at location: TemplateLocation) {
        self.kind = kind
        self.location = location
        self.depth = 0
        self.depth = 1 + (children.map(\.depth).max() ?? 0)
    }
}

extension Expression {
    /// The expressions directly inside this one.
    var children: [Expression] {
        switch kind {
        case .literal, .variable, .superBlock, .captured: []
        case .list(let items): items
        case .dictionary(let pairs): pairs.flatMap { [$0.key, $0.value] }
        case .attribute(let base, _), .negate(let base), .not(let base): [base]
        case .test(let base, _, _, let arguments): [base] + arguments
        case .subscripted(let base, let index): [base, index]
        case .sliced(let base, let start, let end, let step): [base] + [start, end, step].compactMap { $0 }
        case .binary(_, let left, let right): [left, right]
        case .conditional(let condition, let then, let otherwise): [condition, then] + (otherwise.map { [$0] } ?? [])
        case .filter(let input, _, let arguments): [input] + arguments
        case .call(_, let arguments), .callerCall(let arguments, _): arguments
        case .macroCall(let call): call.arguments + call.keywords.map(\.value)
        case .cycle(let loop, let values): [loop] + values
        }
    }
}

enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains = "in", notContains = "not in"
    case add = "+", subtract = "-"
    case concat = "~"
    case multiply = "*", divide = "/", floorDivide = "//", remainder = "%"
    case power = "**"

    /// Higher binds tighter, as in Jinja: `~` between `+` `-` and `*` `/`, so `"n" ~ 2 * 3` is
    /// `n6` and `"n" ~ 2 + 3` adds 3 to text; `**` tightest, left to right (`2 ** 3 ** 2` is 64)
    /// and after a sign (`-2 ** 2` is 4). `not` sits between `and` (2) and the comparisons (4).
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .contains, .notContains: 4
        case .add, .subtract: 5
        case .concat: 6
        case .multiply, .divide, .floorDivide, .remainder: 7
        case .power: 8
        }
    }

    var isComparison: Bool { precedence == BinaryOperator.equal.precedence }
}

/// A statement of a template body.
indirect enum Node: Sendable {
    case text(String)
    case output(Expression)
    case conditional(branches: [(condition: Expression, body: [Node])], otherwise: [Node]?)
    case loop(Loop)
    case assignment(name: String, value: Expression)
    case include(name: String, at: TemplateLocation)
    /// Where a block is rendered; its bodies live in the templates' `blocks`.
    case block(name: String, at: TemplateLocation)
}

struct Loop: Sendable {
    /// One name binds each item (or each key of an object); two names bind key and value of an
    /// object, or the two items of each pair in a list.
    var names: [String]
    var sequence: Expression
    /// `for x in items if condition`: Jinja's loop filter. Only the items for which it holds are
    /// looped over, so `loop.index` and `loop.length` count them and `else` runs when none does.
    var filter: Expression?
    var body: [Node]
    var otherwise: [Node]?
    var location: TemplateLocation
    /// Whether the body can read `loop`: it names it, or includes a template or calls `super()`,
    /// which could. A loop whose body cannot skips making the `loop` object on every turn.
    var bodyReadsLoop: Bool

    init(names: [String], sequence: Expression, filter: Expression? = nil, body: [Node], otherwise: [Node]?,
         location: TemplateLocation) {
        self.names = names
        self.sequence = sequence
        self.filter = filter
        self.body = body
        self.otherwise = otherwise
        self.location = location
        bodyReadsLoop = Node.mayRead("loop", in: body)
    }
}

extension Node {
    /// Whether `nodes` may read the variable `name`: they name it, or hand the scope to another
    /// template (an include, a block, `super()`), which might.
    static func mayRead(_ name: String, in nodes: [Node]) -> Bool {
        func reads(_ expression: Expression) -> Bool {
            switch expression.kind {
            case .variable(let variable): return variable == name
            case .superBlock: return true
            case .captured(let nodes): return mayRead(name, in: nodes)
            case .macroCall(let call):
                // A macro sees none of the caller's variables; the body of a `{% call %}` does.
                if let caller = call.caller, caller.parameters.contains(where: { $0.defaultValue.map(reads) == true })
                    || mayRead(name, in: caller.body) { return true }
                return expression.children.contains(where: reads)
            default: return expression.children.contains(where: reads)
            }
        }
        for node in nodes {
            switch node {
            case .text: continue
            case .output(let expression), .assignment(_, let expression):
                if reads(expression) { return true }
            case .conditional(let branches, let otherwise):
                if branches.contains(where: { reads($0.condition) || mayRead(name, in: $0.body) }) { return true }
                if let otherwise, mayRead(name, in: otherwise) { return true }
            case .loop(let loop):
                if reads(loop.sequence) || loop.filter.map(reads) == true || loop.bodyReadsLoop && name == "loop"
                    || mayRead(name, in: loop.body) { return true }
                if let otherwise = loop.otherwise, mayRead(name, in: otherwise) { return true }
            case .include, .block:
                return true
            }
        }
        return false
    }
}

struct Block: Sendable {
    var name: String
    var body: [Node]
    var location: TemplateLocation
}

/// A reference from one template to another, kept for the load-time checks.
struct TemplateReference: Sendable {
    enum Kind: Sendable { case extends, include, `import` }
    var kind: Kind
    var target: String
    var location: TemplateLocation
}

/// A parsed template: its body, the blocks it defines and the templates it names.
struct ParsedTemplate: Sendable {
    var name: String
    var nodes: [Node]
    var parent: TemplateReference?
    var blocks: [String: Block]
    var references: [TemplateReference]
    /// The macros it defines, by name; known in the whole template.
    var macros: [String: Macro] = [:]
    /// `{% import "name" as alias %}` and `{% from "name" import macro as alias %}`, by alias.
    var imports: [String: Import] = [:]
}
