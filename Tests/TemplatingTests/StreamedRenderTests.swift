import Templating
import Testing

/// `TemplateEnvironment.render(_:context:limits:partSize:into:)`: a page handed on as it renders
/// is the same text, cut into parts; what a capture renders stays with it until printed; and
/// the byte limit counts what was handed on.
struct StreamedRenderTests {
    private func environment(_ templates: [String: String], limits: TemplateEnvironment.Limits = .init()) throws -> TemplateEnvironment {
        try TemplateEnvironment(source: MemorySource(templates), limits: limits)
    }

    private func parts(_ environment: TemplateEnvironment, partSize: Int, context: TemplateObject = [:]) throws -> [String] {
        var parts: [String] = []
        try environment.render("main.html", context: context, partSize: partSize) { parts.append($0) }
        return parts
    }

    @Test func partsJoinToTheWholePage() throws {
        let environment = try environment([
            "main.html": "{% extends \"base.html\" %}{% block body %}{% for i in range(200) %}<p>{{ i }} &amp; {{ name }}</p>\n{% endfor %}{% endblock %}",
            "base.html": "<main>{% block body %}{% endblock %}</main>{% include \"foot.html\" %}",
            "foot.html": "{% for i in range(50) %}<i>{{ i }}</i>{% endfor %}",
        ])
        let context: TemplateObject = ["name": "A < B"]
        let whole = try environment.render("main.html", context: context)
        for partSize in [1, 7, 64, 1000, 1 << 20] {
            let parts = try parts(environment, partSize: partSize, context: context)
            #expect(parts.joined() == whole, "part size \(partSize)")
            // Each part but the last is handed on once it reaches the part size, at a step.
            #expect(parts.dropLast().allSatisfy { $0.utf8.count >= partSize })
            if partSize >= whole.utf8.count { #expect(parts.count == 1) }
        }
        #expect(try parts(environment, partSize: 64, context: context).count > 10)
    }

    /// Captured text is rendered into the capture's own output, through loop steps that would
    /// hand a page's output on: none of it may leave before it is printed, in its place.
    @Test func capturesStayUntilPrinted() throws {
        let environment = try environment([
            "main.html": """
            {%- macro row(n) %}{% for i in range(n) %}[m{{ i }}]{% endfor %}{% endmacro -%}
            {%- macro frame() %}<f>{{ caller() }}</f>{% endmacro -%}
            {%- set captured %}{% for i in range(30) %}(c{{ i }}){% endfor %}{% endset -%}
            START{% for i in range(20) %}{{ i }},{% endfor %}
            {{ row(25) }}|{% call frame() %}{% for i in range(25) %}<k{{ i }}>{% endfor %}{% endcall %}|{{ captured }}END
            """,
        ])
        let whole = try environment.render("main.html", context: [:])
        #expect(whole.hasPrefix("START0,1,") && whole.contains("[m24]|<f><k0>") && whole.hasSuffix("(c29)END"))
        for partSize in [1, 5, 100] {
            #expect(try parts(environment, partSize: partSize).joined() == whole, "part size \(partSize)")
        }
        let child = try self.environment([
            "main.html": "{% extends \"base.html\" %}{% block body %}<{{ super() }}>{% endblock %}",
            "base.html": "{% block body %}{% for i in range(40) %}s{{ i }}{% endfor %}{% endblock %}!",
        ])
        let inherited = try child.render("main.html", context: [:])
        #expect(inherited.hasPrefix("<s0s1") && inherited.hasSuffix("s39>!"))
        #expect(try parts(child, partSize: 1).joined() == inherited)
    }

    @Test func theByteLimitCountsWhatWasHandedOn() throws {
        let environment = try environment(["main.html": "{% for i in range(1000) %}0123456789{% endfor %}"],
                                          limits: .init(bytes: 5000))
        #expect(throws: TemplateError.self) { try environment.render("main.html", context: [:]) }
        #expect {
            try self.parts(environment, partSize: 100)
        } throws: { error in
            (error as? TemplateError)?.kind == .tooLarge
                && (error as? TemplateError)?.message == "output too large (more than 5000 bytes)"
        }
        // Below the limit, the same text either way.
        let small = try self.environment(["main.html": "{% for i in range(400) %}0123456789{% endfor %}"], limits: .init(bytes: 5000))
        #expect(try parts(small, partSize: 100).joined() == small.render("main.html", context: [:]))
    }
}
