import Templating
import Testing

struct TemplateEnvironmentTests {
    private func environment(_ templates: [String: String], filters: [String: TemplateFilter] = [:]) throws -> TemplateEnvironment {
        try TemplateEnvironment(source: MemorySource(templates), filters: filters)
    }

    private func render(_ template: String, _ context: TemplateObject = [:]) throws -> String {
        try environment(["t.html": template]).render("t.html", context: context)
    }

    /// The first error of loading or rendering `main.html`.
    private func firstError(_ templates: [String: String], context: TemplateObject = [:]) -> TemplateError? {
        do {
            let environment = try environment(templates)
            _ = try environment.render("main.html", context: context)
            return nil
        } catch let errors as TemplateErrors {
            return errors.errors.first
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }

    @Test func concurrentRendersFromOneEnvironmentAgree() async throws {
        let environment = try environment([
            "base.html": "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
            "page.html": """
                {% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}\
                {% block body %}{% for item in page.items %}{% include "item.html" %}{% endfor %}{% endblock %}
                """,
            "item.html": "<li>{{ loop.index }}. {{ item | upper }}</li>",
        ])
        let contexts: [TemplateObject] = (0..<8).map { index in
            ["page": ["title": .string("Page \(index) <&>"), "items": .array((0..<200).map { .string("item \($0) of \(index)") })]]
        }
        let sequential = try contexts.map { try environment.render("page.html", context: $0) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, context) in contexts.enumerated() {
                group.addTask {
                    var last = ""
                    for _ in 0..<20 {
                        last = try environment.render("page.html", context: context)
                    }
                    return (index, last)
                }
            }
            var results = [String](repeating: "", count: contexts.count)
            for try await (index, output) in group {
                results[index] = output
            }
            return results
        }
        #expect(concurrent == sequential)
        #expect(sequential[3].hasPrefix("<title>Page 3 &lt;&amp;&gt;</title><li>1. ITEM 0 OF 3</li>"))
    }

    @Test func callerFiltersAreAddedAndMayReplaceBuiltIns() throws {
        let environment = try environment(
            ["t.html": "{{ name | upper }} {{ name | greet(\"Hi\") }}"],
            filters: [
                "upper": { input, _ throws(FilterError) in .string("custom upper") },
                "greet": { input, arguments throws(FilterError) in
                    guard case .string(let name) = input, case .string(let greeting)? = arguments.first else {
                        throw FilterError("expected a name and a greeting")
                    }
                    return .string("\(greeting), \(name)")
                },
            ]
        )
        #expect(try environment.render("t.html", context: ["name": "<Ada>"]) == "custom upper Hi, &lt;Ada&gt;")
        #expect(throws: TemplateError(
            kind: .filter,
            location: TemplateLocation(template: "t.html", line: 1, column: 30),
            message: "filter 'greet': expected a name and a greeting"
        )) {
            try environment.render("t.html", context: ["name": 5])
        }
    }

    @Test func environmentListsItsTemplates() throws {
        let environment = try environment(["b.html": "", "a/x.html": "", "c.txt": ""])
        #expect(environment.templateNames == ["a/x.html", "b.html", "c.txt"])
        #expect(environment.hasTemplate("b.html"))
        #expect(!environment.hasTemplate("d.html"))
        #expect(throws: TemplateError(
            kind: .missingTemplate,
            location: TemplateLocation(template: "d.html", line: 1, column: 1),
            message: "template 'd.html' not found"
        )) {
            try environment.render("d.html", context: [:])
        }
    }

    @Test func safeValuesFromTheContextAreNotEscaped() throws {
        #expect(try render("{{ a }}|{{ b }}|{{ a ~ b }}", ["a": .safe("<i>"), "b": "<i>"]) == "<i>|&lt;i&gt;|<i>&lt;i&gt;")
    }

    @Test func minusAfterAnOpenerTrimsRatherThanNegates() throws {
        #expect(try render("a {{-1}} b {{ -1 }} c {{ - 1 }}") == "a1 b -1 c -1")
    }

    @Test func loopOverAnObjectYieldsItsKeysInOrder() throws {
        let context: TemplateObject = ["o": ["b": 1, "a": 2, "c": 3]]
        #expect(try render("{% for k, v in o %}{{ k }}{{ v }}{% endfor %}|{% for k in o %}{{ k }}{% endfor %}", context) == "b1a2c3|bac")
    }

    @Test func jsonFilterCannotCloseAScriptElement() throws {
        let output = try render(
            "<script type=\"application/ld+json\">{{ data | json }}</script>",
            ["data": ["headline": "</script><script>alert('x')</script> & <!--"]]
        )
        #expect(output == #"<script type="application/ld+json">{"headline":"\u003c/script\u003e\u003cscript\u003ealert(\u0027x\u0027)\u003c/script\u003e \u0026 \u003c!--"}</script>"#)
    }

    @Test(arguments: [
        (["main.html": "{{ x"], TemplateError.Kind.syntax),
        (["main.html": "{{ x }}"], .undefined),
        (["main.html": "{{ a.b }}"], .undefined),
        (["main.html": "{{ 1 ~ [1] }}"], .type),
        (["main.html": "{% include \"nope.html\" %}"], .missingTemplate),
        (["main.html": "{% extends \"main.html\" %}"], .circularInheritance),
        (["main.html": "{% include \"main.html\" %}"], .circularInclude),
        (["main.html": "{{ " + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + " }}"], .tooDeep),
        (["main.html": "{{ [] | first(1) }}"], .filter),
        (["main.html": "{{ x | nonesuch }}"], .unknownFilter),
    ])
    func errorKinds(templates: [String: String], kind: TemplateError.Kind) {
        #expect(firstError(templates, context: ["a": .null])?.kind == kind)
    }

    @Test func undefinedVariableSuggestsANameInScope() {
        let error = firstError(["main.html": "{% for release in releases %}{{ relase.title }}{% endfor %}"], context: ["releases": [["title": "x"]]])
        #expect(error == TemplateError(
            kind: .undefined,
            location: TemplateLocation(template: "main.html", line: 1, column: 33),
            message: "undefined variable 'relase'; did you mean 'release'?"
        ))
    }

    /// Include chains have no cycle, so only the render-time cap stops a very long one. It must
    /// stop with an error, not a stack overflow, also on a concurrency thread.
    @Test func longIncludeChainsAreTooDeep() async throws {
        var templates: [String: String] = ["main.html": "{% include \"t0.html\" %}"]
        for index in 0..<200 {
            templates["t\(index).html"] = "{% if true %}{% include \"t\(index + 1).html\" %}{% endif %}"
        }
        templates["t200.html"] = "end"
        let environment = try environment(templates)
        let error = await Task.detached { () -> TemplateError? in
            do throws(TemplateError) {
                _ = try environment.render("main.html", context: [:])
                return nil
            } catch {
                return error
            }
        }.value
        #expect(error?.kind == .tooDeep)
        #expect(error?.message == "templates nested too deeply while rendering (limit 128)")
    }

    /// `pairs` nested for/if pairs around a 60-deep expression and `inner`.
    private func nested(_ pairs: Int, around inner: String) -> String {
        String(repeating: "{% for x in [1] %}{% if x %}", count: pairs)
            + "{{ " + String(repeating: "(", count: 60) + "x" + String(repeating: ")", count: 60) + " }}" + inner
            + String(repeating: "{% endif %}{% endfor %}", count: pairs)
    }

    /// 64 bodies in main.html, the include, then 62 bodies in a.html: 127 of the 128 allowed.
    @Test func deeplyNestedTemplatesAtTheLimitRenderOnAConcurrencyThread() async throws {
        let environment = try environment([
            "main.html": nested(32, around: "{% include \"a.html\" %}"),
            "a.html": nested(31, around: ""),
        ])
        let output = try await Task.detached { try environment.render("main.html", context: [:]) }.value
        #expect(output == "11")
    }

    @Test func oneLevelPastTheRenderLimitIsTooDeep() throws {
        let environment = try environment([
            "main.html": nested(32, around: "{% include \"a.html\" %}"),
            "a.html": nested(32, around: ""),
        ])
        var expected = TemplateError(
            kind: .tooDeep,
            location: TemplateLocation(template: "a.html", line: 1, column: 1 + 31 * 28 + 18 + 6),
            message: "templates nested too deeply while rendering (limit 128)"
        )
        // The template name of main.html's include: after its 32 loop-and-if pairs, the output
        // tag (127 characters) and `{% include `.
        expected.chain = [.included(from: TemplateLocation(template: "main.html", line: 1, column: 1 + 32 * 28 + 127 + 11))]
        #expect(throws: expected) {
            try environment.render("main.html", context: [:])
        }
    }

    @Test func longInheritanceChainsAreTooDeep() throws {
        var templates: [String: String] = ["main.html": "{% extends \"t0.html\" %}"]
        for index in 0..<40 {
            templates["t\(index).html"] = "{% extends \"t\(index + 1).html\" %}"
        }
        templates["t40.html"] = "{% block a %}root{% endblock %}"
        let environment = try environment(templates)
        #expect(throws: TemplateError(
            kind: .tooDeep,
            location: TemplateLocation(template: "t30.html", line: 1, column: 12),
            message: "inheritance chain too long (limit 32)"
        )) {
            try environment.render("main.html", context: [:])
        }
        #expect(try environment.render("t20.html", context: [:]) == "root")
    }

    @Test func allLoadProblemsAreReportedTogether() {
        #expect(throws: TemplateErrors([
            TemplateError(kind: .syntax, location: TemplateLocation(template: "a.html", line: 1, column: 4), message: "unknown tag 'bogus'"),
            TemplateError(kind: .unknownFilter, location: TemplateLocation(template: "b.html", line: 1, column: 8), message: "unknown filter 'x'"),
            TemplateError(kind: .unknownFilter, location: TemplateLocation(template: "b.html", line: 2, column: 8), message: "unknown filter 'y'"),
            TemplateError(kind: .missingTemplate, location: TemplateLocation(template: "c.html", line: 1, column: 12), message: "template 'partials/nav.html' not found"),
        ])) {
            try environment([
                "a.html": "{% bogus %}",
                "b.html": "{{ 1 | x }}\n{{ 2 | y }}",
                "c.html": "{% include \"partials/nav.html\" %}",
            ])
        }
    }
}
