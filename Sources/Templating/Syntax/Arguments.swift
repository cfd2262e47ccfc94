/// `name=value` in a call's parentheses.
struct KeywordArgument: Sendable {
    var name: String
    var value: Expression
    var location: TemplateLocation
}

/// The one rule by which a call's arguments meet a list of parameters, for macros and for
/// filters' keyword arguments: positional arguments fill the first parameters in order, then
/// each keyword argument the parameter of its name, as in Python and Jinja.
enum Arguments {
    /// One slot per parameter: the argument given for it, or nil. `callee` names the callee in
    /// messages ("macro 'card'", "filter 'truncate'"); `unsupported` are names Jinja knows that
    /// this callee does not have, which get their own message.
    static func match(_ positional: [Expression], _ keywords: [KeywordArgument], to parameters: [String],
                      callee: String, at location: TemplateLocation,
                      unsupported: [String] = []) throws(TemplateError) -> [Expression?] {
        guard positional.count <= parameters.count else {
            let listed = parameters.isEmpty ? "no arguments"
                : "at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") (\(parameters.joined(separator: ", ")))"
            throw TemplateError(kind: .syntax, location: location,
                                message: "\(callee) takes \(listed), not \(positional.count)")
        }
        var slots: [Expression?] = positional + Array(repeating: nil, count: parameters.count - positional.count)
        for keyword in keywords {
            guard let index = parameters.firstIndex(of: keyword.name) else {
                var message = "\(callee) has no argument '\(keyword.name)'"
                if unsupported.contains(keyword.name) {
                    message = "\(callee) does not take Jinja's argument '\(keyword.name)'"
                } else if let suggestion = NameSuggestion.closest(to: keyword.name, among: parameters) {
                    message += "; did you mean '\(suggestion)'?"
                } else if !parameters.isEmpty {
                    message += parameters.count == 1 ? "; its argument is \(parameters[0])"
                        : "; its arguments are \(parameters.joined(separator: ", "))"
                }
                throw TemplateError(kind: .syntax, location: keyword.location, message: message)
            }
            guard slots[index] == nil else {
                throw TemplateError(kind: .syntax, location: keyword.location,
                                    message: "\(callee) is given argument '\(keyword.name)' twice")
            }
            slots[index] = keyword.value
        }
        return slots
    }
}
