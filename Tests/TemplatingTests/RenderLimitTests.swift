import Templating
import Testing

/// `TemplateEnvironment.Limits`: templates that would run for hours or fill memory (found while
/// fuzzing; see `FuzzCrashers/`) fail with a located `.tooLarge` error instead.
struct RenderLimitTests {
    private func render(_ template: String, limits: TemplateEnvironment.Limits = .init(),
                        context: TemplateObject = ["items": [1, 2, 3]]) throws(TemplateError) -> String {
        let environment: TemplateEnvironment
        do {
            environment = try TemplateEnvironment(source: MemorySource(["main.html": template]), limits: limits)
        } catch {
            Issue.record("load failed: \(error)")
            return ""
        }
        return try environment.render("main.html", context: context)
    }

    @Test func nestedLoopsRunOutOfSteps() {
        let template = String(repeating: "{% for a in items %}", count: 20) + "x" + String(repeating: "{% endfor %}", count: 20)
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 344),
                                      message: "template does too much work (more than 1000 loop turns, includes and blocks; nested loops multiply)")) {
            try render(template, limits: .init(steps: 1000))
        }
    }

    @Test func doublingAStringStopsAtTheByteLimit() {
        let template = #"{% set x = "ab" %}"# + String(repeating: "{% set x = x ~ x %}", count: 30) + "{{ x | length }}"
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 203),
                                      message: "text too long (more than 1024 bytes)")) {
            try render(template, limits: .init(bytes: 1024))
        }
    }

    @Test func doublingAListStopsAtTheItemLimit() {
        let template = "{% set x = [1] %}" + String(repeating: "{% set x = x + x %}", count: 30) + "{{ x | length }}"
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 145),
                                      message: "list too long (more than 100 items)")) {
            try render(template, limits: .init(items: 100))
        }
    }

    @Test func repeatingStopsBeforeTheRepeatIsMade() {
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 9),
                                      message: "text too long (more than 1024 bytes)")) {
            try render(#"{{ "ab" * 10000000000000 }}"#, limits: .init(bytes: 1024))
        }
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 11),
                                      message: "list too long (more than 100 items)")) {
            try render("{{ (items * 10000000000000) | length }}", limits: .init(items: 100))
        }
        #expect(throws: TemplateError(kind: .filter, location: TemplateLocation(template: "main.html", line: 1, column: 33),
                                      message: "filter 'replace': the result would be longer than 16777216 bytes")) {
            try render(#"{% set x = "a" * 10000 %}{{ x | replace("", x) }}"#)
        }
    }

    @Test func filtersAreCheckedToo() {
        let template = #"{{ "a""# + String(repeating: #"|replace("a", "aa")"#, count: 12) + " }}"
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 179),
                                      message: "text too long (more than 1000 bytes)")) {
            try render(template, limits: .init(bytes: 1000))
        }
    }

    @Test func outputIsCheckedAtEachLoopTurn() {
        let template = "{% for a in items %}{% for b in items %}0123456789{% endfor %}{% endfor %}"
        #expect(throws: TemplateError(kind: .tooLarge, location: TemplateLocation(template: "main.html", line: 1, column: 4),
                                      message: "output too large (more than 25 bytes)")) {
            try render(template, limits: .init(bytes: 25))
        }
    }

    @Test func workBelowTheLimitsRendersAsBefore() throws {
        let template = "{% for a in items %}{% for b in items %}{{ a * b }}{% endfor %}{% endfor %}"
        #expect(try render(template, limits: .init(steps: 12, bytes: 9, items: 3)) == "123246369")
    }
}
