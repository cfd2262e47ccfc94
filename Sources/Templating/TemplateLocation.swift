/// A position in a template: its name in the source and a 1-based line and column (columns count
/// Unicode scalars).
public struct TemplateLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var template: String
    public var line: Int
    public var column: Int

    public init(template: String, line: Int, column: Int) {
        self.template = template
        self.line = line
        self.column = column
    }

    /// `name:line:column`, the format editors and CI annotate.
    public var description: String { "\(template):\(line):\(column)" }
}

extension TemplateLocation: Comparable {
    public static func < (lhs: TemplateLocation, rhs: TemplateLocation) -> Bool {
        (lhs.template, lhs.line, lhs.column) < (rhs.template, rhs.line, rhs.column)
    }
}
