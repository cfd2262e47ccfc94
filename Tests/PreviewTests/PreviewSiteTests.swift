import Foundation
import TestFolders
import NewsroomKit
@testable import Preview
import Testing

/// The preview's answers, asked directly: no socket, no server.
struct PreviewSiteTests {
    /// A built site under `/news/`, with a symbolic link that leads out of it.
    static let built: String = {
        let root = TestFolders.make("preview")
        let site = root + "/site"
        try? FileManager.default.createDirectory(atPath: site + "/releases/2026/x", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: site + "/assets", withIntermediateDirectories: true)
        try? "<!DOCTYPE html><html><body><h1>Home</h1></body></html>\n".write(toFile: site + "/index.html", atomically: true, encoding: .utf8)
        try? "<!DOCTYPE html><html><BODY><h1>X</h1></BODY></html>\n".write(toFile: site + "/releases/2026/x/index.html", atomically: true, encoding: .utf8)
        try? "<html><h1>Not found</h1></html>\n".write(toFile: site + "/404.html", atomically: true, encoding: .utf8)
        try? "body { color: red }\n".write(toFile: site + "/assets/style.css", atomically: true, encoding: .utf8)
        try? "<feed/>\n".write(toFile: site + "/feed.xml", atomically: true, encoding: .utf8)
        try? "{}\n".write(toFile: site + "/feed.json", atomically: true, encoding: .utf8)
        try? FileManager.default.createDirectory(atPath: site + "/contacts", withIntermediateDirectories: true)
        try? "BEGIN:VCARD\r\nEND:VCARD\r\n".write(toFile: site + "/contacts/press.vcf", atomically: true, encoding: .utf8)
        try? "FOR IMMEDIATE RELEASE\n".write(toFile: site + "/releases/2026/x/release.txt", atomically: true, encoding: .utf8)
        try? "secret\n".write(toFile: root + "/secret.txt", atomically: true, encoding: .utf8)
        try? FileManager.default.createSymbolicLink(atPath: site + "/leak.txt", withDestinationPath: root + "/secret.txt")
        try? FileManager.default.createSymbolicLink(atPath: site + "/up", withDestinationPath: root)
        return site
    }()

    private func preview(root: String? = Self.built, failure: [Diagnostic]? = nil) -> PreviewSite {
        PreviewSite(root: root, basePath: "/news/", generation: 7, failure: failure)
    }

    private func get(_ target: String, method: String = "GET", ifNoneMatch: String? = nil, _ site: PreviewSite? = nil) -> PreviewResponse {
        (site ?? preview()).respond(to: PreviewRequest(method: method, target: target, ifNoneMatch: ifNoneMatch))
    }

    private func text(_ response: PreviewResponse) -> String {
        guard case .data(let data) = response.body else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: [
        ("/news/", "text/html; charset=utf-8"), ("/news/assets/style.css", "text/css; charset=utf-8"),
        ("/news/feed.xml", "application/xml"), ("/news/feed.json", "application/json"),
        ("/news/contacts/press.vcf", "text/vcard; charset=utf-8"),
        ("/news/releases/2026/x/release.txt", "text/plain; charset=utf-8"),
    ])
    func filesHaveTheirContentType(_ path: String, _ type: String) {
        let response = get(path)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == type)
        #expect(response.header("Cache-Control") == "no-cache")
    }

    @Test func htmlGetsTheReloadScriptAndOtherFilesStayAsBuilt() throws {
        let home = text(get("/news/"))
        #expect(home.contains("new EventSource(\"/__newsroom/events?since=7\")"))
        #expect(home.hasSuffix("</script>\n</body></html>\n"))
        let release = text(get("/news/releases/2026/x/"))
        #expect(release.contains("</script>\n</BODY></html>"), "found case-insensitively")
        #expect(text(get("/news/assets/style.css")) == "body { color: red }\n")
        #expect(text(get("/news/feed.xml")) == "<feed/>\n")
        #expect(try String(contentsOfFile: Self.built + "/index.html", encoding: .utf8).contains("EventSource") == false)
    }

    @Test func aPageWithoutBodyGetsTheScriptAtItsEnd() {
        let injected = ReloadScript.inject(into: Data("<p>bare".utf8), generation: 1)
        #expect(String(decoding: injected, as: UTF8.self).hasPrefix("<p>bare<script>"))
    }

    @Test func missingPagesGetTheSites404WithStatus404() {
        let response = get("/news/no/such/page/")
        #expect(response.status == 404)
        #expect(text(response).contains("<h1>Not found</h1>"))
        #expect(text(response).contains("EventSource"))
    }

    @Test(arguments: [
        "/news/../secret.txt", "/news/%2e%2e/secret.txt", "/news/%2E%2E/%2e%2e/etc/passwd", "/news/./index.html",
        "/news/a%00b", "/news/..%5csecret.txt", "/news/%zz", "/news/%",
    ])
    func traversalIsRefused(_ target: String) {
        #expect(get(target).status == 400)
    }

    @Test func symbolicLinksOutOfTheSiteAreNotFound() {
        #expect(get("/news/leak.txt").status == 404)
        #expect(get("/news/up/secret.txt").status == 404)
        #expect(!text(get("/news/up/secret.txt")).contains("secret"))
    }

    @Test func theSiteLivesUnderItsBasePath() {
        let root = get("/")
        #expect(root.status == 302)
        #expect(root.header("Location") == "/news/")
        #expect(get("/news").status == 302)
        #expect(get("/elsewhere/").status == 404)
        let folder = get("/news/releases/2026/x?utm=1")
        #expect(folder.status == 301)
        #expect(folder.header("Location") == "/news/releases/2026/x/?utm=1")
    }

    @Test func headSendsTheHeadersOnly() {
        let head = get("/news/feed.xml", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "8")
        #expect(head.body == .data(Data()))
    }

    @Test func anUnchangedFileIsNotSentAgain() {
        let first = get("/news/")
        let tag = first.header("ETag")
        #expect(tag != nil)
        let again = get("/news/", ifNoneMatch: tag)
        #expect(again.status == 304)
        #expect(again.body == .data(Data()))
        #expect(get("/news/", ifNoneMatch: "\"other\"").status == 200)
        // Another build's pages carry another generation, so another tag.
        let later = PreviewSite(root: Self.built, basePath: "/news/", generation: 8, failure: nil)
        #expect(get("/news/", ifNoneMatch: tag, later).status == 200)
    }

    @Test func onlyGetAndHeadAreServed() {
        let response = get("/news/", method: "POST")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD")
    }

    @Test func theEventsChannelIsOutsideTheSite() {
        #expect(get("/__newsroom/events?since=41").body == .events(since: 41))
        #expect(get("/__newsroom/events?since=41").header("Content-Type") == "text/event-stream")
    }

    /// Before a first good build: the problems, escaped, and the script that reloads when they are fixed.
    @Test func withoutASiteTheProblemsAreShown() {
        let problem = Diagnostic.error("bad <b>title</b> & more", at: SourceLocation(path: "Content/releases/x.md", line: 2, column: 8))
        let response = get("/news/anything", preview(root: nil, failure: [problem]))
        #expect(response.status == 503)
        let page = text(response)
        #expect(page.contains("Content/releases/x.md:2:8: error: bad &lt;b&gt;title&lt;/b&gt; &amp; more"))
        #expect(!page.contains("<b>title"))
        #expect(page.contains("EventSource"))
    }

    @Test func problemsTravelAsOneLineOfJSON() {
        let problem = Diagnostic.error("line one\nline \"two\" </script>", at: SourceLocation(path: "a.md", line: 3, column: 4))
        let json = ReloadScript.problems([problem])
        #expect(!json.contains("\n"))
        let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["message"] as? String == "line one\nline \"two\" </script>")
        #expect(decoded?.first?["line"] as? Int == 3)
    }
}
