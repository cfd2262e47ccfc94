@testable import Templating
import Testing

/// The table that turns filters' keyword arguments into positional ones (`Filters.parameters`)
/// fits the filters: each row names a built-in filter, and the filter takes every parameter of
/// its row in that order, with the row's defaults.
struct FilterParameterTests {
    /// Built-in filters without a row: newsroom's own `limit`, which takes no keyword arguments.
    static let withoutRow: Set<String> = ["limit"]

    /// An input each filter with parameters accepts, and a value for each parameter without a default.
    static let samples: [String: (input: TemplateValue, required: [String: TemplateValue])] = [
        "default": ("x", [:]), "join": (["a"], [:]), "sort": ([["a": 1]], ["attribute": "a"]),
        "slice": ([1, 2], ["slices": 2]), "replace": ("ab", ["old": "a", "new": "b"]), "truncate": ("abc", [:]),
        "json": (1, [:]), "int": ("1", [:]), "float": ("1", [:]), "round": (1.25, [:]),
        "map": ([["a": 1]], ["attribute": "a"]), "batch": ([1], ["linecount": 2]), "sum": ([1], [:]),
        "unique": (["a"], [:]), "min": ([1], [:]), "max": ([1], [:]), "filesizeformat": (1, [:]),
        "indent": ("a\nb", [:]), "dictsort": (["a": 1], [:]),
        "d": ("x", [:]), "trim": (" a ", [:]), "center": ("a", [:]), "attr": (["a": 1], ["name": "a"]),
        "wordwrap": ("a b", [:]), "groupby": ([["a": 1]], ["attribute": "a"]), "urlize": ("see https://example.org", [:]),
        "xmlattr": (["a": "b"], [:]),
    ]

    @Test func everyRowNamesABuiltInFilterAndEveryBuiltInHasARow() {
        #expect(Set(Filters.parameters.keys).subtracting(Filters.builtIn.keys).isEmpty)
        // A filter added without a row takes no keyword arguments: add its row, with Jinja's names.
        #expect(Set(Filters.builtIn.keys).subtracting(Filters.parameters.keys) == Self.withoutRow)
    }

    @Test(arguments: Filters.parameters.keys.sorted().filter { Filters.parameters[$0]?.parameters.isEmpty == false })
    func theFilterTakesItsWholeRow(_ name: String) throws {
        let signature = try #require(Filters.parameters[name])
        let filter = try #require(Filters.builtIn[name])
        let sample = try #require(Self.samples[name], "add a sample for \(name)")
        var arguments: [TemplateValue] = []
        for parameter in signature.parameters {
            arguments.append(try #require(parameter.defaultValue ?? sample.required[parameter.name], "\(name): \(parameter.name)"))
        }
        #expect(throws: Never.self) { _ = try filter(sample.input, arguments) }
    }
}
