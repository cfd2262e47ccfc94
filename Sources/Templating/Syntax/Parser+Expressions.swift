/// Expressions: precedence climbing over binary operators, unary operators, filters and
/// tests, attribute and index access, calls, and literals.
extension Parser {
    func make(_ kind: Expression.Kind, at location: TemplateLocation) throws(TemplateError) -> Expression {
        let expression = Expression(kind, at: location)
        if expression.depth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "expression nested too deeply (limit \(Self.maximumDepth))")
        }
        return expression
    }

    /// Guards every recursive descent, so that `((((…` fails before it can exhaust the stack.
    mutating func descend(at location: TemplateLocation) throws(TemplateError) {
        expressionDepth += 1
        if expressionDepth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "expression nested too deeply (limit \(Self.maximumDepth))")
        }
    }

    /// expression := binary ( 'if' binary ( 'else' expression )? )?
    mutating func parseExpression() throws(TemplateError) -> Expression {
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

    /// An expression without the inline `if … else` at its top: a loop's sequence.
    mutating func parseOperand() throws(TemplateError) -> Expression {
        try descend(at: current.location)
        defer { expressionDepth -= 1 }
        return try parseBinary(minimumPrecedence: 1)
    }

    /// binary := operand ( operator binary )*, by precedence climbing, all operators left-associative:
    ///   'or' < 'and' < 'not' (prefix) < '==' '!=' '<' '<=' '>' '>=' 'in' 'not in' < '+' '-' < '~' < '*' '/' '//' '%' < '**'
    /// A run of comparisons chains as in Python and Jinja: `a < b < c` is `a < b and b < c`.
    /// operand := 'not' binary(comparison) | unary
    mutating func parseBinary(minimumPrecedence: Int) throws(TemplateError) -> Expression {
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
        var compared: Expression?
        while let (op, width) = binaryOperator(), op.precedence >= minimumPrecedence {
            let location = current.location
            for _ in 0..<width { advance() }
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            if op.isComparison, let middle = compared {
                left = try make(.binary(.and, left, try make(.binary(op, middle, right), at: location)), at: location)
            } else {
                left = try make(.binary(op, left, right), at: location)
            }
            compared = op.isComparison ? right : nil
        }
        return left
    }

    /// The binary operator at the current token and how many tokens it spans.
    func binaryOperator() -> (BinaryOperator, Int)? {
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
    mutating func parseUnary(withFilters: Bool) throws(TemplateError) -> Expression {
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
    mutating func parseFiltersAndTests(_ input: Expression) throws(TemplateError) -> Expression {
        var expression = input
        while true {
            if current.isSymbol("|") {
                advance()
                let (filterName, location) = try expectName("a filter name")
                var arguments: [Expression] = []
                var keywords: [KeywordArgument] = []
                if current.isSymbol("(") {
                    advance()
                    (arguments, keywords) = try parseCallArguments()
                }
                if !filterNames.contains(filterName) {
                    problems.append(TemplateError(kind: .unknownFilter, location: location,
                                                  message: Filters.unknown(filterName, among: filterNames)))
                } else if let keyword = keywords.first {
                    // Reported with the template's other problems; the filter keeps its positional arguments.
                    if let signature = filterSignatures[filterName] {
                        do {
                            arguments = try signature.positional(arguments, keywords, filter: filterName, at: location)
                        } catch {
                            problems.append(error)
                        }
                    } else {
                        problems.append(syntaxError("filter '\(filterName)' takes no keyword arguments; give its arguments in order",
                                                    at: keyword.location))
                    }
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
                var arguments: [Expression] = []
                if Self.testsWithArgument.contains(testName) {
                    guard current.isSymbol("(") else {
                        throw syntaxError("test '\(testName)' takes its argument in parentheses: is \(testName)(…)", at: current.location)
                    }
                    advance()
                    try descend(at: location)
                    arguments = try parseArguments(closing: ")")
                    expressionDepth -= 1
                    guard arguments.count == 1 else {
                        throw syntaxError("test '\(testName)' takes one argument, not \(arguments.count)", at: location)
                    }
                } else if !Self.tests.contains(testName) {
                    problems.append(syntaxError(Tests.unknown(testName), at: location))
                }
                expression = try make(.test(expression, name: testName, negated: negated, arguments: arguments), at: location)
            } else {
                return expression
            }
        }
    }

    /// arguments := ( expression ( ',' expression )* ','? )? followed by `closing`
    mutating func parseArguments(closing: String) throws(TemplateError) -> [Expression] {
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

    /// call-arguments := ( argument ( ',' argument )* ','? )? ')', argument := ( name '=' )? expression,
    /// with every keyword argument after the positional ones, as in Python and Jinja.
    mutating func parseCallArguments() throws(TemplateError) -> ([Expression], [KeywordArgument]) {
        var arguments: [Expression] = []
        var keywords: [KeywordArgument] = []
        while !current.isSymbol(")") {
            if case .name(let name) = current.kind, peek(1).isSymbol("=") {
                let location = advance().location
                advance()
                if keywords.contains(where: { $0.name == name }) {
                    throw syntaxError("keyword argument '\(name)' is given twice", at: location)
                }
                keywords.append(KeywordArgument(name: name, value: try parseExpression(), location: location))
            } else {
                if !keywords.isEmpty {
                    throw syntaxError("an argument without a name cannot follow keyword arguments", at: current.location)
                }
                arguments.append(try parseExpression())
            }
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol(")") {
                throw unexpected("',' or ')'")
            }
        }
        advance()
        return (arguments, keywords)
    }

    /// Arguments of a function that takes them in order only (`range`, `caller`, `loop.cycle`).
    mutating func parsePositionalArguments(of function: String) throws(TemplateError) -> [Expression] {
        let (arguments, keywords) = try parseCallArguments()
        if let keyword = keywords.first {
            throw syntaxError("\(function) takes its arguments in order, without names", at: keyword.location)
        }
        return arguments
    }

    /// postfix := primary ( '.' name | '.' integer | '[' expression ']' | '(' call-arguments )*
    mutating func parsePostfix() throws(TemplateError) -> Expression {
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
                let key = current.isSymbol(":") ? nil : try parseExpression()
                if let key, current.isSymbol("]") {
                    advance()
                    expression = try make(.subscripted(expression, key), at: location)
                } else {
                    // base[start:end:step]: each part optional.
                    try expectSymbol(":")
                    func part(_ parser: inout Parser) throws(TemplateError) -> Expression? {
                        parser.current.isSymbol(":") || parser.current.isSymbol("]") ? nil : try parser.parseExpression()
                    }
                    let end = try part(&self)
                    var step: Expression?
                    if current.isSymbol(":") {
                        advance()
                        step = try part(&self)
                    }
                    try expectSymbol("]")
                    expression = try make(.sliced(expression, start: key, end: end, step: step), at: location)
                }
            } else if current.isSymbol("("), case .attribute(let base, let method) = expression.kind {
                expression = try parseMethodCall(method, of: base, at: expression.location)
            } else {
                return expression
            }
        }
    }

    /// `base.method(…)`: `loop.cycle(…)`, or a macro of an imported template (`m.card(…)`).
    /// Values have no methods.
    mutating func parseMethodCall(_ method: String, of base: Expression, at location: TemplateLocation) throws(TemplateError) -> Expression {
        guard case .variable(let object) = base.kind else {
            throw syntaxError("'\(method)(…)' calls a method, and templates cannot call methods "
                              + "(only loop.cycle() and the macros of an import, as in m.card(…))", at: current.location)
        }
        advance()
        try descend(at: location)
        defer { expressionDepth -= 1 }
        if object == "loop", method == "cycle" {
            let values = try parsePositionalArguments(of: "loop.cycle()")
            guard !values.isEmpty else { throw syntaxError("loop.cycle() needs at least one value to cycle through", at: location) }
            return try make(.cycle(loop: base, values: values), at: location)
        }
        let (arguments, keywords) = try parseCallArguments()
        return try make(.macroCall(MacroCall(name: method, namespace: object, arguments: arguments, keywords: keywords)), at: location)
    }

    /// primary := integer | float | string | 'true' | 'false' | 'none' | 'null' | name
    ///          | 'super' '(' ')' | '(' expression ')' | '[' arguments ']'
    mutating func parsePrimary() throws(TemplateError) -> Expression {
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
            if current.isSymbol("("), word == "range" {
                advance()
                try descend(at: token.location)
                let arguments = try parsePositionalArguments(of: "range()")
                expressionDepth -= 1
                guard (1...3).contains(arguments.count) else {
                    throw syntaxError("range takes 1 to 3 numbers (stop; start, stop; start, stop, step), not \(arguments.count)",
                                      at: token.location)
                }
                return try make(.call(word, arguments: arguments), at: token.location)
            }
            if current.isSymbol("("), word != "super" {
                return try parseFunctionCall(word, at: token.location)
            }
            if current.isSymbol("(") {
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
            if current.isSymbol(",") {
                throw syntaxError("tuples such as (a, b) are not there; write a list: [a, b]", at: token.location)
            }
            try expectSymbol(")")
            return inner
        case .symbol("["):
            advance()
            try descend(at: token.location)
            let items = try parseArguments(closing: "]")
            expressionDepth -= 1
            return try make(.list(items), at: token.location)
        case .symbol("{"):
            advance()
            try descend(at: token.location)
            var pairs: [(key: Expression, value: Expression)] = []
            while !current.isSymbol("}") {
                let key = try parseExpression()
                try expectSymbol(":")
                pairs.append((key, try parseExpression()))
                if current.isSymbol(",") {
                    advance()
                } else if !current.isSymbol("}") {
                    throw unexpected("',' or '}'")
                }
            }
            advance()
            expressionDepth -= 1
            return try make(.dictionary(pairs), at: token.location)
        default:
            throw unexpected("an expression")
        }
    }
}
