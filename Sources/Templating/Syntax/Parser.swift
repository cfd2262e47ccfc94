/// Turns tokens into a `ParsedTemplate`.
///
/// A syntax error stops the parse of that template (it is thrown). Problems that leave the
/// structure intact — unknown filters and tests, `super()` outside a block, a repeated block name —
/// are collected so that one load reports them all.
struct Parser {
    /// The deepest nesting of statements, and separately of expressions, a template may use. It
    /// keeps parsing and rendering far from the stack limit on any thread.
    static let maximumDepth = 64

    static let tests: Set<String> = [
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean",
        "sequence", "mapping", "iterable", "odd", "even", "true", "false",
    ]

    private static let endKeywords: Set<String> = ["elif", "else", "endif", "endfor", "endblock"]

    let name: String
    private let tokens: [Token]
    private let filterNames: Set<String>
    private var index = 0
    private(set) var problems: [TemplateError] = []
    private var blocks: [String: Block] = [:]
    private var parent: TemplateReference?
    private var references: [TemplateReference] = []
    /// Whether any tag or output came before, which makes a later `extends` an error.
    private var sawTag = false
    private var statementDepth = 0
    private var expressionDepth = 0
    private var openBlocks: [String] = []

    private init(name: String, tokens: [Token], filterNames: Set<String>) {
        self.name = name
        self.tokens = tokens
        self.filterNames = filterNames
    }

    /// Parses one template. Returns nil for the template when a syntax error stopped the parse;
    /// the errors list holds that error and every collected problem.
    static func parse(_ text: String, name: String, filterNames: Set<String>) -> (template: ParsedTemplate?, errors: [TemplateError]) {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(text, name: name)
        } catch {
            return (nil, [error])
        }
        var parser = Parser(name: name, tokens: tokens, filterNames: filterNames)
        do {
            let template = try parser.parseTemplate()
            return (parser.problems.isEmpty ? template : nil, parser.problems)
        } catch {
            return (nil, parser.problems + [error])
        }
    }

    // MARK: Tokens

    private var current: Token { tokens[index] }

    private func peek(_ offset: Int) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func syntaxError(_ message: String, at location: TemplateLocation) -> TemplateError {
        TemplateError(kind: .syntax, location: location, message: message)
    }

    private func unexpected(_ expected: String) -> TemplateError {
        syntaxError("expected \(expected) but found \(current.display)", at: current.location)
    }

    private mutating func expectSymbol(_ symbol: String) throws(TemplateError) {
        guard current.isSymbol(symbol) else { throw unexpected("'\(symbol)'") }
        advance()
    }

    private mutating func expectName(_ what: String) throws(TemplateError) -> (String, TemplateLocation) {
        guard case .name(let word) = current.kind else { throw unexpected(what) }
        return (word, advance().location)
    }

    private mutating func expectTagClose() throws(TemplateError) {
        guard current.kind == .tagClose else { throw unexpected("'%}'") }
        advance()
    }

    // MARK: Statements

    /// template := body
    private mutating func parseTemplate() throws(TemplateError) -> ParsedTemplate {
        let (nodes, _) = try parseBody(until: [], closing: nil)
        return ParsedTemplate(name: name, nodes: nodes, parent: parent, blocks: blocks, references: references)
    }

    /// body := ( text | '{{' expression '}}' | '{%' statement '%}' )*
    ///
    /// Stops after consuming `{%` and the keyword of one of `terminators`, which it returns with
    /// its location; the caller parses the rest of that tag. Returns nil at the end of the
    /// template. `closing` names the open statement for messages ("'if' at main.html:3:4").
    private mutating func parseBody(
        until terminators: Set<String>, closing: (keyword: String, location: TemplateLocation)?
    ) throws(TemplateError) -> ([Node], (String, TemplateLocation)?) {
        var nodes: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .end:
                if let closing {
                    throw syntaxError("unclosed '\(closing.keyword)'; expected 'end\(closing.keyword)'", at: closing.location)
                }
                return (nodes, nil)
            case .text(let text):
                advance()
                nodes.append(.text(text))
            case .printOpen:
                advance()
                sawTag = true
                let expression = try parseExpression()
                guard current.kind == .printClose else { throw unexpected("'}}'") }
                advance()
                nodes.append(.output(expression))
            case .tagOpen:
                advance()
                guard case .name(let keyword) = current.kind else { throw unexpected("a tag name") }
                let keywordLocation = current.location
                if terminators.contains(keyword) {
                    advance()
                    return (nodes, (keyword, keywordLocation))
                }
                if Self.endKeywords.contains(keyword) {
                    var message = "unexpected '\(keyword)'"
                    if let closing {
                        message += "; expected 'end\(closing.keyword)' to close '\(closing.keyword)' at \(closing.location.line):\(closing.location.column)"
                    }
                    throw syntaxError(message, at: keywordLocation)
                }
                advance()
                if keyword != "extends" { sawTag = true }
                if let node = try parseStatement(keyword, at: keywordLocation) {
                    nodes.append(node)
                }
            default:
                throw syntaxError("unexpected \(token.display)", at: token.location)
            }
        }
    }

    private mutating func parseStatement(_ keyword: String, at location: TemplateLocation) throws(TemplateError) -> Node? {
        switch keyword {
        case "if": return try parseIf(at: location)
        case "for": return try parseFor(at: location)
        case "set": return try parseSet()
        case "include": return try parseInclude()
        case "block": return try parseBlock(at: location)
        case "extends":
            try parseExtends(at: location)
            return nil
        default:
            throw syntaxError("unknown tag '\(keyword)'", at: location)
        }
    }

    private mutating func enterStatement(at location: TemplateLocation) throws(TemplateError) {
        statementDepth += 1
        if statementDepth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "statements nested too deeply (limit \(Self.maximumDepth))")
        }
    }

    /// if := 'if' expression '%}' body ( '{%' 'elif' expression '%}' body )* ( '{%' 'else' '%}' body )? '{%' 'endif' '%}'
    private mutating func parseIf(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        defer { statementDepth -= 1 }
        var branches: [(condition: Expression, body: [Node])] = []
        var condition = try parseExpression()
        try expectTagClose()
        while true {
            let (body, end) = try parseBody(until: ["elif", "else", "endif"], closing: ("if", location))
            branches.append((condition, body))
            guard let (terminator, _) = end else { break }
            switch terminator {
            case "elif":
                condition = try parseExpression()
                try expectTagClose()
            case "else":
                try expectTagClose()
                let (otherwise, _) = try parseBody(until: ["endif"], closing: ("if", location))
                try expectTagClose()
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try expectTagClose()
                return .conditional(branches: branches, otherwise: nil)
            }
        }
        return .conditional(branches: branches, otherwise: nil)
    }

    /// for := 'for' name ( ',' name )? 'in' expression '%}' body ( '{%' 'else' '%}' body )? '{%' 'endfor' '%}'
    private mutating func parseFor(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        defer { statementDepth -= 1 }
        var names = [try expectName("a loop variable name").0]
        if current.isSymbol(",") {
            advance()
            names.append(try expectName("a second loop variable name").0)
        }
        guard current.isName("in") else { throw unexpected("'in'") }
        advance()
        let sequence = try parseExpression()
        try expectTagClose()
        let (body, end) = try parseBody(until: ["else", "endfor"], closing: ("for", location))
        var otherwise: [Node]?
        if end?.0 == "else" {
            try expectTagClose()
            otherwise = try parseBody(until: ["endfor"], closing: ("for", location)).0
        }
        try expectTagClose()
        return .loop(Loop(names: names, sequence: sequence, body: body, otherwise: otherwise, location: location))
    }

    /// set := 'set' name '=' expression
    private mutating func parseSet() throws(TemplateError) -> Node {
        let (variable, _) = try expectName("a variable name")
        try expectSymbol("=")
        let value = try parseExpression()
        try expectTagClose()
        return .assignment(name: variable, value: value)
    }

    /// include := 'include' string
    private mutating func parseInclude() throws(TemplateError) -> Node {
        let (target, location) = try parseTemplateName("include")
        try expectTagClose()
        references.append(TemplateReference(kind: .include, target: target, location: location))
        return .include(name: target, at: location)
    }

    /// extends := 'extends' string — only as the first tag of a template.
    private mutating func parseExtends(at location: TemplateLocation) throws(TemplateError) {
        guard !sawTag, statementDepth == 0, parent == nil else {
            throw syntaxError("'extends' must be the first tag in the template", at: location)
        }
        sawTag = true
        let (target, targetLocation) = try parseTemplateName("extends")
        try expectTagClose()
        let reference = TemplateReference(kind: .extends, target: target, location: targetLocation)
        parent = reference
        references.append(reference)
    }

    private mutating func parseTemplateName(_ keyword: String) throws(TemplateError) -> (String, TemplateLocation) {
        guard case .string(let target) = current.kind else {
            throw syntaxError("'\(keyword)' takes a template name in quotes", at: current.location)
        }
        return (target, advance().location)
    }

    /// block := 'block' name '%}' body '{%' 'endblock' name? '%}'
    private mutating func parseBlock(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        defer { statementDepth -= 1 }
        let (blockName, nameLocation) = try expectName("a block name")
        try expectTagClose()
        openBlocks.append(blockName)
        let (body, _) = try parseBody(until: ["endblock"], closing: ("block", location))
        openBlocks.removeLast()
        if case .name(let closingName) = current.kind {
            guard closingName == blockName else {
                throw syntaxError("'endblock \(closingName)' does not match 'block \(blockName)'", at: current.location)
            }
            advance()
        }
        try expectTagClose()
        if blocks[blockName] != nil {
            problems.append(syntaxError("block '\(blockName)' is defined twice", at: nameLocation))
        } else {
            blocks[blockName] = Block(name: blockName, body: body, location: nameLocation)
        }
        return .block(name: blockName, at: nameLocation)
    }

    // MARK: Expressions

    private func make(_ kind: Expression.Kind, at location: TemplateLocation) throws(TemplateError) -> Expression {
        let expression = Expression(kind, at: location)
        if expression.depth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "expression nested too deeply (limit \(Self.maximumDepth))")
        }
        return expression
    }

    /// Guards every recursive descent, so that `((((…` fails before it can exhaust the stack.
    private mutating func descend(at location: TemplateLocation) throws(TemplateError) {
        expressionDepth += 1
        if expressionDepth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "expression nested too deeply (limit \(Self.maximumDepth))")
        }
    }

    /// expression := binary ( 'if' binary ( 'else' expression )? )?
    private mutating func parseExpression() throws(TemplateError) -> Expression {
        try descend(at: current.location)
        defer { expressionDepth -= 1 }
        let value = try parseBinary(minimumPrecedence: 1)
        guard current.isName("if") else { return value }
        let location = advance().location
        let condition = try parseBinary(minimumPrecedence: 1)
        var otherwise: Expression?
        if current.isName("else") {
            advance()
            otherwise = try parseExpression()
        }
        return try make(.conditional(condition: condition, then: value, otherwise: otherwise), at: location)
    }

    /// binary := operand ( operator binary )*, by precedence climbing, all operators left-associative:
    ///   'or' < 'and' < 'not' (prefix) < '==' '!=' '<' '<=' '>' '>=' 'in' 'not in' < '~' < '+' '-' < '*' '/' '//' '%'
    /// operand := 'not' binary(comparison) | unary
    private mutating func parseBinary(minimumPrecedence: Int) throws(TemplateError) -> Expression {
        var left: Expression
        if current.isName("not") {
            let location = advance().location
            try descend(at: location)
            let operand = try parseBinary(minimumPrecedence: 4)
            expressionDepth -= 1
            left = try make(.not(operand), at: location)
        } else {
            left = try parseUnary(withFilters: true)
        }
        while let (op, width) = binaryOperator(), op.precedence >= minimumPrecedence {
            let location = current.location
            for _ in 0..<width { advance() }
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = try make(.binary(op, left, right), at: location)
        }
        return left
    }

    /// The binary operator at the current token and how many tokens it spans.
    private func binaryOperator() -> (BinaryOperator, Int)? {
        switch current.kind {
        case .name("and"): (.and, 1)
        case .name("or"): (.or, 1)
        case .name("in"): (.contains, 1)
        case .name("not") where peek(1).isName("in"): (.notContains, 2)
        case .symbol(let symbol): BinaryOperator(rawValue: symbol).map { ($0, 1) }
        default: nil
        }
    }

    /// unary := ( '-' | '+' ) unary | postfix, then filters and tests when `withFilters`
    ///   (so `-x | abs` filters the negated value, as in Jinja)
    private mutating func parseUnary(withFilters: Bool) throws(TemplateError) -> Expression {
        var expression: Expression
        if current.isSymbol("-") || current.isSymbol("+") {
            let negative = current.isSymbol("-")
            let location = advance().location
            try descend(at: location)
            let operand = try parseUnary(withFilters: false)
            expressionDepth -= 1
            expression = negative ? try make(.negate(operand), at: location) : operand
        } else {
            expression = try parsePostfix()
        }
        return withFilters ? try parseFiltersAndTests(expression) : expression
    }

    /// filtered := value ( '|' name ( '(' arguments ')' )? | 'is' 'not'? name )*
    private mutating func parseFiltersAndTests(_ input: Expression) throws(TemplateError) -> Expression {
        var expression = input
        while true {
            if current.isSymbol("|") {
                advance()
                let (filterName, location) = try expectName("a filter name")
                var arguments: [Expression] = []
                if current.isSymbol("(") {
                    advance()
                    arguments = try parseArguments(closing: ")")
                }
                if !filterNames.contains(filterName) {
                    var message = "unknown filter '\(filterName)'"
                    if let suggestion = NameSuggestion.closest(to: filterName, among: filterNames) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    problems.append(TemplateError(kind: .unknownFilter, location: location, message: message))
                }
                expression = try make(.filter(expression, name: filterName, arguments: arguments), at: location)
            } else if current.isName("is") {
                advance()
                var negated = false
                if current.isName("not") {
                    advance()
                    negated = true
                }
                let (testName, location) = try expectName("a test name")
                if !Self.tests.contains(testName) {
                    problems.append(syntaxError("unknown test '\(testName)'", at: location))
                }
                expression = try make(.test(expression, name: testName, negated: negated), at: location)
            } else {
                return expression
            }
        }
    }

    /// arguments := ( expression ( ',' expression )* ','? )? followed by `closing`
    private mutating func parseArguments(closing: String) throws(TemplateError) -> [Expression] {
        var arguments: [Expression] = []
        while !current.isSymbol(closing) {
            arguments.append(try parseExpression())
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol(closing) {
                throw unexpected("',' or '\(closing)'")
            }
        }
        advance()
        return arguments
    }

    /// postfix := primary ( '.' name | '.' integer | '[' expression ']' )*
    private mutating func parsePostfix() throws(TemplateError) -> Expression {
        var expression = try parsePrimary()
        while true {
            if current.isSymbol(".") {
                advance()
                let token = advance()
                switch token.kind {
                case .name(let attribute):
                    expression = try make(.attribute(expression, attribute), at: token.location)
                case .int(let position):
                    expression = try make(.subscripted(expression, Expression(.literal(.int(position)), at: token.location)), at: token.location)
                default:
                    throw syntaxError("expected an attribute name after '.' but found \(token.display)", at: token.location)
                }
            } else if current.isSymbol("[") {
                advance()
                let location = current.location
                let key = try parseExpression()
                try expectSymbol("]")
                expression = try make(.subscripted(expression, key), at: location)
            } else {
                return expression
            }
        }
    }

    /// primary := integer | float | string | 'true' | 'false' | 'none' | 'null' | name
    ///          | 'super' '(' ')' | '(' expression ')' | '[' arguments ']'
    private mutating func parsePrimary() throws(TemplateError) -> Expression {
        let token = current
        switch token.kind {
        case .int(let value):
            advance()
            return try make(.literal(.int(value)), at: token.location)
        case .double(let value):
            advance()
            return try make(.literal(.double(value)), at: token.location)
        case .string(let value):
            advance()
            return try make(.literal(.string(value)), at: token.location)
        case .name(let word):
            advance()
            switch word {
            case "true", "True": return try make(.literal(.bool(true)), at: token.location)
            case "false", "False": return try make(.literal(.bool(false)), at: token.location)
            case "none", "None", "null": return try make(.literal(.null), at: token.location)
            default: break
            }
            if current.isSymbol("(") {
                guard word == "super" else {
                    throw syntaxError("unknown function '\(word)'", at: token.location)
                }
                advance()
                try expectSymbol(")")
                if openBlocks.isEmpty {
                    problems.append(syntaxError("'super()' is only allowed inside a block", at: token.location))
                }
                return try make(.superBlock, at: token.location)
            }
            return try make(.variable(word), at: token.location)
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            try expectSymbol(")")
            return inner
        case .symbol("["):
            advance()
            try descend(at: token.location)
            let items = try parseArguments(closing: "]")
            expressionDepth -= 1
            return try make(.list(items), at: token.location)
        default:
            throw unexpected("an expression")
        }
    }
}
