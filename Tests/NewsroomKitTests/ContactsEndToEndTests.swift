import Foundation
import NewsroomKit
import Testing

/// Builds `seeds/fixtures/contacts` (base path /news/, `phone_country: US`, three contacts, pages
/// with `nav_weight` and `nav: false`, releases with and without contacts and boilerplate, a held
/// release) and inspects the contacts page, the vCards, tel: links, the footer, the boilerplate,
/// the navigation and the logo.
@Suite struct ContactsEndToEndTests {
    let tree: OutputTree
    let report: BuildReport

    init() throws {
        let output = Fixtures.temporaryDirectory("contacts") + "/public"
        report = try Fixtures.build(Fixtures.site("contacts"), output: output)
        tree = OutputTree(output)
    }

    func page(_ path: String) throws -> String { try #require(tree.text(path), "missing \(path)") }

    /// The main navigation's link texts, in order.
    static func navLinks(_ html: String) -> [String] {
        guard let start = html.range(of: "<ul class=\"site-nav__list\">"),
              let end = html.range(of: "</ul>", range: start.upperBound ..< html.endIndex) else { return [] }
        return html[start.upperBound ..< end.lowerBound].matches(of: /<a [^>]*>\s*([^<]*?)\s*<\/a>/).map { String($0.output.1) }
    }

    @Test func theContactsPageListsEveryContactWithItsVCard() throws {
        let html = try page("contacts/index.html")
        #expect(html.contains("<body class=\"kind-contacts\">"))
        #expect(html.contains("<h1 class=\"page-title\">Media contacts</h1>"))
        for (name, file) in [("Press Office", "press"), ("José Núñez-Ávila", "jose"), ("Night Desk", "short-number")] {
            #expect(html.contains("<p class=\"contact__name\">\(name)</p>"), "\(name) missing")
            #expect(html.contains("<a href=\"/news/contacts/\(file).vcf\" type=\"text/vcard\" download>Download vCard"), "\(file) vCard link missing")
            #expect(tree.files["contacts/\(file).vcf"] != nil)
        }
        #expect(html.contains("Acme, Inc.; Europe"))
        // The sitemap lists the page; vCards are files, not pages.
        let sitemap = try page("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/news/contacts/</loc>"))
        #expect(!sitemap.contains(".vcf"))
    }

    @Test func vCardsReadBack() throws {
        let jose = try VCardTests.parse(try #require(tree.files["contacts/jose.vcf"]))
        #expect(VCardTests.value("FN", in: jose).map(VCardTests.unescape) == "José Núñez-Ávila")
        #expect(VCardTests.value("N", in: jose) == "Núñez-Ávila;José;;;")
        #expect(VCardTests.value("ORG", in: jose).map(VCardTests.unescape) == "Acme, Inc.; Europe")
        #expect(VCardTests.value("TITLE", in: jose).map(VCardTests.unescape)
            == "Senior Vice President for International Media Relations and Public Affairs, Europe")
        #expect(VCardTests.value("TEL", in: jose) == "tel:+442079460000")
        #expect(VCardTests.value("EMAIL", in: jose) == "jose.nunez@example.org")
        #expect(VCardTests.value("URL", in: jose) == "https://example.org/news/contacts/")
        let press = try VCardTests.parse(try #require(tree.files["contacts/press.vcf"]))
        #expect(VCardTests.value("TEL", in: press) == "tel:+15713193047")
        #expect(VCardTests.value("ORG", in: press) == "Example Foundation")
        // A contact without an organization carries the site's.
        let desk = try VCardTests.parse(try #require(tree.files["contacts/short-number.vcf"]))
        #expect(VCardTests.value("ORG", in: desk) == "Example Foundation")
        #expect(desk.first { $0.name == "TEL" }?.parameters.first == "VALUE=text")
        #expect(VCardTests.value("UID", in: press) != VCardTests.value("UID", in: jose))
    }

    @Test func telLinksAreInInternationalForm() throws {
        let html = try page("releases/2026/named/index.html")
        #expect(html.contains("<a href=\"tel:+15713193047\">(571) 319-3047</a>"))
        #expect(html.contains("<a href=\"tel:+442079460000\">+44 (0)20 7946 0000</a>"))
        let contacts = try page("contacts/index.html")
        #expect(contacts.contains("<span class=\"contact__value\">555-0100</span>"), "a number not in international form is text")
        #expect(!contacts.contains("tel:555") && !contacts.contains("tel:+1555"))
        #expect(report.diagnostics.map(\.description).contains(
            "Content/newsroom.yml:25:12: warning: the phone number of contact 'short-number', '555-0100', gets no tel: link: a US number has 10 digits (area code and number), this one 7; write the area code, or + and the country code"))
    }

    @Test func theReleaseContactsComeBeforeTheBodyAndEmailsBreakOnlyAtTheAt() throws {
        let html = try page("releases/2026/named/index.html")
        let contacts = try #require(html.range(of: "id=\"media_contacts\"")?.lowerBound)
        let body = try #require(html.range(of: "class=\"prose release__body\"")?.lowerBound)
        #expect(contacts < body)
        #expect(html.contains("href=\"mailto:press-office@example.org\"><span>press-office</span><wbr><span>@example.org</span></a>"))
    }

    @Test func aReleaseWithoutContactsIsAWarningAtItsFile() {
        let lines = report.diagnostics.map(\.description)
        #expect(lines.contains(
            "Content/releases/2026/2026-01-11-unnamed.md:1:1: warning: this release has no media contacts, so journalists find no one to ask; name some with 'contacts: [press]', or set default_contacts in Content/newsroom.yml ('contacts: []' leaves them out on purpose)"))
        // `contacts: []` says so on purpose.
        #expect(!lines.contains { $0.contains("2026-01-13-no-boilerplate.md") })
        #expect(lines.count == 2)
    }

    @Test func theFooterLinksToTheContactsPageInsteadOfListingContacts() throws {
        for path in ["index.html", "tags/index.html", "about/index.html", "releases/2026/unnamed/index.html"] {
            let html = try page(path)
            let footer = try #require(html.range(of: "<footer class=\"site-footer\">").map { String(html[$0.lowerBound...]) })
            #expect(footer.contains("<a href=\"/news/contacts/\">All media contacts</a>"), "\(path)")
            #expect(!footer.contains("jose.nunez@example.org") && !footer.contains("571"), "\(path): the footer lists contacts")
        }
    }

    @Test func boilerplateIsTheSitesUnlessAReleaseSetsItsOwnOrNone() throws {
        let site = try page("releases/2026/named/index.html")
        #expect(site.contains("<h2 id=\"about_heading\">About Example Foundation</h2>"))
        #expect(site.contains("<p>The Example Foundation funds <em>research</em>.</p>"))
        let own = try page("releases/2026/own-boilerplate/index.html")
        #expect(own.contains("<h2 id=\"about_heading\">About Example Foundation</h2>"))
        #expect(own.contains("<p>The <em>Example Alliance</em> is a partnership; see <a href=\"/news/media-kit/\">the kit</a>.</p>"))
        #expect(!own.contains("funds <em>research</em>"))
        let none = try page("releases/2026/no-boilerplate/index.html")
        #expect(!none.contains("about_heading") && !none.contains("class=\"boilerplate\""))
    }

    @Test func navigationFollowsWeightsThenTitlesAndLeavesOutNavFalse() throws {
        let html = try page("index.html")
        #expect(Self.navLinks(html) == ["Releases", "Tags", "Archive", "Media kit", "About us", "Awards", "Media contacts"])
        // Left out of the header, still in the footer.
        #expect(html.contains("<li><a href=\"/news/legal/\">Legal notice</a></li>"))
        #expect(try page("contacts/index.html").contains("<a href=\"/news/contacts/\" aria-current=\"page\">"))
    }

    @Test func theLogoReplacesTheNameInTheHeader() throws {
        let html = try page("index.html")
        #expect(html.contains("<img class=\"brand__logo\" src=\"/news/media/logo.svg\" alt=\"Example Foundation\">"))
        #expect(!html.contains("<span class=\"brand__name\">"))
    }

    @Test func aHeldReleaseAppearsInNoContactsFile() throws {
        #expect(report.withheld.count == 1)
        for path in tree.paths where path.hasPrefix("contacts/") {
            let text = try #require(tree.text(path))
            #expect(!text.contains("Zanzibar") && !text.contains("held"), "\(path)")
        }
    }
}

/// `nav` in newsroom.yml, and the contacts page against a page of the site at /contacts/.
@Suite struct ContactsSettingsTests {
    static func build(editing edit: (String) throws -> Void) throws -> Result<(BuildReport, OutputTree), BuildFailure> {
        let site = try Fixtures.copy("contacts")
        try edit(site)
        let output = Fixtures.temporaryDirectory("contacts-settings") + "/public"
        return Result { () throws(BuildFailure) in
            let report = try Fixtures.build(site, output: output)
            return (report, OutputTree(output))
        }
    }

    static func appendSetting(_ text: String, to site: String) throws {
        let path = site + "/Content/newsroom.yml"
        try (try String(contentsOfFile: path, encoding: .utf8) + text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func navListsEntriesInItsOrder() throws {
        let result = try Self.build { try Self.appendSetting("nav: [contacts, /legal/, about, tags]", to: $0) }
        let (_, tree) = try result.get()
        let html = try #require(tree.text("index.html"))
        #expect(ContactsEndToEndTests.navLinks(html) == ["Releases", "Media contacts", "Legal notice", "About us", "Tags"])
    }

    @Test func anUnknownNavEntryIsAnErrorWithDidYouMean() throws {
        let result = try Self.build { try Self.appendSetting("nav: [abuot, archive]", to: $0) }
        guard case .failure(let failure) = result else { Issue.record("the build succeeded"); return }
        #expect(failure.errors.map(\.description) == [
            "Content/newsroom.yml:26:7: error: unknown nav entry 'abuot'; did you mean 'about'? An entry is a page's slug (about, awards, legal, media-kit) or one of the newsroom's pages: tags, archive, contacts",
        ])
    }

    @Test func aNavEntryForAHeldPageIsLeftOut() throws {
        let result = try Self.build { site in
            try "---\ntitle: Secret page\ndraft: true\n---\nHeld.\n".write(toFile: site + "/Content/pages/secret.md", atomically: true, encoding: .utf8)
            try Self.appendSetting("nav: [secret, about]", to: site)
        }
        let (_, tree) = try result.get()
        let html = try #require(tree.text("index.html"))
        #expect(ContactsEndToEndTests.navLinks(html) == ["Releases", "About us"])
        #expect(!html.contains("secret"))
    }

    @Test func aPageAtTheContactsURLIsAnErrorNamingBoth() throws {
        let result = try Self.build { site in
            try "---\ntitle: Contact us\n---\nCall.\n".write(toFile: site + "/Content/pages/contacts.md", atomically: true, encoding: .utf8)
        }
        guard case .failure(let failure) = result else { Issue.record("the build succeeded"); return }
        #expect(failure.errors.map(\.description) == [
            "Content/pages/contacts.md:1:1: error: two pages have the URL /contacts/: this file and Content/newsroom.yml (whose contacts make the media contacts page there; choose another URL for this file, or change the contacts page with Templates/contacts.html)",
        ])
    }

    @Test func aSiteWithoutContactsHasNoContactsPage() throws {
        let result = try Self.build { site in
            let path = site + "/Content/newsroom.yml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let kept = text.components(separatedBy: "contacts:\n")[0]
            try kept.write(toFile: path, atomically: true, encoding: .utf8)
            for file in ["2026-01-10-named.md", "2026-01-12-own-boilerplate.md", "2026-02-01-held.md"] {
                try FileManager.default.removeItem(atPath: site + "/Content/releases/2026/" + file)
            }
            // A page may then use the URL.
            try "---\ntitle: Contact us\n---\nCall.\n".write(toFile: site + "/Content/pages/contacts.md", atomically: true, encoding: .utf8)
        }
        let (_, tree) = try result.get()
        #expect(tree.paths.filter { $0.hasSuffix(".vcf") } == [])
        let html = try #require(tree.text("index.html"))
        #expect(!html.contains("All media contacts"))
        #expect(ContactsEndToEndTests.navLinks(html) == ["Releases", "Tags", "Archive", "Media kit", "About us", "Awards", "Contact us"])
        #expect(try #require(tree.text("contacts/index.html")).contains("Contact us"))
    }
}
