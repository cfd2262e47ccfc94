/// One problem with a template, at the position of the construct that caused it (in the template
/// that contains it, also when that template was included or extended).
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case syntax
        case undefined
        case type
        case missingTemplate
        case circularInheritance
        case circularInclude
        case tooDeep
        /// A render that does too much work: too many steps, or output or a value too large.
        case tooLarge
        case filter
        case unknownFilter
        case unreadable
    }

    public var kind: Kind
    public var location: TemplateLocation
    /// A lower-case sentence without a trailing period.
    public var message: String

    public init(kind: Kind, location: TemplateLocation, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}
