import Templating
import Testing

/// Macros that call themselves stop at the render limits with a located error, also on the
/// small stack of a concurrency thread and with deep expressions at every level; what a macro
/// reads of a global counts as read by the templates.
struct MacroTests {
    private func environment(_ templates: [String: String]) throws -> TemplateEnvironment {
        try TemplateEnvironment(source: MemorySource(templates))
    }

    private func renderDetached(_ template: String) async throws -> Result<String, TemplateError> {
        let environment = try environment(["main.html": template])
        return await Task.detached { () -> Result<String, TemplateError> in
            do throws(TemplateError) {
                return .success(try environment.render("main.html", context: [:]))
            } catch {
                return .failure(error)
            }
        }.value
    }

    @Test func deepExpressionsAtEveryLevelOfARecursiveMacroStopInTime() async throws {
        let deep = String(repeating: "\"\" ~ (", count: 60) + "m(n + 1)" + String(repeating: ")", count: 60)
        let result = try await renderDetached("{% macro m(n) %}{{ \(deep) }}{% endmacro %}{{ m(0) }}")
        guard case .failure(let error) = result else {
            Issue.record("rendered a macro that calls itself without end")
            return
        }
        // {{ m(0) }} is one level and each call in the expression 61: the third call is past 128.
        #expect(error.kind == .tooDeep)
        #expect(error.chain.count == 3)
    }

    /// `{{ m(n) }}` is one level and each turn of the recursion two (the `if` and the call):
    /// 1 + 2 × 63 = 127 levels render, one turn more is past the limit of 128.
    @Test(arguments: [(63, true), (64, false)])
    func recursionRendersUpToTheLimitOnAConcurrencyThread(turns: Int, renders: Bool) async throws {
        let result = try await renderDetached("{% macro m(n) %}{% if n > 0 %}x{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(\(turns)) }}")
        switch result {
        case .success(let output): #expect(renders && output == String(repeating: "x", count: turns))
        case .failure(let error): #expect(!renders && error.kind == .tooDeep)
        }
    }

    /// A body renders as a tree of closures a few levels deep for every level of nesting: a
    /// long body at every turn of the recursion still fits the stack of a concurrency thread.
    @Test func recursionThroughALongBodyRendersUpToTheLimitOnAConcurrencyThread() async throws {
        let body = String(repeating: "<p>{{ n }}</p>", count: 4000)
        let result = try await renderDetached("{% macro m(n) %}{% if n > 0 %}\(body){{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(63) }}")
        guard case .success(let output) = result else {
            Issue.record("stopped a recursion within the limit: \(result)")
            return
        }
        var expected = ""
        for n in (1 ... 63).reversed() { expected += String(repeating: "<p>\(n)</p>", count: 4000) }
        #expect(output == expected)
    }

    @Test func recursionThroughCallBlocksStops() async throws {
        let result = try await renderDetached(
            "{% macro m(n) %}{% call m(n + 1) %}{{ n }}{% endcall %}{{ caller() }}{% endmacro %}{% call m(0) %}y{% endcall %}")
        guard case .failure(let error) = result else {
            Issue.record("rendered a macro that calls itself without end")
            return
        }
        #expect(error.kind == .tooDeep)
    }

    @Test func everyMacroCallIsAStep() throws {
        let environment = try TemplateEnvironment(
            source: MemorySource(["main.html": "{% macro m() %}.{% endmacro %}{% for i in range(20) %}{{ m() }}{% endfor %}"]),
            limits: .init(steps: 30))
        #expect(throws: TemplateError.self) { try environment.render("main.html", context: [:]) }
    }

    @Test func aGlobalReadInAMacroOrACallBlockIsObserved() throws {
        let environment = try environment([
            "main.html": "{% import \"m.html\" as m with context %}{% call m.box() %}{{ now | upper }}{% endcall %}",
            "m.html": "{% macro box(year=now) %}{{ year }}{{ caller() }}{% endmacro %}{% macro stamp() %}{{ now | replace(\"b\", \"x\") }}{% endmacro %}",
        ])
        #expect(environment.observations(ofGlobal: "now", value: "abc") == ["abc", "axc", "ABC"])
    }
}
