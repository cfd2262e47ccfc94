/// Collects the diagnostics of one stage. Each stage returns its own collection
/// as a value; the builder merges them, so stages can run in parallel.
public struct Diagnostics: Sendable, Equatable {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) {
        all = diagnostics
    }

    public mutating func error(_ message: String, at location: SourceLocation) {
        all.append(.error(message, at: location))
    }

    public mutating func warning(_ message: String, at location: SourceLocation) {
        all.append(.warning(message, at: location))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by path, line and column, without repeats.
    public var sorted: [Diagnostic] { Array(Set(all)).sorted() }

    /// Under `--strict` every warning counts as an error.
    public func escalatingWarnings(_ strict: Bool) -> Diagnostics {
        guard strict else { return self }
        return Diagnostics(all.map { Diagnostic(.error, at: $0.location, $0.message) })
    }
}
