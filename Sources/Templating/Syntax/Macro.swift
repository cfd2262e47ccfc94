/// `{% macro name(a, b="x") %}…{% endmacro %}`: a template fragment called like a function.
/// Its body sees its arguments and the page's variables (the context and the top-level `set`s),
/// never the caller's loop variables; its output is safe text.
struct Macro: Sendable {
    var name: String
    var parameters: [Parameter]
    var body: [Node]
    var location: TemplateLocation
}

/// A parameter of a macro or of a `{% call(…) %}` body: a name and, when it may be left out,
/// the expression evaluated (where the body runs, after the parameters before it) in its place.
struct Parameter: Sendable {
    var name: String
    var defaultValue: Expression?
    var location: TemplateLocation
}

/// The body of `{% call(params) macro(…) %}body{% endcall %}`, which the macro runs by calling
/// `caller(…)`. It sees the variables where the `call` tag is, as if written there.
struct CallerBody: Sendable {
    var parameters: [Parameter]
    var body: [Node]
}

/// A call of a macro, as written (`card(x, size=2)`, `m.card(x)`) and, once the environment has
/// loaded every template, the macro it names with its arguments in the macro's parameter order.
struct MacroCall: Sendable {
    var name: String
    /// `m` in `m.card(…)`: the alias of an `import`.
    var namespace: String?
    var arguments: [Expression]
    var keywords: [KeywordArgument]
    var caller: CallerBody?
    var target: Target?

    struct Target: Sendable {
        var template: String
        var macro: String
        /// One per parameter: the argument given for it, or nil for its default.
        var arguments: [Expression?]
        /// Called through an import without `with context`: the macro sees only its arguments.
        var withoutContext: Bool
        /// How many expressions the call is inside, itself included: each is a level of
        /// evaluation under the call, which counts this many levels against the render's depth
        /// limit, so that a macro calling itself deep in an expression stops in time.
        var nesting: Int
    }

    /// How the call is written, for messages: `card` or `m.card`.
    var displayName: String { namespace.map { "\($0).\(name)" } ?? name }
}

/// What an `import` or `from … import` tag makes a name stand for: a whole template of macros
/// (`import "macros.html" as m`) or one of its macros (`from "macros.html" import card as c`).
struct Import: Sendable {
    var template: String
    /// The macro, for `from … import`; nil for a namespace.
    var macro: String?
    var withContext: Bool
    /// Where the alias (or the imported name) is written.
    var location: TemplateLocation
}
