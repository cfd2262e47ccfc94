import Templating
import Testing

/// `{{ }}` escapes for what the template being rendered writes, decided by its name.
struct OutputFormatTests {
    private func render(_ name: String, _ templates: [String: String], _ context: TemplateObject) throws -> String {
        try TemplateEnvironment(source: MemorySource(templates)).render(name, context: context)
    }

    private let hostile: TemplateObject = [
        "title": .string("Tom & \"Jerry\" <script>alert('x')</script>\u{1}\u{0B}\u{FFFE}\tend\n"),
        "body": .safe("<p>A &amp; B</p>"),
        "count": .int(3), "ratio": .double(0.5), "flag": .bool(true), "nothing": .null,
        "tags": .array([.string("a\"b"), .safe("<i>c</i>")]),
    ]

    @Test func formatComesFromTheNameOfTheRenderedTemplate() {
        #expect(OutputFormat(templateName: "feed.xml") == .xml)
        #expect(OutputFormat(templateName: "tags/FEED.XML") == .xml)
        #expect(OutputFormat(templateName: "feed.json") == .json)
        #expect(OutputFormat(templateName: "robots.txt") == .text)
        #expect(OutputFormat(templateName: "release.html") == .html)
        #expect(OutputFormat(templateName: "partials/x") == .html)
    }

    @Test func xmlEscapesMarkupAndReplacesCharactersXMLForbids() throws {
        let out = try render("feed.xml", ["feed.xml": "<t>{{ title }}</t><c>{{ body }}</c>{{ count }}{{ nothing }}"], hostile)
        #expect(out == "<t>Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\u{FFFD}\u{FFFD}\u{FFFD}\tend\n</t><c><p>A &amp; B</p></c>3")
    }

    @Test func jsonWritesEveryValueAsJSON() throws {
        let template = #"{"t": {{ title }}, "n": {{ count }}, "r": {{ ratio }}, "f": {{ flag }}, "z": {{ nothing }}, "tags": {{ tags }}, "raw": {{ tags | json }}}"#
        let out = try render("feed.json", ["feed.json": template], hostile)
        #expect(out == #"{"t": "Tom & \"Jerry\" <script>alert('x')</script>\u0001\u000b\#u{FFFE}\tend\n", "n": 3, "r": 0.5, "f": true, "z": null, "tags": ["a\"b","<i>c</i>"], "raw": ["a\"b","\u003ci\u003ec\u003c/i\u003e"]}"#)
    }

    @Test func aPlainStringCannotBreakOutOfAJSONString() throws {
        let out = try render("x.json", ["x.json": #"{"a": {{ v }}}"#], ["v": .string(#"", "admin": true, "x": ""#)])
        #expect(out == #"{"a": "\", \"admin\": true, \"x\": \""}"#)
    }

    @Test func textWritesValuesAsTheyAre() throws {
        let out = try render("robots.txt", ["robots.txt": "Sitemap: {{ url }}\n{{ body }}"], ["url": .string("https://example.org/a&b"), "body": .safe("<x>")])
        #expect(out == "Sitemap: https://example.org/a&b\n<x>")
    }

    @Test func partialsWriteInTheFormatOfThePageThatIncludesThem() throws {
        let templates = ["feed.xml": "<f>{% include \"partials/entry.html\" %}</f>", "partials/entry.html": "{{ title }}"]
        #expect(try render("feed.xml", templates, ["title": .string("a<b")]) == "<f>a&lt;b</f>")
        #expect(try render("partials/entry.html", templates, ["title": .string("a<b")]) == "a&lt;b")
    }

    @Test func superInAnXMLTemplateIsNotEscapedTwice() throws {
        let templates = [
            "base.xml": "<f>{% block entry %}<t>{{ title }}</t>{% endblock %}</f>",
            "feed.xml": "{% extends \"base.xml\" %}{% block entry %}{{ super() }}<x/>{% endblock %}",
        ]
        #expect(try render("feed.xml", templates, ["title": .string("a&b")]) == "<f><t>a&amp;b</t><x/></f>")
    }

    @Test func listsStillCannotBePrintedInXMLOrText() throws {
        #expect(throws: TemplateError.self) { try render("a.xml", ["a.xml": "{{ tags }}"], hostile) }
        #expect(throws: TemplateError.self) { try render("a.txt", ["a.txt": "{{ tags }}"], hostile) }
    }
}
