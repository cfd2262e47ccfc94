#!/usr/bin/env python3
"""Deterministic synthetic press-release corpus for the build benchmark.

    python3 seeds/bench/corpus.py N OUT

writes, for N releases, the same content as two sites:

    OUT/newsroom/   a newsroom site: Content/newsroom.yml, Content/releases/<year>/<date>-<slug>.md
                    and Templates/ (minimal templates that override the built-in theme)
    OUT/hugo/       a Hugo site with the same releases, URLs and equivalent minimal layouts
    OUT/expected.txt  how many HTML pages each kind of page should give (see below)

The releases are the same bytes in both (titles, dates, tags, bodies of about 560 words
with paragraphs, links, emphasis, quotes and lists); only the front matter differs (Hugo
also gets `slug` and `archive`, the year taxonomy that gives /archive/<year>/).
A fixed seed and nothing but the standard library: the same N always gives the same files.

Dates are 2000-01-01 .. 2024-12-31 (all in the past, so neither tool holds a release by its
clock) and have no time, so the year is the same in every time zone.
"""

import datetime
import math
import os
import random
import sys

SEED = 20260101
PAGINATION = 10
FIRST_YEAR, LAST_YEAR = 2000, 2024

TAGS = [
    "Research", "Public Policy", "Care Services", "Advocacy", "Clinical Trials",
    "Funding", "Awards", "Partnerships", "Community", "Events",
    "Genetics", "Biomarkers", "Drug Development", "Caregiving", "Veterans",
    "Telehealth", "Assistive Technology", "Fundraising", "Volunteers", "Education",
    "Annual Report", "Leadership", "Data Sharing", "Patient Registry", "Grants",
    "Legislation", "Medicare", "Awareness Month", "Walk to Defeat", "Chapters",
    "Nutrition", "Respiratory Care", "Speech", "Mobility", "Mental Health",
    "Family Support", "Global Research", "Innovation", "Prevention", "Survey Results",
]

# Vocabulary for titles and bodies: plain words, so both tools see the same Markdown.
SUBJECTS = [
    "the association", "researchers", "the foundation", "a new study", "the board",
    "clinical teams", "volunteers", "care coordinators", "the research council",
    "partner hospitals", "families", "the policy office", "chapter leaders",
    "an independent panel", "the data team", "investigators", "federal agencies",
]
VERBS = [
    "announced", "released", "expanded", "launched", "funded", "completed", "reported",
    "published", "confirmed", "supported", "reviewed", "presented", "renewed", "opened",
    "measured", "identified", "described", "welcomed", "extended", "began",
]
OBJECTS = [
    "a multi-year program", "new grants for early-career scientists", "a national registry",
    "the results of a phase two trial", "a guide for caregivers", "an updated care standard",
    "a network of certified clinics", "support for home modifications", "a public data set",
    "a study of genetic risk factors", "a coalition of patient groups", "training for nurses",
    "a survey of families", "a plan to shorten diagnosis", "funding for assistive devices",
    "a partnership with universities", "new biomarker research", "a telehealth pilot",
]
DETAILS = [
    "in twelve states", "over the next three years", "with community partners",
    "across its chapter network", "at certified treatment centers", "for rural families",
    "after a two-year review", "with support from donors", "in several languages",
    "at no cost to families", "in collaboration with clinicians", "for the first time",
    "as part of a wider effort", "with measurable goals", "under independent oversight",
]
WORDS = (
    "care research patients families clinics program support study data results trial "
    "funding access services community treatment early diagnosis progress network team "
    "national local public health science disease quality life years months people "
    "experts goals plan report review evidence outcomes measures nurses doctors therapy "
    "equipment devices homes travel costs insurance coverage policy law budget grants "
    "partners chapters volunteers donors events awareness education training guidance "
    "information registry samples genes proteins cells models markers signals methods"
).split()
PEOPLE = [
    "Dana Whitaker", "Priya Raman", "James Whitfield", "Maria Okafor", "Chen Liu",
    "Samuel Ortiz", "Grace Kim", "Ahmed Haddad", "Laura Bianchi", "Tom Nguyen",
]
ROLES = [
    "chief executive officer", "director of research", "a neurologist", "a board member",
    "vice president of care services", "a caregiver", "chief scientific officer",
    "a chapter president", "head of public policy",
]

ABOUT_MARKDOWN = (
    "The Example Association works on every front against a progressive neurological\n"
    "disease: it funds research around the world, supports people living with the disease\n"
    "and their families through a network of chapters, and works with public partners to\n"
    "speed new treatments to patients.\n"
    "\n"
    "To learn more, visit [www.example.org](https://www.example.org/).\n"
)
# The same text as cmark renders it (smart punctuation changes nothing here), for Hugo.
ABOUT_HTML = (
    "<p>The Example Association works on every front against a progressive neurological\n"
    "disease: it funds research around the world, supports people living with the disease\n"
    "and their families through a network of chapters, and works with public partners to\n"
    "speed new treatments to patients.</p>\n"
    "<p>To learn more, visit <a href=\"https://www.example.org/\">www.example.org</a>.</p>\n"
)

STYLE_CSS = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem}\n"
    "header,footer{border-bottom:1px solid #ccc;padding:.5rem 0}footer{border:0;border-top:1px solid #ccc}\n"
    "nav a{margin-right:1rem}.tags li{display:inline;margin-right:.5rem}\n"
)


def slugify(text):
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def sentence(rng):
    s = "%s %s %s %s" % (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(DETAILS))
    extra = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
    s = "%s, with %s" % (s, extra)
    return s[0].upper() + s[1:] + "."


def decorate(rng, words):
    """Emphasis or strong emphasis on two plain words, sometimes."""
    spots = [i for i in range(1, len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()]
    if spots and rng.random() < 0.5:
        i = rng.choice(spots)
        mark = rng.choice(["*", "**", "_"])
        words[i] = mark + words[i]
        words[i + 1] = words[i + 1] + mark
    return words


def paragraph(rng, target_words, earlier):
    text = []
    count = 0
    while count < target_words:
        s = sentence(rng)
        roll = rng.random()
        if roll < 0.15:
            who = rng.choice(PEOPLE)
            s = '"%s," said %s, %s.' % (s[:-1], who, rng.choice(ROLES))
        elif roll < 0.30:
            w = rng.choice(WORDS)
            s = s[:-1] + ", as described in [the %s report](https://www.example.org/%s/%d)." % (
                w, w, rng.randrange(1000))
        elif roll < 0.40:
            s = s[:-1] + " -- %s %s." % (rng.choice(DETAILS), rng.choice(WORDS))
        elif roll < 0.46 and earlier:
            year, slug, title = rng.choice(earlier)
            s = s[:-1] + " (see [an earlier release](/releases/%d/%s/))." % (year, slug)
        words = decorate(rng, s.split())
        count += len(words)
        text.append(" ".join(words))
    return " ".join(text), count


def body(rng, earlier):
    target = rng.randint(505, 565)
    parts, words = [], 0
    lede, n = paragraph(rng, 45, earlier)
    parts.append(lede)
    words += n
    list_at = rng.randint(2, 4)
    heading_at = rng.randint(3, 6) if rng.random() < 0.5 else -1
    i = 1
    while words < target:
        if i == list_at:
            items = []
            for _ in range(rng.randint(3, 5)):
                item = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11)))
                items.append("- " + item[0].upper() + item[1:] + ".")
                words += len(item.split())
            parts.append("Highlights:\n\n" + "\n".join(items))
            words += 1
        elif i == heading_at:
            parts.append("## " + rng.choice(OBJECTS)[0].upper() + rng.choice(OBJECTS)[1:])
        else:
            para, n = paragraph(rng, min(rng.randint(60, 95), max(20, target - words)), earlier)
            parts.append(para)
            words += n
        i += 1
    return "\n\n".join(parts) + "\n"


def title(rng):
    t = "%s %s %s" % (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))
    return t[0].upper() + t[1:]


def releases(n):
    rng = random.Random(SEED)
    days = []
    # Days between 2000-01-01 and 2024-12-31, drawn then sorted so links point backwards.
    start = datetime.date(FIRST_YEAR, 1, 1)
    span = (datetime.date(LAST_YEAR, 12, 31) - start).days + 1
    for _ in range(n):
        days.append(start + datetime.timedelta(days=rng.randrange(span)))
    days.sort()
    out, earlier, used = [], [], set()
    for i, day in enumerate(days):
        t = title(rng)
        slug = "%s-%d" % (slugify(t), i + 1)      # unique in the whole corpus
        assert slug not in used
        used.add(slug)
        tags = sorted(rng.sample(TAGS, rng.randint(1, 4)), key=TAGS.index)
        b = body(rng, earlier[-200:])
        out.append({"date": day, "title": t, "slug": slug, "tags": tags, "body": b})
        earlier.append((day.year, slug, t))
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --- newsroom site -----------------------------------------------------------------

NEWSROOM_YML = """\
# Synthetic benchmark newsroom (seeds/bench/corpus.py).
title: Example Newsroom
base_url: https://newsroom.example.org/
language: en
timezone: UTC
pagination: %d
organization:
  name: The Example Association
  url: https://www.example.org/
  about: |
%s
contacts:
  press-office:
    name: Press Office
    organization: The Example Association
    phone: "+1 555 0100"
    email: press@example.org
default_contacts: [press-office]
""" % (PAGINATION, "".join(("    " + line if line else "") + "\n" for line in ABOUT_MARKDOWN.rstrip("\n").split("\n")).rstrip("\n"))

# Minimal templates, written to give the same pages as the Hugo layouts below.
NEWSROOM_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="{{ site.language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ page.title }} — {{ site.title }}{% endblock %}</title>
<link rel="canonical" href="{{ page.permalink }}">
<link rel="stylesheet" href="{{ site.base_path }}assets/style.css">
{% block head %}{% endblock %}
</head>
<body>
<header><a href="{{ site.urls.home }}">{{ site.title }}</a>
<nav><a href="{{ site.urls.home }}">Releases</a> <a href="{{ site.urls.tags }}">Tags</a> <a href="{{ site.urls.archive }}">Archive</a></nav>
</header>
<main>
{% block content %}{% endblock %}
</main>
<footer><p>© {{ site.organization.name }}</p></footer>
</body>
</html>
""",
    "release.html": """\
{% extends "base.html" %}
{% block content %}
<article>
<h1>{{ release.title }}</h1>
<p><time datetime="{{ release.date }}">{{ release.date | date("%B %-d, %Y") }}</time></p>
{{ release.body | safe }}
<section><h2>About {{ site.organization.name }}</h2>
{{ site.organization.about | safe }}</section>
{%- if release.tags %}
<ul class="tags">{% for tag in release.tags %}<li><a href="{{ tag.url }}">{{ tag.name }}</a></li>{% endfor %}</ul>
{%- endif %}
<nav>{% if newer %}<a href="{{ newer.url }}" rel="prev">{{ newer.title }}</a>{% endif %} {% if older %}<a href="{{ older.url }}" rel="next">{{ older.title }}</a>{% endif %}</nav>
</article>
{% endblock %}
""",
    "partials/list.html": """\
<ol class="releases">
{%- for release in releases %}
<li><h2><a href="{{ release.url }}">{{ release.title }}</a></h2>
<p><time datetime="{{ release.date }}">{{ release.date | date("%B %-d, %Y") }}</time></p>
<p>{{ release.summary | truncate(280) }}</p></li>
{%- endfor %}
</ol>
<nav class="pagination">{% if paginator.prev_url %}<a href="{{ paginator.prev_url }}" rel="prev">Newer</a>{% endif %} Page {{ paginator.page }} of {{ paginator.pages }} {% if paginator.next_url %}<a href="{{ paginator.next_url }}" rel="next">Older</a>{% endif %}</nav>
""",
    "index.html": """\
{% extends "base.html" %}
{% block title %}{{ site.title }}{% endblock %}
{% block content %}
<h1>News releases{% if paginator.prev_url %}, page {{ paginator.page }}{% endif %}</h1>
{% include "partials/list.html" %}
{% endblock %}
""",
    "tag.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ tag.name }}{% if paginator.prev_url %}, page {{ paginator.page }}{% endif %}</h1>
{% include "partials/list.html" %}
{% endblock %}
""",
    "tags.html": """\
{% extends "base.html" %}
{% block content %}
<h1>Tags</h1>
<ul>
{%- for tag in tags %}
<li><a href="{{ tag.url }}">{{ tag.name }}</a> ({{ tag.count }})</li>
{%- endfor %}
</ul>
{% endblock %}
""",
    "archive.html": """\
{% extends "base.html" %}
{% block content %}
<h1>Archive</h1>
<ul>
{%- for year in years %}
<li><a href="{{ year.url }}">{{ year.year }}</a> ({{ year.count }})</li>
{%- endfor %}
</ul>
{% endblock %}
""",
    "year.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ year.year }}</h1>
{%- for month in months %}
<h2>{{ month.name }}</h2>
<ul>
{%- for release in month.releases %}
<li><a href="{{ release.url }}">{{ release.title }}</a> <time datetime="{{ release.date }}">{{ release.date | date("%B %-d") }}</time></li>
{%- endfor %}
</ul>
{%- endfor %}
{% endblock %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block title %}Page not found — {{ site.title }}{% endblock %}
{% block content %}
<h1>Page not found</h1>
<p><a href="{{ site.urls.home }}">All releases</a></p>
{% endblock %}
""",
    "assets/style.css": STYLE_CSS,
}


def write_newsroom(site, rels):
    write(os.path.join(site, "Content", "newsroom.yml"), NEWSROOM_YML)
    for name, text in NEWSROOM_TEMPLATES.items():
        write(os.path.join(site, "Templates", name), text)
    for r in rels:
        d = r["date"]
        front = "---\ntitle: \"%s\"\ndate: %s\ntags: [%s]\n---\n" % (
            r["title"], d.isoformat(), ", ".join(r["tags"]))
        write(os.path.join(site, "Content", "releases", str(d.year),
                           "%s-%s.md" % (d.isoformat(), r["slug"])), front + r["body"])


# --- Hugo site ---------------------------------------------------------------------

HUGO_CONFIG = """\
# Synthetic benchmark newsroom (seeds/bench/corpus.py), the Hugo twin of ../newsroom.
baseURL = "https://newsroom.example.org/"
languageCode = "en"
title = "Example Newsroom"
timeZone = "UTC"
paginate = %d
buildFuture = true          # no release is in the future anyway; never hold one by the clock
# newsroom writes none of these: RSS, sitemap, robots.txt; no /releases/ section list.
disableKinds = ["RSS", "sitemap", "robotsTXT", "section"]
enableRobotsTXT = false
# Hugo 0.111 also writes a redirect page at /page/1/ and /tags/<slug>/page/1/ for every
# paginated list, whatever the settings (disableAliases does not stop them): run.sh counts them apart.
disableHugoGeneratorInject = true
enableGitInfo = false
# Hugo stops a build when one page's templates take more than `timeout` (30 s by default),
# which a slow phase of the machine reached at 100,000 releases: the bench measures the time.
timeout = "30m"

[permalinks]
  releases = "/releases/:year/:slug/"

[taxonomies]
  tag = "tags"
  year = "archive"          # /archive/ and /archive/<year>/

[params]
  organization = "The Example Association"
  about = '''%s'''

[markup]
  defaultMarkdownHandler = "goldmark"
  [markup.goldmark.renderer]
    unsafe = false          # like cmark's default: raw HTML is dropped
  [markup.goldmark.extensions]  # CommonMark only, like cmark; smart punctuation on, like newsroom
    definitionList = false
    footnote = false
    linkify = false
    strikethrough = false
    table = false
    taskList = false
    typographer = true
  [markup.goldmark.parser]
    autoHeadingID = false
  [markup.highlight]
    codeFences = false
""" % (PAGINATION, ABOUT_HTML)

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} — {{ site.Title }}{{ end }}</title>
<link rel="canonical" href="{{ block "canonical" . }}{{ .Permalink }}{{ end }}">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><a href="/">Releases</a> <a href="/tags/">Tags</a> <a href="/archive/">Archive</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>© {{ site.Params.organization }}</p></footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
{{ .Content }}
<section><h2>About {{ site.Params.organization }}</h2>
{{ site.Params.about | safeHTML }}</section>
{{- with .GetTerms "tags" }}
<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{- end }}
<nav>{{ with .Next }}<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a>{{ end }} {{ with .Prev }}<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
""",
    "partials/list.html": """\
<ol class="releases">
{{- range .Pages }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
<p>{{ .Summary | plainify | htmlUnescape | truncate 280 }}</p></li>
{{- end }}
</ol>
<nav class="pagination">{{ with .Prev }}<a href="{{ .URL }}" rel="prev">Newer</a>{{ end }} Page {{ .PageNumber }} of {{ .TotalPages }} {{ with .Next }}<a href="{{ .URL }}" rel="next">Older</a>{{ end }}</nav>
""",
    "index.html": """\
{{ define "title" }}{{ site.Title }}{{ end }}
{{ define "canonical" }}{{ .Paginator.URL | absURL }}{{ end }}
{{ define "main" }}
{{- /* Every regular page is a release. (A `where` filter here runs again for each of the
       index's pages: quadratic, 25 s of 30 at 10,000 releases.) */}}
{{- $pager := .Paginate site.RegularPages }}
<h1>News releases{{ if $pager.HasPrev }}, page {{ $pager.PageNumber }}{{ end }}</h1>
{{ partial "list.html" $pager }}
{{ end }}
""",
    # One tag, paginated.
    "tags/term.html": """\
{{ define "title" }}{{ .Title }}{{ if .Paginator.HasPrev }}, page {{ .Paginator.PageNumber }}{{ end }} — {{ site.Title }}{{ end }}
{{ define "canonical" }}{{ .Paginator.URL | absURL }}{{ end }}
{{ define "main" }}
{{- $pager := .Paginator }}
<h1>{{ .Title }}{{ if $pager.HasPrev }}, page {{ $pager.PageNumber }}{{ end }}</h1>
{{ partial "list.html" $pager }}
{{ end }}
""",
    # All tags, with counts.
    "tags/terms.html": """\
{{ define "main" }}
<h1>Tags</h1>
<ul>
{{- range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>
{{ end }}
""",
    # All years, with counts.
    "archive/terms.html": """\
{{ define "main" }}
<h1>Archive</h1>
<ul>
{{- range .Data.Terms.Alphabetical.Reverse }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>
{{ end }}
""",
    # One year, grouped by month, not paginated (like newsroom's year page).
    "archive/term.html": """\
{{ define "title" }}Releases from {{ .Title }} — {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- range .Pages.GroupByDate "January" }}
<h2>{{ .Key }}</h2>
<ul>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2" }}</time></li>
{{- end }}
</ul>
{{- end }}
{{ end }}
""",
    "404.html": """\
{{ define "title" }}Page not found — {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Page not found</h1>
<p><a href="/">All releases</a></p>
{{ end }}
""",
}


def write_hugo(site, rels):
    write(os.path.join(site, "config.toml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(site, "layouts", name), text)
    write(os.path.join(site, "static", "assets", "style.css"), STYLE_CSS)
    for r in rels:
        d = r["date"]
        front = "---\ntitle: \"%s\"\ndate: %s\nslug: %s\ntags: [%s]\narchive: [\"%d\"]\n---\n" % (
            r["title"], d.isoformat(), r["slug"], ", ".join(r["tags"]), d.year)
        write(os.path.join(site, "content", "releases", str(d.year), r["slug"] + ".md"),
              front + r["body"])


# --- expected pages ------------------------------------------------------------------

def expected(rels):
    tag_counts, years = {}, {}
    for r in rels:
        for t in r["tags"]:
            tag_counts[t] = tag_counts.get(t, 0) + 1
        years[r["date"].year] = years.get(r["date"].year, 0) + 1
    pages = lambda n: max(1, math.ceil(n / PAGINATION))
    e = {
        "releases": len(rels),
        "index_pages": pages(len(rels)),
        "tags": len(tag_counts),
        "tag_pages": sum(pages(c) for c in tag_counts.values()),
        "years": len(years),
        "words": sum(len(r["body"].split()) for r in rels),
    }
    # release pages, index pages, /tags/, tag pages, /archive/, year pages, /404.html
    e["html"] = e["releases"] + e["index_pages"] + 1 + e["tag_pages"] + 1 + e["years"] + 1
    return e


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: corpus.py N OUT   (N releases; writes OUT/newsroom, OUT/hugo, OUT/expected.txt)")
    n, out = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(out) and os.listdir(out):
        sys.exit("corpus.py: %s exists and is not empty" % out)
    rels = releases(n)
    write_newsroom(os.path.join(out, "newsroom"), rels)
    write_hugo(os.path.join(out, "hugo"), rels)
    e = expected(rels)
    write(os.path.join(out, "expected.txt"), "".join("%s=%d\n" % kv for kv in e.items()))
    # The file a one-release edit changes: the median release, newsroom's copy.
    mid = rels[len(rels) // 2]
    write(os.path.join(out, "edit-target.txt"), os.path.join(
        "Content", "releases", str(mid["date"].year), "%s-%s.md" % (mid["date"].isoformat(), mid["slug"])) + "\n")


if __name__ == "__main__":
    main()
