import Foundation
import NewsroomKit
import Testing

/// Builds `seeds/fixtures/media-kit` (base path /news/): a bundle release with a PNG hero,
/// a caption, a credit and body images; a release whose image is a wide shared PNG; an
/// embargoed release whose image only it uses; a media kit page and a hidden file in
/// `Content/media/`. Inspects images, downloads and the media kit page.
@Suite struct MediaKitTests {
    let output: String
    let tree: OutputTree

    init() throws {
        output = Fixtures.temporaryDirectory("media") + "/public"
        _ = try Fixtures.build(Fixtures.site("media-kit"), output: output)
        tree = OutputTree(output)
    }

    /// The lines of `html` between the first line containing `start` and the next containing `end`, trimmed.
    static func lines(of html: String, from start: String, to end: String) -> [String] {
        let all = html.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = all.firstIndex(where: { $0.contains(start) }),
              let last = all[first...].firstIndex(where: { $0.contains(end) }) else { return [] }
        return all[first...last].filter { !$0.isEmpty }
    }

    @Test func heroAndCardsCarryThePixelSizeOfTheirFiles() throws {
        let page = try #require(tree.text("releases/2026/launch/index.html"))
        #expect(page.contains(#"<img src="/news/releases/2026/launch/hero.png" alt="The new laboratory building at dusk" width="1600" height="900">"#))
        let index = try #require(tree.text("index.html"))
        #expect(index.contains(#"<img class="card__image" src="/news/media/photos/banner.png" alt="A wide banner reading ten years" width="1500" height="300" loading="lazy">"#))
        #expect(index.contains(#"<img class="card__image" src="/news/releases/2026/launch/hero.png" alt="The new laboratory building at dusk" width="1600" height="900" loading="lazy">"#))
        let css = try #require(tree.text("assets/style.css"))
        #expect(!css.contains("object-fit: cover"), "an image is cropped to fill its box")
    }

    @Test func captionAndCreditAreTheFiguresCaption() throws {
        let page = try #require(tree.text("releases/2026/launch/index.html"))
        #expect(Self.lines(of: page, from: "<figcaption", to: "</figcaption>") == [
            #"<figcaption class="release__caption">"#,
            #"<div class="release__caption-text"><p>The laboratory on <em>opening day</em>; see <a href="/news/media-kit/">the media kit</a>.</p>"#,
            "</div>",
            #"<p class="release__credit">Photo: Jane Doe / Example Foundation</p>"#,
            "</figcaption>",
        ])
        #expect(page.contains(#""image":[{"@type":"ImageObject","url":"https://example.org/news/releases/2026/launch/hero.png","width":1600,"height":900,"caption":"The laboratory on opening day; see the media kit.","creditText":"Photo: Jane Doe / Example Foundation"}]"#))
        let wide = try #require(tree.text("releases/2026/wide/index.html"))
        #expect(!wide.contains("<figcaption"), "a release without caption or credit has no figcaption")
    }

    /// The hero first, then the body's images in order, each once (the body shows the hero again);
    /// the attachment keeps its place before them.
    @Test func downloadsListEveryImageWithItsPixelSizeAndFileSize() throws {
        let page = try #require(tree.text("releases/2026/launch/index.html"))
        #expect(Self.lines(of: page, from: #"<ul class="downloads">"#, to: "</ul>") == [
            #"<ul class="downloads">"#,
            "<li>",
            #"<a href="/news/media/fact-sheet.pdf">Fact sheet (PDF)</a> <span class="downloads__size">3 KB</span>"#,
            "</li>",
            "<li>",
            #"<a href="/news/releases/2026/launch/hero.png" download>Main image</a>"#,
            #"<span class="downloads__size">PNG, 1600 × 900, 6 KB</span>"#,
            "</li>",
            "<li>",
            #"<a href="/news/releases/2026/launch/chart.png" download>Image: chart.png</a>"#,
            #"<span class="downloads__size">PNG, 800 × 600, 2 KB</span>"#,
            "</li>",
            "<li>",
            #"<a href="/news/media/photos/lab.png" download>Image: lab.png</a>"#,
            #"<span class="downloads__size">PNG, 1200 × 800, 4 KB</span>"#,
            "</li>",
            "</ul>",
        ])
        let wide = try #require(tree.text("releases/2026/wide/index.html"))
        #expect(wide.contains(#"<a href="/news/media/photos/banner.png" download>Main image</a>"#))
        #expect(wide.contains(##"<a href="#release_downloads">Downloads</a>"##), "a release with only an image links its downloads")
    }

    /// Logos, images, documents; by path within each; SVG sizes from width and height or from
    /// the viewBox; the hidden file and the file only the embargoed release uses are left out.
    @Test func mediaKitListsThePublishedSharedFiles() throws {
        let page = try #require(tree.text("media-kit/index.html"))
        let names = page.components(separatedBy: "\n").compactMap { line -> String? in
            guard let start = line.range(of: #"class="media-list__name" href=""#) else { return nil }
            return String(line[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(names == ["/news/media/logos/logo.svg", "/news/media/logos/mark.svg", "/news/media/photos/banner.png",
                          "/news/media/photos/lab.png", "/news/media/fact-sheet.pdf"])
        let groups = page.components(separatedBy: "\n").filter { $0.contains(#"<h3 class="panel__title">"#) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(groups == [#"<h3 class="panel__title">Logos</h3>"#, #"<h3 class="panel__title">Images</h3>"#,
                           #"<h3 class="panel__title">Documents</h3>"#])
        for detail in ["SVG, 320 × 96, 138 bytes", "SVG, 64 × 48, 114 bytes", "PNG, 1500 × 300, 2 KB",
                       "PNG, 1200 × 800, 4 KB", #"<span class="downloads__size">PDF, 3 KB</span>"#] {
            #expect(page.contains(detail), "missing \(detail)")
        }
        #expect(page.contains(#"<img src="/news/media/logos/mark.svg" alt="" width="64" height="48" loading="lazy">"#))
        #expect(!page.contains("<img src=\"/news/media/fact-sheet.pdf\""), "a document has no preview")
        for hidden in ["notes", "embargoed-chart", "MARKER-MEDIA-EMBARGO"] {
            #expect(!tree.htmlPaths.contains { tree.text($0)?.contains(hidden) == true }, "\(hidden) appears in a page")
        }
        #expect(tree.files["media/.notes.txt"] == nil && tree.files["media/embargoed-chart.png"] == nil)
        let about = try #require(tree.text("about/index.html"))
        #expect(!about.contains("media-list"), "a page without a template keeps page.html")
    }

    /// Once the embargo lifts, the file it alone used is published and listed.
    @Test func aHeldReleasesFileJoinsTheMediaKitWhenItIsPublished() throws {
        let later = Fixtures.temporaryDirectory("media-later") + "/public"
        _ = try Fixtures.build(Fixtures.site("media-kit"), output: later, now: "2026-04-02T00:00:00Z")
        let page = try #require(OutputTree(later).text("media-kit/index.html"))
        #expect(page.contains(#"<a class="media-list__name" href="/news/media/embargoed-chart.png" download>embargoed-chart.png</a>"#))
        #expect(page.contains("PNG, 640 × 480, 2 KB"))
    }

    /// The build cache keeps the caption and the credit.
    @Test func captionAndCreditSurviveTheBuildCache() throws {
        let site = try Fixtures.copy("media-kit")
        let cache = Fixtures.temporaryDirectory("media-cache")
        let session = BuildSession(cacheDirectory: cache)
        var pages: [String] = []
        for run in 0..<2 {
            let out = Fixtures.temporaryDirectory("media-run\(run)") + "/public"
            _ = try session.build(BuildOptions(siteDirectory: site, outputDirectory: out, clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))))
            pages.append(OutputTree(out).text("releases/2026/launch/index.html") ?? "")
        }
        #expect(pages[0].contains("Photo: Jane Doe / Example Foundation"))
        #expect(pages[1] == pages[0])
    }

    /// A shared file replaced between two builds of one session: the pages that describe it are
    /// rendered again, though no release or page changed.
    @Test func aReplacedFileIsDescribedAnewByTheNextBuild() throws {
        let site = try Fixtures.copy("media-kit")
        let session = BuildSession(cacheDirectory: Fixtures.temporaryDirectory("media-swap-cache"))
        let out = Fixtures.temporaryDirectory("media-swap") + "/public"
        let options = BuildOptions(siteDirectory: site, outputDirectory: out, clock: Clock(now: Fixtures.date("2026-03-15T00:00:00Z")))
        _ = try session.build(options)
        #expect(OutputTree(out).text("media-kit/index.html")?.contains("PNG, 1200 × 800, 4 KB") == true)
        let lab = site + "/Content/media/photos/lab.png"
        try FileManager.default.removeItem(atPath: lab)
        try FileManager.default.copyItem(atPath: site + "/Content/media/photos/banner.png", toPath: lab)
        _ = try session.build(options)
        let tree = OutputTree(out)
        #expect(tree.text("media-kit/index.html")?.contains(#"<img src="/news/media/photos/lab.png" alt="" width="1500" height="300" loading="lazy">"#) == true)
        #expect(tree.text("releases/2026/launch/index.html")?.contains(#"<span class="downloads__size">PNG, 1500 × 300, 2 KB</span>"#) == true)
    }

    /// `release.image_caption_text`: the caption as plain text, for an `alt` or `title`; none without one.
    @Test func theCaptionAsPlainTextIsInTheReleaseValue() throws {
        let site = try Fixtures.copy("media-kit")
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try "[{% if release.image_caption_text is none %}none{% else %}{{ release.image_caption_text }}{% endif %}]\n"
            .write(toFile: site + "/Templates/release.html", atomically: true, encoding: .utf8)
        let out = Fixtures.temporaryDirectory("media-caption-text") + "/public"
        _ = try Fixtures.build(site, output: out)
        let tree = OutputTree(out)
        #expect(tree.text("releases/2026/launch/index.html") == "[The laboratory on opening day; see the media kit.]\n")
        #expect(tree.text("releases/2026/wide/index.html") == "[none]\n")
    }

    @Test func aCreditWithoutAnImageIsAWarning() throws {
        let site = try Fixtures.copy("media-kit")
        try "---\ntitle: No picture here\ndate: 2026-01-05\nimage_credit: Jane Doe\n---\nText.\n"
            .write(toFile: site + "/Content/releases/2026/2026-01-05-plain.md", atomically: true, encoding: .utf8)
        let report = try Fixtures.build(site, output: Fixtures.temporaryDirectory("media-credit") + "/public")
        #expect(report.diagnostics.map(\.description) == [
            "Content/releases/2026/2026-01-05-plain.md:4:1: warning: 'image_credit' describes the release's image, but there is no 'image' key; add one, or remove this key",
        ])
    }

    /// A site template is a page template too; a name the theme lacks is an error at the value,
    /// naming the choices when none is close.
    @Test func templateNamesATemplateOfTheTheme() throws {
        let site = try Fixtures.copy("media-kit")
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try #"{% extends "base.html" %}{% block content %}<p id="pack">{{ media | length }} files</p>{% endblock %}"#
            .write(toFile: site + "/Templates/press-pack.html", atomically: true, encoding: .utf8)
        try "---\ntitle: Pack\ntemplate: press-pack\n---\nText.\n".write(toFile: site + "/Content/pages/pack.md", atomically: true, encoding: .utf8)
        let out = Fixtures.temporaryDirectory("media-pack") + "/public"
        _ = try Fixtures.build(site, output: out)
        #expect(OutputTree(out).text("pack/index.html")?.contains(#"<p id="pack">5 files</p>"#) == true)

        try "---\ntitle: Pack\ntemplate: brochure\n---\nText.\n".write(toFile: site + "/Content/pages/pack.md", atomically: true, encoding: .utf8)
        #expect {
            try Fixtures.build(site, output: out)
        } throws: { error in
            (error as? BuildFailure)?.diagnostics.map(\.description) == [
                "Content/pages/pack.md:3:11: error: no page template 'brochure' in the theme; the theme's page templates are 'media-kit', 'page', 'press-pack' (a site adds one as Templates/<name>.html)",
            ]
        }
    }
}
