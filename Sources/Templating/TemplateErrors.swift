/// Every problem found while loading an environment, sorted by template, line and column.
public struct TemplateErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [TemplateError]

    public init(_ errors: [TemplateError]) {
        self.errors = errors.sorted { lhs, rhs in
            if lhs.location != rhs.location { return lhs.location < rhs.location }
            return lhs.message < rhs.message
        }
    }

    /// One `name:line:column: error: message` line per error.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
