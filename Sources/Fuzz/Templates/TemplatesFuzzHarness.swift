import Templating

/// Loads one input as the template `main.html`, next to a fixed `base.html` (blocks,
/// `super()`, an include), `partials/p.html` and `macros.html` (macros to import, one that
/// calls `caller()`), and renders it with a small fixed context.
/// Lexing, parsing, load-time checks and evaluation all run; a `TemplateErrors` or
/// `TemplateError` is the expected outcome for most inputs, only a crash or a hang is a bug.
///
/// Shared by the `FuzzTemplates` target and `TemplatingTests` (a symlink), so every kept
/// crasher is replayed by `swift test` exactly as the fuzzer ran it.
enum TemplatesFuzzHarness {
    static let base = """
        <!doctype html><title>{% block title %}{{ site.title }}{% endblock %}</title>
        {% block head %}<link rel="stylesheet" href="/style.css">{% endblock %}
        <main>{% block content %}{% endblock %}</main>
        {% include "partials/p.html" %}
        """
    static let partial = """
        {%- set leaked = true -%}
        <footer>{{ site.title | upper }} {% for item in items %}{{ loop.index }}:{{ item.name | default("?") }}{% if not loop.last %}, {% endif %}{% endfor %}</footer>
        """
    static let macros = """
        {% macro card(item, size=1) %}<b class="s{{ size }}">{{ item.name }}</b>{% endmacro %}
        {% macro panel(title="") %}<section>{{ title }}{{ caller(title) }}</section>{% endmacro %}
        """

    static let context: TemplateObject = [
        "site": ["title": "Fuzz <News> & \"Co\"", "url": "https://example.org/news/", "params": ["x": 1]],
        "items": [
            ["name": "Launch", "tags": ["a", "b"], "count": 3, "price": 1.5],
            ["name": "<script>alert(1)</script>", "tags": [], "count": -1, "price": nil],
            ["name": .safe("<em>safe</em>"), "count": 0],
        ],
        "n": 42, "pi": 3.25, "empty": "", "none": nil, "flag": true, "words": "one two  three",
        "html": .safe("<b>bold</b>"),
    ]

    /// Tighter than the defaults only so that a template that runs into them fails within the
    /// fuzzer's 10 s timeout in the unoptimised, instrumented fuzz build; the checks are the same.
    static let limits = TemplateEnvironment.Limits(steps: 100_000, bytes: 1 << 20, items: 100_000)

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let source = MemorySource(["main.html": text, "base.html": base, "partials/p.html": partial, "macros.html": macros])
        guard let environment = try? TemplateEnvironment(source: source, limits: limits) else { return }
        _ = try? environment.render("main.html", context: context)
    }
}
