/// Turns tokens into a `ParsedTemplate`.
///
/// A syntax error stops the parse of that template (it is thrown). Problems that leave the
/// structure intact — unknown filters and tests, `super()` outside a block, a repeated block or
/// macro name — are collected so that one load reports them all. Macro calls are resolved later,
/// once every template is parsed (`TemplateLinker`).
struct Parser {
    /// The deepest nesting of statements, and separately of expressions, a template may use. It
    /// keeps parsing and rendering far from the stack limit on any thread.
    static let maximumDepth = 64

    static let tests: Set<String> = [
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean",
        "sequence", "mapping", "iterable", "odd", "even", "true", "false", "lower", "upper",
    ]
    /// Tests that take one argument in parentheses (`x is divisibleby(3)`), with Jinja's names.
    static let testsWithArgument: Set<String> = [
        "divisibleby", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=",
        "gt", "greaterthan", ">", "ge", ">=", "in",
    ]

    private static let endKeywords: Set<String> = ["elif", "else", "endif", "endfor", "endblock", "endmacro", "endcall"]
    /// Tags that may come before `extends`: they define names and print nothing.
    private static let definingKeywords: Set<String> = ["extends", "macro", "import", "from"]

    let name: String
    let tokens: [Token]
    let filterNames: Set<String>
    /// The built-in filters' parameters (`Filters.parameters`), less those a caller replaced.
    let filterSignatures: [String: Filters.Signature]
    var index = 0
    var problems: [TemplateError] = []
    private var blocks: [String: Block] = [:]
    private var parent: TemplateReference?
    var references: [TemplateReference] = []
    var macros: [String: Macro] = [:]
    var imports: [String: Import] = [:]
    /// How many `if`, `for`, `macro` and `call` bodies enclose the current position (not blocks).
    var controlDepth = 0
    /// Whether the current position is inside a macro's body, where `caller()` is defined.
    var inMacro = false
    /// Whether the current position is inside a macro's body or a `call` tag's body.
    var inMacroOrCall = false
    /// Whether any tag or output came before, which makes a later `extends` an error.
    var sawTag = false
    var statementDepth = 0
    var expressionDepth = 0
    var openBlocks: [String] = []

    private init(name: String, tokens: [Token], filterNames: Set<String>, filterSignatures: [String: Filters.Signature]) {
        self.name = name
        self.tokens = tokens
        self.filterNames = filterNames
        self.filterSignatures = filterSignatures
    }

    /// Parses one template. Returns nil for the template when a syntax error stopped the parse;
    /// the errors list holds that error and every collected problem.
    static func parse(_ text: String, name: String, filterNames: Set<String>,
                      filterSignatures: [String: Filters.Signature]) -> (template: ParsedTemplate?, errors: [TemplateError]) {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(text, name: name)
        } catch {
            return (nil, [error])
        }
        var parser = Parser(name: name, tokens: tokens, filterNames: filterNames, filterSignatures: filterSignatures)
        do {
            let template = try parser.parseTemplate()
            return (parser.problems.isEmpty ? template : nil, parser.problems)
        } catch {
            return (nil, parser.problems + [error])
        }
    }

    // MARK: Tokens

    var current: Token { tokens[index] }

    func peek(_ offset: Int) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func syntaxError(_ message: String, at location: TemplateLocation) -> TemplateError {
        TemplateError(kind: .syntax, location: location, message: message)
    }

    func unexpected(_ expected: String) -> TemplateError {
        syntaxError("expected \(expected) but found \(current.display)", at: current.location)
    }

    mutating func expectSymbol(_ symbol: String) throws(TemplateError) {
        guard current.isSymbol(symbol) else { throw unexpected("'\(symbol)'") }
        advance()
    }

    mutating func expectName(_ what: String) throws(TemplateError) -> (String, TemplateLocation) {
        guard case .name(let word) = current.kind else { throw unexpected(what) }
        return (word, advance().location)
    }

    mutating func expectTagClose() throws(TemplateError) {
        guard current.kind == .tagClose else { throw unexpected("'%}'") }
        advance()
    }

    // MARK: Statements

    /// template := body
    mutating func parseTemplate() throws(TemplateError) -> ParsedTemplate {
        let (nodes, _) = try parseBody(until: [], closing: nil)
        return ParsedTemplate(name: name, nodes: nodes, parent: parent, blocks: blocks, references: references,
                              macros: macros, imports: imports)
    }

    /// body := ( text | '{{' expression '}}' | '{%' statement '%}' )*
    ///
    /// Stops after consuming `{%` and the keyword of one of `terminators`, which it returns with
    /// its location; the caller parses the rest of that tag. Returns nil at the end of the
    /// template. `closing` names the open statement for messages ("'if' at main.html:3:4").
    mutating func parseBody(
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
                if !Self.definingKeywords.contains(keyword) { sawTag = true }
                if let node = try parseStatement(keyword, at: keywordLocation) {
                    nodes.append(node)
                }
            default:
                throw syntaxError("unexpected \(token.display)", at: token.location)
            }
        }
    }

    mutating func parseStatement(_ keyword: String, at location: TemplateLocation) throws(TemplateError) -> Node? {
        switch keyword {
        case "if": return try parseIf(at: location)
        case "for": return try parseFor(at: location)
        case "set": return try parseSet()
        case "include": return try parseInclude()
        case "block": return try parseBlock(at: location)
        case "macro": return try parseMacro(at: location)
        case "call": return try parseCallBlock(at: location)
        case "import", "from": return try parseImport(keyword, at: location)
        case "extends":
            try parseExtends(at: location)
            return nil
        default:
            throw syntaxError("unknown tag '\(keyword)'", at: location)
        }
    }

    mutating func enterStatement(at location: TemplateLocation) throws(TemplateError) {
        statementDepth += 1
        if statementDepth > Self.maximumDepth {
            throw TemplateError(kind: .tooDeep, location: location, message: "statements nested too deeply (limit \(Self.maximumDepth))")
        }
    }

    /// if := 'if' expression '%}' body ( '{%' 'elif' expression '%}' body )* ( '{%' 'else' '%}' body )? '{%' 'endif' '%}'
    mutating func parseIf(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        controlDepth += 1
        defer {
            statementDepth -= 1
            controlDepth -= 1
        }
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

    /// for := 'for' name ( ',' name )? 'in' binary ( 'if' expression )? '%}' body ( '{%' 'else' '%}' body )? '{%' 'endfor' '%}'
    ///
    /// As in Jinja, the sequence takes no inline `if … else`: an `if` after it starts the loop filter.
    mutating func parseFor(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        controlDepth += 1
        defer {
            statementDepth -= 1
            controlDepth -= 1
        }
        var names = [try expectName("a loop variable name").0]
        if current.isSymbol(",") {
            advance()
            names.append(try expectName("a second loop variable name").0)
        }
        guard current.isName("in") else { throw unexpected("'in'") }
        advance()
        let sequence = try parseOperand()
        var filter: Expression?
        if current.isName("if") {
            advance()
            filter = try parseExpression()
            if current.isName("else") {
                throw syntaxError("an 'if' after a loop's sequence filters its items and takes no 'else'; "
                                  + "for a choice of sequence write it in parentheses: for x in (a if c else b)",
                                  at: current.location)
            }
        }
        try expectTagClose()
        let (body, end) = try parseBody(until: ["else", "endfor"], closing: ("for", location))
        var otherwise: [Node]?
        if end?.0 == "else" {
            try expectTagClose()
            otherwise = try parseBody(until: ["endfor"], closing: ("for", location)).0
        }
        try expectTagClose()
        return .loop(Loop(names: names, sequence: sequence, filter: filter, body: body, otherwise: otherwise, location: location))
    }

    /// set := 'set' name '=' expression | blockset
    mutating func parseSet() throws(TemplateError) -> Node {
        let (variable, location) = try expectName("a variable name")
        if current.kind == .tagClose || current.isSymbol("|") { return try parseBlockSet(variable, at: location) }
        try expectSymbol("=")
        let value = try parseExpression()
        try expectTagClose()
        return .assignment(name: variable, value: value)
    }

    /// include := 'include' string
    mutating func parseInclude() throws(TemplateError) -> Node {
        let (target, location) = try parseTemplateName("include")
        try expectTagClose()
        references.append(TemplateReference(kind: .include, target: target, location: location))
        return .include(name: target, at: location)
    }

    /// extends := 'extends' string — only as the first tag of a template.
    mutating func parseExtends(at location: TemplateLocation) throws(TemplateError) {
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

    mutating func parseTemplateName(_ keyword: String) throws(TemplateError) -> (String, TemplateLocation) {
        guard case .string(let target) = current.kind else {
            throw syntaxError("'\(keyword)' takes a template name in quotes", at: current.location)
        }
        return (target, advance().location)
    }

    /// block := 'block' name '%}' body '{%' 'endblock' name? '%}'
    mutating func parseBlock(at location: TemplateLocation) throws(TemplateError) -> Node {
        guard !inMacroOrCall else {
            throw syntaxError("'block' cannot be inside a macro or a call block", at: location)
        }
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
}
