import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// A page that reads no release's body (a list, the search index) is not rendered again when
/// only a body changes (`DeferredReads`, `PageFingerprints`); one that reads a body, even only
/// on some condition, is.
@Suite struct BodyReadsTests {
    @Test func aRenderLearnsWhetherItReadANotedValue() {
        let noted = DeferredValue(standIn: { "digest" }, noted: true) { .string("the body") }
        let plain = DeferredValue(standIn: "words") { .string("some words") }
        var object = TemplateObject([("title", .string("A title"))])
        object.setDeferred("body", noted)
        object.setDeferred("text", plain)
        #expect(DeferredReads.tracking { object["title"] }.read == false)
        #expect(DeferredReads.tracking { object["text"] }.read == false)
        #expect(DeferredReads.tracking { object["body"] }.read == true)
        // Comparing objects compares stand-ins: the result depends on the body too.
        var other = object
        other.setDeferred("body", DeferredValue(standIn: { "another digest" }, noted: true) { .string("another body") })
        #expect(DeferredReads.tracking { object == other }.read == true)
        // Outside a tracked render, and after one, nothing is noted anywhere.
        _ = object["body"]
        #expect(DeferredReads.tracking { object["title"] }.read == false)
        // A read inside a nested piece of work counts for the outer one too, and the outer one
        // goes on noting after it.
        let nested = DeferredReads.tracking { DeferredReads.tracking { object["body"] }.read }
        #expect(nested.result == true && nested.read == true)
        #expect(DeferredReads.tracking { () -> Bool in
            _ = DeferredReads.tracking { object["title"] }
            return object["body"] != nil
        }.read == true)
    }

    static let clock = Clock(now: Fixtures.date("2026-03-15T00:00:00Z"))
    static let beta = "/Content/releases/2024/2024-06-01-beta-results.md"

    static func build(_ site: String, _ work: String, output: String = "public") throws -> BuildReport {
        try Builder.build(BuildOptions(siteDirectory: site, outputDirectory: work + "/" + output, clock: clock,
                                       cacheDirectory: work + "/cache"))
    }

    /// The pages made without bodies, by the fingerprints the manifest keeps.
    static func madeWithoutBodies(_ work: String) throws -> Set<String> {
        let session = BuildSession(cacheDirectory: work + "/cache")
        let manifest = try #require(session.prepareManifest(output: work + "/public").manifest)
        return Set(manifest.files.places.compactMap { place in
            let (path, entry) = manifest.files.pair(at: place)
            return entry.page.map { PageFingerprints.readsBodies($0) ? nil : path } ?? nil
        })
    }

    static func expectCleanBuildEquals(_ site: String, _ work: String) throws {
        _ = try Builder.build(BuildOptions(siteDirectory: site, outputDirectory: work + "/clean", clock: clock))
        #expect(OutputTree(work + "/public") == OutputTree(work + "/clean"))
        try FileManager.default.removeItem(atPath: work + "/clean")
    }

    @Test func aBodyEditRendersThePagesThatShowBodiesOnly() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("body-reads")
        _ = try Self.build(site, work)
        let without = try Self.madeWithoutBodies(work)
        for page in ["index.html", "search.json", "tags/research/index.html", "archive/2024/index.html", "releases/2024/beta-results/release.txt"] {
            #expect(without.contains(page), "\(page) reads no body")
        }
        for page in ["releases/2024/beta-results/index.html", "feed.xml", "feed.json"] {
            #expect(!without.contains(page), "\(page) shows bodies")
        }

        // The same words, emphasised: the HTML changes, the search words do not.
        let path = site + Self.beta
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "beta study", with: "*beta study*").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try Self.build(site, work)
        let after = try Self.madeWithoutBodies(work)
        #expect(after == without)
        let pages = Set(OutputTree(work + "/public").paths.filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0.hasSuffix(".json") || $0.hasSuffix(".txt") || $0.hasSuffix(".vcf") })
        #expect(report.pagesRendered > 0 && report.pagesRendered <= pages.subtracting(without).count,
                "\(report.pagesRendered) pages rendered; \(pages.subtracting(without).count) read bodies")
        try Self.expectCleanBuildEquals(site, work)
    }

    /// A year's list that shows one release's body, picked by its title: it reads a body only once a
    /// release has that title, and from then on a body edit renders it again.
    @Test func aPageThatReadsABodyOnSomeConditionIsRenderedWhenItHolds() throws {
        let site = try Fixtures.copy("basic")
        let work = Fixtures.temporaryDirectory("body-reads-condition")
        try FileManager.default.createDirectory(atPath: site + "/Templates", withIntermediateDirectories: true)
        try """
        {% for release in releases %}{{ release.title }}{% if release.title == "Picked" %}: {{ release.body }}{% endif %}
        {% endfor %}
        """.write(toFile: site + "/Templates/year.html", atomically: true, encoding: .utf8)
        _ = try Self.build(site, work)
        let year = "archive/2024/index.html"
        #expect(try Self.madeWithoutBodies(work).contains(year))

        let path = site + Self.beta
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "title: Beta results published", with: "title: Picked")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try Self.build(site, work)
        #expect(try !Self.madeWithoutBodies(work).contains(year))
        #expect(try String(contentsOfFile: work + "/public/" + year, encoding: .utf8).contains("Picked: <p>Results of the beta study"))

        try text.replacingOccurrences(of: "beta study", with: "second study").write(toFile: path, atomically: true, encoding: .utf8)
        _ = try Self.build(site, work)
        #expect(try String(contentsOfFile: work + "/public/" + year, encoding: .utf8).contains("Picked: <p>Results of the second study"))
        try Self.expectCleanBuildEquals(site, work)
    }
}
