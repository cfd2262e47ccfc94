/// Macros, `call` blocks, imports and the calls that use them. A macro call is parsed here as
/// written; `TemplateLinker` resolves it to its macro once every template is parsed.
extension Parser {
    /// macro := 'macro' name '(' parameters '%}' body '{%' 'endmacro' '%}'
    ///
    /// At the top level of a template or of a block; the macro is known in the whole template.
    mutating func parseMacro(at location: TemplateLocation) throws(TemplateError) -> Node? {
        try requireTopLevel("macro", at: location)
        try enterStatement(at: location)
        let (macroName, nameLocation) = try expectName("a macro name")
        try expectSymbol("(")
        let parameters = try parseParameters()
        try expectTagClose()
        // The body prints nothing where it is written, so it does not keep `extends` from coming after it.
        let saved = (openBlocks, controlDepth, sawTag)
        (openBlocks, controlDepth, inMacro, inMacroOrCall) = ([], 1, true, true)
        let (body, _) = try parseBody(until: ["endmacro"], closing: ("macro", location))
        (openBlocks, controlDepth, inMacro, inMacroOrCall, sawTag) = (saved.0, saved.1, false, false, saved.2)
        statementDepth -= 1
        try expectTagClose()
        if macros[macroName] != nil {
            problems.append(syntaxError("macro '\(macroName)' is defined twice", at: nameLocation))
        } else if imports[macroName] != nil {
            problems.append(syntaxError("'\(macroName)' is both a macro and an import", at: nameLocation))
        } else {
            macros[macroName] = Macro(name: macroName, parameters: parameters, body: body, location: nameLocation)
        }
        return nil
    }

    /// parameters := ( name ( '=' expression )? ( ',' name ( '=' expression )? )* ','? )? ')'
    ///
    /// As in Python, a parameter without a default cannot follow one with a default.
    mutating func parseParameters() throws(TemplateError) -> [Parameter] {
        var parameters: [Parameter] = []
        while !current.isSymbol(")") {
            let (parameter, location) = try expectName("a parameter name")
            if parameters.contains(where: { $0.name == parameter }) {
                throw syntaxError("parameter '\(parameter)' is named twice", at: location)
            }
            var defaultValue: Expression?
            if current.isSymbol("=") {
                advance()
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw syntaxError("parameter '\(parameter)' needs a default value, as the one before it has", at: location)
            }
            parameters.append(Parameter(name: parameter, defaultValue: defaultValue, location: location))
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol(")") {
                throw unexpected("',' or ')'")
            }
        }
        advance()
        return parameters
    }

    /// call := 'call' ( '(' parameters )? macro-call '%}' body '{%' 'endcall' '%}'
    ///
    /// Prints what the macro returns; the macro runs `body` (with `parameters`) by calling `caller(…)`.
    mutating func parseCallBlock(at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        var parameters: [Parameter] = []
        if current.isSymbol("(") {
            advance()
            parameters = try parseParameters()
        }
        let expression = try parseExpression()
        guard case .macroCall(var call) = expression.kind else {
            throw syntaxError("'call' takes a call of a macro: {% call name(…) %}", at: expression.location)
        }
        try expectTagClose()
        // As in Jinja, the body is a function of its own: `caller()` in it would be its own caller, which it has none of.
        let saved = (inMacro, inMacroOrCall)
        (inMacro, inMacroOrCall) = (false, true)
        controlDepth += 1
        let (body, _) = try parseBody(until: ["endcall"], closing: ("call", location))
        (inMacro, inMacroOrCall) = saved
        controlDepth -= 1
        statementDepth -= 1
        try expectTagClose()
        call.caller = CallerBody(parameters: parameters, body: body)
        return .output(try make(.macroCall(call), at: expression.location))
    }

    /// import := 'import' string 'as' name context?
    /// from := 'from' string 'import' name ( 'as' name )? ( ',' name ( 'as' name )? )* context?
    /// context := ( 'with' | 'without' ) 'context'
    ///
    /// At the top level of a template or of a block; the names are known in the whole template.
    /// As in Jinja, the imported macros see the page's variables only `with context`.
    mutating func parseImport(_ keyword: String, at location: TemplateLocation) throws(TemplateError) -> Node? {
        try requireTopLevel(keyword, at: location)
        let (target, targetLocation) = try parseTemplateName(keyword)
        references.append(TemplateReference(kind: .import, target: target, location: targetLocation))
        var names: [(alias: String, macro: String?, location: TemplateLocation)] = []
        if keyword == "import" {
            guard current.isName("as") else { throw unexpected("'as'") }
            advance()
            let (alias, aliasLocation) = try expectName("a name for the imported template")
            names.append((alias, nil, aliasLocation))
        } else {
            guard current.isName("import") else { throw unexpected("'import'") }
            repeat {
                advance()
                let (macro, macroLocation) = try expectName("a macro name")
                if macro.hasPrefix("_") {
                    problems.append(syntaxError("'\(macro)' starts with '_', which keeps it private to its template", at: macroLocation))
                }
                var alias = macro
                if current.isName("as") {
                    advance()
                    alias = try expectName("a name for the macro").0
                }
                names.append((alias, macro, macroLocation))
            } while current.isSymbol(",")
        }
        var withContext = false
        if current.isName("with") || current.isName("without") {
            withContext = current.isName("with")
            advance()
            guard current.isName("context") else { throw unexpected("'context'") }
            advance()
        }
        try expectTagClose()
        for (alias, macro, nameLocation) in names {
            if imports[alias] != nil || macros[alias] != nil {
                problems.append(syntaxError("'\(alias)' is already the name of a macro or an import", at: nameLocation))
            } else {
                imports[alias] = Import(template: target, macro: macro, withContext: withContext, location: nameLocation)
            }
        }
        return nil
    }

    private func requireTopLevel(_ keyword: String, at location: TemplateLocation) throws(TemplateError) {
        guard controlDepth == 0 else {
            throw syntaxError("'\(keyword)' goes at the top level of a template or of a block, not inside if, for, macro or call",
                              at: location)
        }
    }

    /// `name(…)` for any name but `range` and `super`: `caller(…)` in a macro's body, else a macro.
    mutating func parseFunctionCall(_ function: String, at location: TemplateLocation) throws(TemplateError) -> Expression {
        advance()
        try descend(at: location)
        defer { expressionDepth -= 1 }
        if function == "caller" {
            guard inMacro else {
                throw syntaxError("caller() is only defined in the body of a macro (not in a call block's own body)", at: location)
            }
            return try make(.callerCall(try parsePositionalArguments(of: "caller()"), nesting: 1), at: location)
        }
        let (arguments, keywords) = try parseCallArguments()
        return try make(.macroCall(MacroCall(name: function, arguments: arguments, keywords: keywords)), at: location)
    }
}
