/// Jinja's block assignment: `{% set name %}…{% endset %}` sets `name` to what the body renders,
/// as safe text; filters after the name apply to it (`{% set slug | lower %}…{% endset %}`).
extension Parser {
    /// blockset := 'set' name ( '|' name ( '(' arguments ')' )? )* '%}' body '{%' 'endset' '%}'
    mutating func parseBlockSet(_ variable: String, at location: TemplateLocation) throws(TemplateError) -> Node {
        try enterStatement(at: location)
        defer { statementDepth -= 1 }
        // The filters come before the body they apply to: parsed on a stand-in, then moved onto it.
        let filters = try parseFiltersAndTests(try make(.literal(.null), at: location))
        try expectTagClose()
        let (body, _) = try parseBody(until: ["endset"], closing: ("set", location))
        try expectTagClose()
        return .assignment(name: variable, value: try replacingInput(of: filters, with: try make(.captured(body), at: location)))
    }

    /// `chain` (filters and tests over a stand-in) over `input` instead.
    private func replacingInput(of chain: Expression, with input: Expression) throws(TemplateError) -> Expression {
        switch chain.kind {
        case .filter(let inner, let name, let arguments):
            return try make(.filter(try replacingInput(of: inner, with: input), name: name, arguments: arguments), at: chain.location)
        case .test(let inner, let name, let negated, let arguments):
            return try make(.test(try replacingInput(of: inner, with: input), name: name, negated: negated, arguments: arguments),
                            at: chain.location)
        default:
            return input
        }
    }
}
