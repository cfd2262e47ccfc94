import Foundation
@testable import NewsroomKit
import Templating
import Testing

@Suite struct FrontMatterTests {
    @Test func splitsYAMLFromBodyWithLineNumbers() throws {
        let split = try FrontMatterParser.split("---\ntitle: A\ndate: 2024-01-01\n---\nHello\n\nWorld\n", path: "x.md")
        #expect(split.yaml == "title: A\ndate: 2024-01-01")
        #expect(split.body == "Hello\n\nWorld\n")
        #expect(split.bodyFirstLine == 5)
    }

    @Test func acceptsBOMAndCRLF() throws {
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: A\r\n---\r\nBody\r\n".utf8)
        let text = try TextDecoding.decode(bytes, path: "x.md")
        let split = try FrontMatterParser.split(text, path: "x.md")
        #expect(split.yaml == "title: A")
        #expect(split.body == "Body\n")
    }

    @Test func reportsMissingAndUnclosedFrontMatter() {
        #expect(throws: Diagnostic.error("missing front matter: the file must start with a '---' line", at: SourceLocation(path: "x.md"))) {
            try FrontMatterParser.split("title: A\n", path: "x.md")
        }
        #expect(throws: Diagnostic.error("front matter is not closed: add a '---' line after it", at: SourceLocation(path: "x.md"))) {
            try FrontMatterParser.split("---\ntitle: A\n", path: "x.md")
        }
    }

    @Test func invalidUTF8IsReportedAtItsLineAndColumn() {
        let bytes = Data("---\ntitle: Caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        #expect(throws: Diagnostic.error("file is not valid UTF-8 text", at: SourceLocation(path: "x.md", line: 2, column: 11))) {
            try TextDecoding.decode(bytes, path: "x.md")
        }
    }
}

@Suite struct ContentDateTests {
    let newYork = TimeZone(identifier: "America/New_York")!

    @Test(arguments: [
        ("2015-10-02", "2015-10-02T04:00:00Z"),
        ("2015-10-02T09:30:00", "2015-10-02T13:30:00Z"),
        ("2015-10-02 09:30", "2015-10-02T13:30:00Z"),
        ("2015-10-02T09:30:00-05:00", "2015-10-02T14:30:00Z"),
        ("2015-10-02T09:30:00Z", "2015-10-02T09:30:00Z"),
        ("2015-01-15T12:00:00+0100", "2015-01-15T11:00:00Z"),
        ("2016-02-29", "2016-02-29T05:00:00Z"),
    ])
    func parsesTheFormsUsersWrite(text: String, utc: String) throws {
        #expect(try ContentDate.parse(text, timeZone: newYork) == Fixtures.date(utc))
    }

    @Test(arguments: ["2015-02-29", "2015-13-01", "2015-04-31", "2015-10-02T24:00", "2015-10-02T10:61"])
    func rejectsImpossibleDates(text: String) {
        #expect(throws: ContentDate.Problem.self) { try ContentDate.parse(text, timeZone: newYork) }
    }

    @Test(arguments: ["next tuesday", "2015/10/02", "15-10-02", "2015-10-02T", "2015-10-02T10:00:00 EST"])
    func rejectsOtherFormats(text: String) {
        #expect(throws: ContentDate.Problem.format) { try ContentDate.parse(text, timeZone: newYork) }
    }

    @Test func formatsInstantsInTheSiteTimeZone() {
        #expect(ContentDate.iso8601(Fixtures.date("2015-10-02T04:00:00Z"), timeZone: newYork) == "2015-10-02T00:00:00-04:00")
        #expect(ContentDate.iso8601(Fixtures.date("2015-12-02T05:00:00Z"), timeZone: newYork) == "2015-12-02T00:00:00-05:00")
        #expect(ContentDate.iso8601(Fixtures.date("2015-12-02T05:00:00Z"), timeZone: TimeZone(identifier: "UTC")!) == "2015-12-02T05:00:00Z")
    }

    @Test func dateFilterFormatsStrftimeDirectives() throws {
        let filter = DateFilter(timeZone: newYork)
        let date = Fixtures.date("2015-10-02T13:05:09Z")
        #expect(try filter.format(date, with: "%B %-d, %Y") == "October 2, 2015")
        #expect(try filter.format(date, with: "%a %d %b %y %H:%M:%S %I%p %z %:z %F %j %%") == "Fri 02 Oct 15 09:05:09 09AM -0400 -04:00 2015-10-02 275 %")
        #expect(throws: FilterError.self) { try filter.format(date, with: "%Q") }
    }

    /// `%Z` names the zone as readers know it; a second argument formats in another zone.
    @Test func dateFilterNamesZonesAndTakesAnotherZone() throws {
        let filter = DateFilter(timeZone: newYork).filter
        func render(_ text: String, _ arguments: [TemplateValue]) throws -> TemplateValue {
            try filter(.string(text), arguments)
        }
        #expect(try render("2026-12-03T10:00:00-05:00", [.string("%H:%M %Z")]) == .string("10:00 EST"))
        #expect(try render("2026-07-03T10:00:00-04:00", [.string("%H:%M %Z")]) == .string("10:00 EDT"))
        #expect(try render("2026-12-03T22:00:00-05:00", [.string("%F %H:%M %Z"), .string("UTC")]) == .string("2026-12-04 03:00 UTC"))
        #expect(try render("2026-12-03T10:00:00", [.string("%H:%M %Z"), .string("Asia/Tokyo")]) == .string("00:00 GMT+9"))
        #expect(throws: FilterError.self) { try render("2026-12-03", [.string("%F"), .string("Mars/Olympus")]) }
        let utc = DateFilter(timeZone: TimeZone(identifier: "UTC")!)
        #expect(try utc.format(Fixtures.date("2026-12-03T15:00:00Z"), with: "%H:%M %Z") == "15:00 UTC")
    }
}


@Suite struct SlugTests {
    @Test(arguments: [
        ("Sporadic ALS", "sporadic-als"), ("  Ice Bucket  Challenge! ", "ice-bucket-challenge"),
        ("Café Crème", "cafe-creme"), ("<b>Bold</b> Tag", "b-bold-b-tag"), ("2015 Report", "2015-report"),
        ("!!!", ""),
    ])
    func makesSlugs(text: String, slug: String) {
        #expect(Slug.make(text) == slug)
    }

    @Test func dropsALeadingDate() {
        #expect(Slug.droppingDatePrefix("2015-10-02-retrovirus-study") == "retrovirus-study")
        #expect(Slug.droppingDatePrefix("retrovirus-study") == "retrovirus-study")
        #expect(Slug.droppingDatePrefix("2015-10-02") == "2015-10-02")
        // A mark after the last hyphen makes one Character with it, so the prefix is not a date's.
        #expect(Slug.droppingDatePrefix("2015-10-02-\u{301}x") == "2015-10-02-\u{301}x")
        #expect(Slug.droppingDatePrefix("2015-10-02-été") == "été")
    }

    @Test func suggestsCloseNames() {
        #expect(Suggestion.closest(to: "tittle", in: ["title", "date", "tags"]) == "title")
        #expect(Suggestion.closest(to: "press", in: ["press-office", "carrie-munk"]) == nil)
        #expect(Suggestion.closest(to: "press-ofice", in: ["press-office", "carrie-munk"]) == "press-office")
    }
}

@Suite struct PlanningTests {
    @Test func paginatesWithAnEmptyFirstPage() {
        let empty = Pagination.paginate([Int](), size: 10, firstURL: "")
        #expect(empty.count == 1 && empty[0].0.count == 1 && empty[0].1.isEmpty)
        let pages = Pagination.paginate(Array(1...7), size: 3, firstURL: "tags/x/")
        #expect(pages.map { Array($0.1) } == [[1, 2, 3], [4, 5, 6], [7]])
        #expect(pages[1].0.url == "tags/x/page/2/")
        #expect(pages[1].0.previousURL == "tags/x/" && pages[1].0.nextURL == "tags/x/page/3/")
        #expect(pages[2].0.nextURL == nil)
    }

    @Test func resolvesInternalLinks() {
        #expect(LinkChecker.resolve("/media/kit.pdf", from: "releases/2015/x/") == "media/kit.pdf")
        #expect(LinkChecker.resolve("report.pdf#p2", from: "releases/2015/x/") == "releases/2015/x/report.pdf")
        #expect(LinkChecker.resolve("../y/", from: "releases/2015/x/") == "releases/2015/y/")
        #expect(LinkChecker.resolve("https://example.org/", from: "") == nil)
        #expect(LinkChecker.resolve("mailto:a@b.c", from: "") == nil)
        // The shortcuts for links that leave the site, stay on the page or are plain paths from
        // the root agree with the whole reading on every short mix of the characters that matter.
        let pieces = ["a", ":", "/", "?", "#", " ", "\t", "\\", "é", ".", "%2F", "h", "/a", "..", "~"]
        var seed: UInt64 = 12_345
        for _ in 0 ..< 20_000 {
            var link = ""
            for _ in 0 ..< 1 + Int(seed % 7) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                link += pieces[Int((seed >> 33) % UInt64(pieces.count))]
            }
            #expect(LinkChecker.resolve(link, from: "releases/2015/x/") == LinkChecker.resolveInFull(link, from: "releases/2015/x/"), "\(link.debugDescription)")
        }
        #expect(LinkChecker.resolve("#top", from: "") == nil)
        #expect(LinkChecker.resolve("//cdn.example.org/x", from: "") == nil)
    }

    @Test func aliasesBecomeOutputPaths() {
        #expect(Route.aliasOutputPath("/2016/05/old.html") == "2016/05/old.html")
        #expect(Route.aliasOutputPath("/old/path") == "old/path/index.html")
        #expect(Route.aliasOutputPath("/old/path/") == "old/path/index.html")
    }
}
