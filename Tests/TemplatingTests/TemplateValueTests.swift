import Templating
import Testing

struct TemplateValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: TemplateValue = ["a": 1, "b": [true, nil, "x", 2.5]]
        let expected = TemplateValue.object(TemplateObject([
            ("a", .int(1)),
            ("b", .array([.bool(true), .null, .string("x"), .double(2.5)])),
        ]))
        #expect(value == expected)
    }

    @Test func objectKeepsInsertionOrderAndReplacesDuplicatesInPlace() {
        var object = TemplateObject([("z", 1), ("a", 2), ("z", 3)])
        #expect(object.keys == ["z", "a"])
        #expect(object["z"] == .int(3))
        object["m"] = "new"
        object["a"] = 4
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.pairs.map(\.value) == [.int(3), .int(4), .string("new")])
        object["z"] = nil
        #expect(object.keys == ["a", "m"])
        #expect(object["m"] == .string("new"))
        #expect(object["z"] == nil)
    }

    /// Objects made with one `SharedKeys` read and change like any other: sharing is only of
    /// storage, a change to one leaves the others as they were, and other keys are not shared.
    @Test func objectsSharingKeysStayIndependent() {
        let shared = TemplateObject.SharedKeys()
        let keys = (0 ..< 20).map { "key\($0)" }
        var first = TemplateObject(keys.map { ($0, TemplateValue.int(1)) }, sharing: shared)
        let second = TemplateObject(keys.map { ($0, TemplateValue.int(2)) }, sharing: shared)
        #expect(second == TemplateObject(keys.map { ($0, TemplateValue.int(2)) }))
        #expect(second["key19"] == .int(2) && second["key20"] == nil)
        first["key3"] = "changed"
        first["extra"] = 5
        first["key0"] = nil
        #expect(second.keys == keys && second["key3"] == .int(2) && second["extra"] == nil)
        #expect(first.keys == Array(keys.dropFirst()) + ["extra"] && first["key3"] == .string("changed"))
        let other = TemplateObject([("b", 1), ("a", 2), ("b", 3)], sharing: shared)
        #expect(other.keys == ["b", "a"] && other["b"] == .int(3))
        #expect(TemplateObject(keys.map { ($0, TemplateValue.int(9)) }, sharing: shared)["key5"] == .int(9))
    }

    @Test func objectEqualityDependsOnOrder() {
        #expect(TemplateObject([("a", 1), ("b", 2)]) != TemplateObject([("b", 2), ("a", 1)]))
        #expect(TemplateObject([("a", 1), ("b", 2)]) == ["a": 1, "b": 2])
    }

    @Test(arguments: [
        (TemplateValue.null, false), (.bool(false), false), (.int(0), false), (.double(0), false),
        (.string(""), false), (.safe(""), false), (.array([]), false), (.object([:]), false),
        (.bool(true), true), (.int(-1), true), (.string("0"), true), (.array([.null]), true), (.object(["a": nil]), true),
    ])
    func truthiness(value: TemplateValue, truthy: Bool) {
        #expect(value.isTruthy == truthy)
    }

    @Test func errorDescriptionAndSorting() {
        let late = TemplateError(kind: .syntax, location: TemplateLocation(template: "b.html", line: 1, column: 1), message: "late")
        let second = TemplateError(kind: .undefined, location: TemplateLocation(template: "a.html", line: 10, column: 2), message: "second")
        let first = TemplateError(kind: .type, location: TemplateLocation(template: "a.html", line: 2, column: 30), message: "first")
        #expect(first.description == "a.html:2:30: error: first")
        #expect(TemplateErrors([late, second, first]).errors == [first, second, late])
    }
}
