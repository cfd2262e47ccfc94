// The template engine against hand-written Swift (`make bench`): the benchmark corpus's release
// page, rendered by the engine from the corpus's own templates and by a function that appends
// the same strings to one buffer, one thread, alternating. Prints both times and their ratio,
// after checking that both give the same bytes.
//
//   TemplatePage <corpus>/newsroom [renders per round]
import Foundation
import Markdown
import NewsroomKit
import Templating

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: TemplatePage <corpus>/newsroom [renders]\n".utf8))
    exit(64)
}
let site = arguments[1]
let renders = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000

// One release of the corpus: its body through cmark, as the build renders it.
let releases = (FileManager.default.enumerator(atPath: site + "/Content/releases")?.allObjects as? [String] ?? [])
    .filter { $0.hasSuffix(".md") }.sorted()
guard let first = releases.first,
      let source = try? String(contentsOfFile: site + "/Content/releases/" + first, encoding: .utf8) else {
    FileHandle.standardError.write(Data("no release under \(site)/Content/releases\n".utf8))
    exit(1)
}
let parts = source.components(separatedBy: "\n---\n")
let body = Markdown.render(parts.dropFirst().joined(separator: "\n---\n"),
                           options: MarkdownOptions(smartPunctuation: true, unsafeHTML: false, headingIDs: false)).html
let about = Markdown.render("The Example Foundation funds *research* on rare diseases. Visit [our site](https://www.example.org/).",
                            options: MarkdownOptions(smartPunctuation: true, unsafeHTML: false, headingIDs: false)).html

struct Page {
    var siteTitle = "Example Newsroom", language = "en", basePath = "/", home = "/", tags = "/tags/", archive = "/archive/"
    var organization = "Example Foundation & Partners", about: String
    var pageTitle = "Study links a retrovirus to “some” ALS cases", permalink = "https://example.org/releases/2015/study/"
    var title = "Study links a retrovirus to “some” ALS cases", date = Date(timeIntervalSince1970: 1_443_787_200)
    var dateText = "2015-10-02T08:00:00-04:00"
    var body: String
    var tagList = [("Research", "/tags/research/"), ("Sporadic ALS", "/tags/sporadic-als/"), ("Grants <2015>", "/tags/grants-2015/")]
    var newer = ("/releases/2015/next/", "The next release: 'quotes' & more"), older = ("/releases/2015/prev/", "The previous release")
}
let page = Page(about: about, body: body)
let dates = DateFilter(timeZone: TimeZone(identifier: "America/New_York")!)

func context(_ page: Page) -> TemplateObject {
    func link(_ pair: (String, String)) -> TemplateValue { .object(TemplateObject([("url", .string(pair.0)), ("title", .string(pair.1))])) }
    return TemplateObject([
        ("site", .object(TemplateObject([
            ("title", .string(page.siteTitle)), ("language", .string(page.language)), ("base_path", .string(page.basePath)),
            ("urls", .object(TemplateObject([("home", .string(page.home)), ("tags", .string(page.tags)), ("archive", .string(page.archive))]))),
            ("organization", .object(TemplateObject([("name", .string(page.organization)), ("about", .safe(page.about))]))),
        ]))),
        ("page", .object(TemplateObject([("title", .string(page.pageTitle)), ("permalink", .string(page.permalink))]))),
        ("release", .object(TemplateObject([
            ("title", .string(page.title)), ("date", .string(page.dateText)), ("body", .safe(page.body)),
            ("tags", .array(page.tagList.map { .object(TemplateObject([("name", .string($0.0)), ("url", .string($0.1))])) })),
        ]))),
        ("newer", link(page.newer)), ("older", link(page.older)),
    ])
}

/// The corpus's `release.html` in `base.html`, written out by hand.
func handWritten(_ page: Page) -> String {
    let html = TemplateEscaping.html
    var out = ""
    out.reserveCapacity(page.body.utf8.count + 2048)
    out += "<!DOCTYPE html>\n<html lang=\"" + html(page.language) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
    out += html(page.pageTitle) + " — " + html(page.siteTitle) + "</title>\n<link rel=\"canonical\" href=\""
    out += html(page.permalink) + "\">\n<link rel=\"stylesheet\" href=\"" + html(page.basePath) + "assets/style.css\">\n\n</head>\n<body>\n"
    out += "<header><a href=\"" + html(page.home) + "\">" + html(page.siteTitle) + "</a>\n<nav><a href=\"" + html(page.home)
    out += "\">Releases</a> <a href=\"" + html(page.tags) + "\">Tags</a> <a href=\"" + html(page.archive) + "\">Archive</a></nav>\n"
    out += "</header>\n<main>\n\n<article>\n<h1>" + html(page.title) + "</h1>\n<p><time datetime=\"" + html(page.dateText) + "\">"
    out += html((try? dates.format(page.date, with: "%B %-d, %Y")) ?? "") + "</time></p>\n" + page.body
    out += "\n<section><h2>About " + html(page.organization) + "</h2>\n" + page.about + "</section>"
    if !page.tagList.isEmpty {
        out += "\n<ul class=\"tags\">"
        for (name, url) in page.tagList { out += "<li><a href=\"" + html(url) + "\">" + html(name) + "</a></li>" }
        out += "</ul>"
    }
    out += "\n<nav><a href=\"" + html(page.newer.0) + "\" rel=\"prev\">" + html(page.newer.1) + "</a> <a href=\""
    out += html(page.older.0) + "\" rel=\"next\">" + html(page.older.1) + "</a></nav>\n</article>\n\n</main>\n"
    out += "<footer><p>© " + html(page.organization) + "</p></footer>\n</body>\n</html>\n"
    return out
}

let environment: TemplateEnvironment
do {
    environment = try TemplateEnvironment(source: DirectorySource(directory: site + "/Templates"), filters: ["date": dates.filter])
} catch {
    FileHandle.standardError.write(Data("cannot load \(site)/Templates: \(error)\n".utf8))
    exit(1)
}
// The variables are made once, as the build makes a release's value once for every page that shows it.
let variables = context(page)
let engine = { () -> String in (try? environment.render("release.html", context: variables)) ?? "" }
let expected = handWritten(page)
guard engine() == expected else {
    FileHandle.standardError.write(Data("the engine and the hand-written page differ:\n--- engine\n\(engine())\n--- hand-written\n\(expected)\n".utf8))
    exit(1)
}

func seconds(_ work: () -> String) -> Double {
    let start = ContinuousClock.now
    var bytes = 0
    for _ in 0 ..< renders { bytes &+= work().utf8.count }
    precondition(bytes > 0)
    let elapsed = start.duration(to: .now).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}
var engineBest = Double.infinity, handBest = Double.infinity
for _ in 0 ..< 21 {
    engineBest = min(engineBest, seconds(engine))
    handBest = min(handBest, seconds { handWritten(page) })
}
print(String(format: "release page (%d bytes): engine %.1f µs, hand-written %.1f µs, ratio %.2f×",
             expected.utf8.count, engineBest / Double(renders) * 1e6, handBest / Double(renders) * 1e6, engineBest / handBest))
