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
        /// A cycle of references with an `import` in it.
        case circularImport
        case tooDeep
        /// A render that does too much work: too many steps, or output or a value too large.
        case tooLarge
        case filter
        case unknownFilter
        case unreadable
    }

    /// How the render came to the template that holds `location`, innermost first: each an
    /// include (`included from` its tag), a parent layout (`extended by` the child), a macro
    /// (called from where its name is) or the body of a `{% call %}` (called back by `caller()`
    /// in the macro).
    public enum Step: Sendable, Equatable {
        case included(from: TemplateLocation)
        case extended(by: String)
        case calledMacro(String, from: TemplateLocation)
        case calledBack(byMacro: String, at: TemplateLocation)

        /// The template the render was in before this step; nil for a layout's child, which
        /// renders nothing before its layout does.
        var template: String? {
            switch self {
            case .included(let from), .calledMacro(_, let from), .calledBack(_, let from): from.template
            case .extended: nil
            }
        }
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

    /// `message` and, when the error is in an included or parent template or in a macro, how
    /// the render came there: "(included from release.html:12:3)". `name` gives how a template
    /// is shown. The same step repeated (a macro calling itself) is shown once, with a count.
    public func messageWithChain(naming name: (String) -> String = { $0 }) -> String {
        guard !chain.isEmpty else { return message }
        func at(_ location: TemplateLocation) -> String { "\(name(location.template)):\(location.line):\(location.column)" }
        var steps: [String] = []
        var index = chain.startIndex
        while index < chain.endIndex {
            let step = chain[index]
            var end = index + 1
            while end < chain.endIndex, chain[end] == step { end += 1 }
            var text = switch step {
            case .included(let from): "included from \(at(from))"
            case .extended(let child): "the layout of \(name(child))"
            case .calledMacro(let macro, let from): "macro '\(macro)' called from \(at(from))"
            case .calledBack(let macro, let location): "run by caller() in macro '\(macro)' at \(at(location))"
            }
            if end - index > 1 { text += " (\(end - index) times)" }
            steps.append(text)
            index = end
        }
        return message + " (" + steps.joined(separator: ", ") + ")"
    }

    public var description: String { "\(location): error: \(messageWithChain())" }
}
