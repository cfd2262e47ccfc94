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

    /// How the render came to the template that holds `location`, innermost first: each an
    /// include (`included from` its tag) or a parent layout (`extended by` the child).
    public enum Step: Sendable, Equatable {
        case included(from: TemplateLocation)
        case extended(by: String)
    }

    public var kind: Kind
    public var location: TemplateLocation
    /// A lower-case sentence without a trailing period.
    public var message: String
    public var chain: [Step] = []

    public init(kind: Kind, location: TemplateLocation, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// `message` and, when the error is in an included or parent template, how the render came
    /// there: "(included from release.html:12:3)". `name` gives how a template is shown.
    public func messageWithChain(naming name: (String) -> String = { $0 }) -> String {
        guard !chain.isEmpty else { return message }
        let steps = chain.map { step in
            switch step {
            case .included(let from): "included from \(name(from.template)):\(from.line):\(from.column)"
            case .extended(let child): "the layout of \(name(child))"
            }
        }
        return message + " (" + steps.joined(separator: ", ") + ")"
    }

    public var description: String { "\(location): error: \(messageWithChain())" }
}
