/// One lexical unit of a template. Text between tags arrives already trimmed by `-` markers, so
/// the parser never sees whitespace control.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case text(String)
        /// `{{`
        case printOpen
        /// `}}`
        case printClose
        /// `{%`
        case tagOpen
        /// `%}`
        case tagClose
        case name(String)
        case string(String)
        case int(Int)
        case double(Double)
        /// Operators and punctuation: `== != < <= > >= + - * ** / // % ~ | . , ( ) [ ] =`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var location: TemplateLocation

    /// How the token is named in "expected … but found …" messages.
    var display: String {
        switch kind {
        case .text: "text"
        case .printOpen: "'{{'"
        case .printClose: "'}}'"
        case .tagOpen: "'{%'"
        case .tagClose: "'%}'"
        case .name(let name): "'\(name)'"
        case .string: "a string"
        case .int(let value): "'\(value)'"
        case .double(let value): "'\(value)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the template"
        }
    }

    func isName(_ name: String) -> Bool { kind == .name(name) }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
}
