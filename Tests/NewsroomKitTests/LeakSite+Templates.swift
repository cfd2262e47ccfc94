/// Template overrides of a random site: each prints published collections (releases, pages,
/// tags) in another encoding (JSON, percent-encoding), so a held item that slipped into a
/// collection, or a quote of one, would reach the output in that encoding too.
struct TemplateChoice {
    enum Filter: String, CaseIterable {
        case escape, json, urlencode, safe
    }

    var index = false
    var tags = false
    var page = false
    /// `release.html`, printing `release.params.teaser` with this filter.
    var release: Filter?
    /// `partials/footer.html`, printing `site.params.coming_soon` with this filter.
    var footer: Filter?

    static func random(using generator: inout LeakSiteGenerator) -> TemplateChoice {
        var choice = TemplateChoice()
        choice.index = generator.chance(0.4)
        choice.tags = generator.chance(0.3)
        choice.page = generator.chance(0.3)
        if generator.chance(0.35) { choice.release = generator.pick(Filter.allCases) }
        if generator.chance(0.3) { choice.footer = generator.pick(Filter.allCases) }
        return choice
    }

    var summary: String {
        var names: [String] = []
        if index { names.append("index.html (releases | json, title | urlencode, site.pages)") }
        if tags { names.append("tags.html (tags | json)") }
        if page { names.append("page.html (site.pages | json)") }
        if let release { names.append("release.html (release | json, teaser | \(release.rawValue))") }
        if let footer { names.append("partials/footer.html (site.pages | json, coming_soon | \(footer.rawValue))") }
        return names.isEmpty ? "built-in" : names.joined(separator: ", ")
    }

    /// `expression` printed through `filter` where that filter's output belongs in HTML.
    static func print(_ expression: String, _ filter: Filter) -> String {
        switch filter {
        case .escape: return "<p class=\"note\">{{ \(expression) }}</p>"
        case .json: return "<script type=\"application/json\">{{ \(expression) | json }}</script>"
        case .urlencode: return "<a href=\"https://share.example/?text={{ \(expression) | urlencode }}\">Share</a>"
        case .safe: return "<div class=\"note\">{{ \(expression) | safe }}</div>"
        }
    }

    /// Template name → text. `footerLines` are added to the footer (which then exists even if not chosen).
    func files(footerLines: [String]) -> [String: String] {
        var files: [String: String] = [:]
        if index {
            files["index.html"] = """
                {% extends "base.html" %}
                {% block content %}
                <ol>
                {%- for release in releases %}
                <li><a href="{{ release.url }}">{{ release.title }}</a>
                <a href="https://share.example/?text={{ release.title | urlencode }}&amp;u={{ release.permalink | urlencode }}">Share</a>
                {{ release.summary | default("") }}{% for tag in release.tags %} <a href="{{ tag.url }}">{{ tag.name }}</a>{% endfor %}</li>
                {%- endfor %}
                </ol>
                <ul>{% for link in site.pages %}<li><a href="{{ link.url }}">{{ link.title }}</a></li>{% endfor %}</ul>
                <script type="application/json" id="releases">{{ releases | json }}</script>
                {% if paginator.next_url %}<a href="{{ paginator.next_url }}">Older</a>{% endif %}
                {% endblock %}
                """
        }
        if tags {
            files["tags.html"] = """
                {% extends "base.html" %}
                {% block content %}
                <ul>{% for tag in tags %}<li><a href="{{ tag.url }}">{{ tag.name }}</a> {{ tag.count }} <a href="?t={{ tag.name | urlencode }}">#</a></li>{% endfor %}</ul>
                <script type="application/json">{{ tags | json }}</script>
                {% endblock %}
                """
        }
        if page {
            files["page.html"] = """
                {% extends "base.html" %}
                {% block content %}<h1>{{ page.title }}</h1>
                {{ page.body | safe }}
                <script type="application/json">{{ site.pages | json }}</script>
                {% endblock %}
                """
        }
        if let release {
            files["release.html"] = """
                {% extends "base.html" %}
                {% block content %}<article><h1>{{ release.title }}</h1>
                {% if release.subtitle %}<p>{{ release.subtitle }}</p>{% endif %}
                {{ release.body | safe }}
                {% for attachment in release.attachments %}<a href="{{ attachment.url }}">{{ attachment.title }}</a>{% endfor %}
                {% if release.image %}<img src="{{ release.image }}" alt="{{ release.image_alt | default("") }}">{% endif %}
                \(Self.print("release.params.teaser | default(\"\")", release))
                <script type="application/ld+json">{{ release | json }}</script>
                </article>
                {% endblock %}
                """
        }
        if footer != nil || !footerLines.isEmpty {
            let comingSoon = footer.map { Self.print("site.params.coming_soon | default(\"\")", $0) } ?? ""
            files["partials/footer.html"] = """
                <footer class="site-footer">
                <p>{{ site.organization.name }}</p>
                <ul>{% for link in site.pages %}<li><a href="{{ link.url }}">{{ link.title }}</a></li>{% endfor %}</ul>
                <script type="application/json">{{ site.pages | json }}</script>
                \(comingSoon)
                \(footerLines.joined(separator: "\n"))
                </footer>
                """
        }
        return files
    }
}
