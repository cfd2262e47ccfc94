/// A filter's complaint about its input or arguments. The evaluator reports it as a
/// `TemplateError` of kind `.filter` at the filter's name in the template.
public struct FilterError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}

/// A filter receives the value left of `|` and the evaluated arguments in parentheses.
public typealias TemplateFilter = @Sendable (_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue
