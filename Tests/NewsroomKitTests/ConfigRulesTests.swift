import Foundation
@testable import NewsroomKit
import Testing

/// newsroom.yml: the time zone, every URL (one validator), and the contacts' links.
@Suite struct ConfigRulesTests {
    /// newsroom.yml of the title, `lines`, then an organization with its boilerplate and, unless
    /// `lines` give contacts, one media contact (so the only diagnostics are those of `lines`).
    static func load(_ lines: String..., baseURL: String? = nil) -> (NewsroomConfig?, [String]) {
        let contacts = lines.contains("contacts:") ? [] : ["contacts: {press: {name: Press Office}}"]
        let text = (["title: Example Newsroom"] + lines + ["organization:", "  name: Example", "  about: We make examples."]
            + contacts).joined(separator: "\n") + "\n"
        let (config, diagnostics) = ConfigLoader.parse(text, baseURLOverride: baseURL)
        return (config, diagnostics.sorted.map(\.description))
    }

    // MARK: - Time zone

    @Test func aMissingTimeZoneIsUTC() throws {
        let (config, diagnostics) = Self.load("base_url: https://example.org/")
        #expect(diagnostics == [])
        #expect(try #require(config).timeZone == TimeZone(identifier: "UTC"))
    }

    @Test(arguments: [("timezone: ''", 11), ("timezone: '   '", 11), ("timezone: \"\"", 11), ("timezone:", 1), ("timezone: ~", 1)])
    func anEmptyTimeZoneIsAnError(line: String, column: Int) {
        let (config, diagnostics) = Self.load("base_url: https://example.org/", line)
        #expect(config == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:3:\(column): error: 'timezone' must not be empty; write an IANA name such as America/New_York, or leave the key out for UTC",
        ])
    }

    // MARK: - base_url and --base-url

    @Test(arguments: [
        ("https://example.org/news/", "https://example.org/news/", "/news/"),
        ("https://example.org/news", "https://example.org/news/", "/news/"),
        ("https://example.org", "https://example.org/", "/"),
        ("http://example.org:8080/", "http://example.org:8080/", "/"),
        ("HTTPS://Example.ORG:443/News/", "https://example.org:443/News/", "/News/"),
        ("https://news.example-site.org/2026%20press/", "https://news.example-site.org/2026%20press/", "/2026%20press/"),
        ("https://127.0.0.1:65535/", "https://127.0.0.1:65535/", "/"),
        ("https://[::1]:8443/preview/", "https://[::1]:8443/preview/", "/preview/"),
    ])
    func validBaseURLs(text: String, absolute: String, path: String) throws {
        let (config, diagnostics) = Self.load("base_url: \(text)")
        #expect(diagnostics == [])
        let valid = try #require(config)
        #expect(valid.baseURL == absolute)
        #expect(valid.basePath == path)
    }

    static let hostileBaseURLs: [(String, String)] = [
        ("newsroom.example.org", "is not an absolute URL"),
        ("/news/", "is not an absolute URL"),
        ("javascript:alert(1)", "has the scheme 'javascript:', not http or https"),
        ("ftp://example.org/", "has the scheme 'ftp:', not http or https"),
        ("https:example.org", "has no host (it needs '//' after 'https:')"),
        ("https:///news/", "has no host"),
        ("https://x.org//evil.example/", "has an empty segment ('//') in its path"),
        ("https://x.org/news//", "has an empty segment ('//') in its path"),
        ("https://x.org/news/../", "has a '..' segment in its path"),
        ("https://x.org/./", "has a '.' segment in its path"),
        ("https://x.org/%2E%2e/", "has a '..' segment in its path"),
        ("https://x.org:65536/", "has the port '65536', not a number from 1 to 65535"),
        ("https://x.org:70000/", "has the port '70000', not a number from 1 to 65535"),
        ("https://x.org:0/", "has the port '0', not a number from 1 to 65535"),
        ("https://x.org:/", "has the port '', not a number from 1 to 65535"),
        ("https://x.org:80a/", "has the port '80a', not a number from 1 to 65535"),
        ("https://user@x.org/", "holds a user name or password (the part before '@')"),
        ("https://user:secret@x.org/", "holds a user name or password (the part before '@')"),
        ("https://x.org/?preview=1", "has a query ('?') or a fragment ('#')"),
        ("https://x.org/#top", "has a query ('?') or a fragment ('#')"),
        ("https://x.org\\\\evil.example/", "holds '\\'"),
        ("https://x.org/a\\\\b/", "holds '\\'"),
        ("https://x.org/a\\tb/", "holds white space or a control character"),
        ("https://x.org/a<b/", "holds '<', which must be percent-encoded"),
        ("https://x.org/100%/", "has a '%' not followed by two hex digits"),
        ("https://-x.org/", "has a malformed host '-x.org'"),
        ("https://x..org/", "has a malformed host 'x..org'"),
        ("https://bücher.example/", "has a host that is not ASCII (write an international name in its xn-- form)"),
    ]

    @Test(arguments: hostileBaseURLs)
    func invalidBaseURLs(text: String, reason: String) {
        let (config, diagnostics) = Self.load("base_url: \"\(text)\"")
        #expect(config == nil)
        let shown = text.replacingOccurrences(of: "\\\\", with: "\\").replacingOccurrences(of: "\\t", with: "\t")
        #expect(diagnostics == [
            "Content/newsroom.yml:2:11: error: 'base_url' must be an absolute http(s) URL such as https://newsroom.example.org/; '\(shown)' \(reason)",
        ])
    }

    @Test func theBaseURLOptionIsCheckedByTheSameRules() {
        let (config, diagnostics) = Self.load("base_url: https://example.org/", baseURL: "https://x.org//evil.example/")
        #expect(config == nil)
        #expect(diagnostics == [
            "(command line):1:1: error: --base-url must be an absolute http(s) URL such as https://newsroom.example.org/; 'https://x.org//evil.example/' has an empty segment ('//') in its path",
        ])
        let (preview, none) = Self.load("base_url: https://example.org/", baseURL: "http://localhost:8080/preview/")
        #expect(none == [])
        #expect(preview?.baseURL == "http://localhost:8080/preview/")
        #expect(preview?.basePath == "/preview/")
    }

    @Test func aControlCharacterInTheBaseURLOptionIsNotPrintedRaw() {
        let (_, diagnostics) = Self.load("base_url: https://example.org/", baseURL: "https://x.org/\u{1B}[2J/")
        #expect(diagnostics == [
            "(command line):1:1: error: --base-url must be an absolute http(s) URL such as https://newsroom.example.org/; 'https://x.org/\u{FFFD}[2J/' holds white space or a control character",
        ])
    }

    // MARK: - organization.url and organization.logo

    @Test(arguments: ["https://www.example.org/", "http://example.org:8080/about/?ref=news#contact", "https://example.org"])
    func validOrganizationURLs(text: String) throws {
        #expect(throws: Never.self) { try WebAddress.absolute(text, role: .link) }
    }

    @Test(arguments: ["/media/logo.svg", "logo.svg", "brand/logo-2026.png", "https://cdn.example.org/logo.svg"])
    func validLogos(text: String) {
        #expect(throws: Never.self) { try WebAddress.asset(text) }
    }

    @Test(arguments: [
        ("javascript:alert(1)", "has the scheme 'javascript:', not http or https"),
        ("data:image/svg+xml,<svg/>", "has the scheme 'data:', not http or https"),
        ("//cdn.evil.example/logo.svg", "starts with '//', which points at another host"),
        ("../secret.svg", "has a '..' segment in its path"),
        ("/media//logo.svg", "has an empty segment ('//') in its path"),
        ("logo.svg?v=2", "has a query ('?') or a fragment ('#'), which a file in the site does not have"),
        ("my logo.svg", "holds white space or a control character"),
        ("https://user@cdn.example.org/logo.svg", "holds a user name or password (the part before '@')"),
    ])
    func invalidLogos(text: String, reason: String) {
        #expect(throws: WebAddress.Problem(reason: reason)) { try WebAddress.asset(text) }
    }

    @Test func hostileOrganizationURLsAreErrorsAtTheirValues() {
        let (config, diagnostics) = ConfigLoader.parse("""
            title: Example Newsroom
            base_url: https://example.org/
            organization:
              name: Example
              url: "javascript:alert(1)"
              logo: //evil.example/logo.svg

            """, baseURLOverride: nil)
        #expect(config == nil)
        #expect(diagnostics.sorted.map(\.description) == [
            "Content/newsroom.yml:5:8: error: 'organization.url' must be an absolute http(s) URL such as https://www.example.org/; 'javascript:alert(1)' has the scheme 'javascript:', not http or https",
            "Content/newsroom.yml:6:9: error: 'organization.logo' must be a path in the site or an http(s) URL such as /media/logo.svg, logo.svg (in Content/media) or https://www.example.org/logo.svg; '//evil.example/logo.svg' starts with '//', which points at another host",
        ])
    }

    // MARK: - Contacts

    @Test(arguments: ["press@example.org", "first.last+news@mail.example.co.uk", "o'brien@example.org", "presse@bücher.example"])
    func plainEmailAddresses(text: String) {
        #expect(ContactDetails.emailProblem(text) == nil)
    }

    @Test(arguments: [
        ("mailto:press@example.org", "holds a scheme ('mailto:' is added for you)"),
        ("press@@example.org", "needs exactly one '@'"),
        ("press.example.org", "needs exactly one '@'"),
        ("@example.org", "needs a name before the '@' and a domain after it"),
        ("press@", "needs a name before the '@' and a domain after it"),
        ("press office@example.org", "holds white space"),
        ("press@example.org?cc=all@example.org", "needs exactly one '@'"),
        ("press@example.org?subject=Hi", "holds '?'"),
        ("<press@example.org>", "holds '<'"),
        ("press@example..org", "has a malformed domain 'example..org'"),
        ("press@-example.org", "has a malformed domain '-example.org'"),
    ])
    func emailsThatAreNotPlainAddresses(text: String, problem: String) {
        #expect(ContactDetails.emailProblem(text) == problem)
    }

    @Test(arguments: ["+1 555 0100", "(202) 555-0100", "+44 20 7946 0958", "202.555.0100", "030/1234567"])
    func plainPhoneNumbers(text: String) {
        #expect(ContactDetails.phoneProblem(text) == nil)
    }

    @Test(arguments: [
        ("call +1 555 0101", "holds 'c'"),
        ("555+0100", "has '+' after the start"),
        ("555-0100 ext. 12", "holds 'e'"),
        ("javascript:alert(1)", "holds 'j'"),
        ("tel:+15550100", "holds 't'"),
        ("(none)", "holds no digits"),
    ])
    func phonesThatAreNotPlainNumbers(text: String, problem: String) {
        #expect(ContactDetails.phoneProblem(text) == problem)
    }

    @Test func badContactDetailsAreErrorsWithExamples() {
        let (config, diagnostics) = Self.load(
            "base_url: https://example.org/", "contacts:", "  press:", "    name: Press Office",
            "    phone: \"555+0100\"", "    email: press@@example.org")
        #expect(config == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:6:12: error: 'phone' of contact 'press' has '+' after the start: '555+0100'; write digits with spaces or - . ( ) /, such as +1 202 555 0100",
            "Content/newsroom.yml:7:12: error: 'email' of contact 'press' needs exactly one '@': 'press@@example.org'; write a plain address such as press@example.org",
        ])
    }
}
