import Foundation
@testable import NewsroomKit
import Testing

/// Phone numbers in international form for `tel:` links, and `phone_country`.
@Suite struct PhoneNumberTests {
    static let us = PhoneNumber.countries["US"]
    static let gb = PhoneNumber.countries["GB"]
    static let it = PhoneNumber.countries["IT"]

    @Test(arguments: [
        ("(571) 319-3047", "US", "+15713193047"),
        ("571-319-3047", "US", "+15713193047"),
        ("571.319.3047", "US", "+15713193047"),
        ("1 571 319 3047", "US", "+15713193047"),
        ("(613) 555-0123", "CA", "+16135550123"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("0044 20 7946 0000", "GB", "+442079460000"),
        ("030 1234567", "DE", "+49301234567"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("(02) 9876 5432", "AU", "+61298765432"),
    ])
    func nationalNumbersTakeTheCountryCode(text: String, country: String, expected: String) throws {
        #expect(try PhoneNumber.e164(text, country: PhoneNumber.countries[country]) == expected)
    }

    @Test(arguments: [
        ("+1 202 555 0100", "+12025550100"),
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("+49 30 1234567", "+49301234567"),
        ("+1 555 0100", "+15550100"),
    ])
    func numbersWithAPlusKeepTheirCountry(text: String, expected: String) throws {
        // Whatever phone_country says, or without one.
        #expect(try PhoneNumber.e164(text, country: nil) == expected)
        #expect(try PhoneNumber.e164(text, country: Self.gb) == expected)
    }

    @Test func problemsAreNamed() {
        #expect(throws: PhoneNumber.Problem.noCountry) { try PhoneNumber.e164("(571) 319-3047", country: nil) }
        #expect(throws: PhoneNumber.Problem.nanpLength(digits: 7, country: "US")) { try PhoneNumber.e164("555-0100", country: Self.us) }
        #expect(throws: PhoneNumber.Problem.nanpLength(digits: 11, country: "US")) { try PhoneNumber.e164("011 44 20 7946", country: Self.us) }
        #expect(throws: PhoneNumber.Problem.length(digits: 18)) { try PhoneNumber.e164("+1234 5678 9012 3456 78", country: nil) }
        #expect(throws: PhoneNumber.Problem.length(digits: 5)) { try PhoneNumber.e164("+12 345", country: nil) }
    }

    // MARK: - Through newsroom.yml

    static func load(_ lines: String...) -> (NewsroomConfig?, [String]) {
        let text = (["title: Example Newsroom", "base_url: https://example.org/", "organization:", "  name: Example", "  about: Examples."] + lines)
            .joined(separator: "\n") + "\n"
        let (config, diagnostics) = ConfigLoader.parse(text, baseURLOverride: nil)
        return (config, diagnostics.sorted.map(\.description))
    }

    @Test func phoneCountryGivesContactsTheirInternationalNumber() throws {
        let (config, diagnostics) = Self.load(
            "phone_country: us", "contacts:", "  press:", "    name: Press", "    phone: \"(571) 319-3047\"",
            "  london:", "    name: London", "    phone: \"+44 20 7946 0000\"")
        #expect(diagnostics == [])
        #expect(try #require(config).contacts.map(\.phoneE164) == ["+15713193047", "+442079460000"])
        #expect(config?.phoneCountry == "US")
    }

    @Test func aNumberWithoutCountryGetsNoLinkAndAWarning() throws {
        let (config, diagnostics) = Self.load("contacts:", "  press:", "    name: Press", "    phone: \"(571) 319-3047\"")
        #expect(try #require(config).contacts[0].phoneE164 == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:9:12: warning: the phone number of contact 'press', '(571) 319-3047', gets no tel: link: it has no country code; write it with + and the country code (+1 202 555 0100), or set phone_country in Content/newsroom.yml (such as US)",
        ])
    }

    @Test func anUnknownCountryIsAnErrorWithAHint() {
        let (config, diagnostics) = Self.load("phone_country: UX")
        #expect(config == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("Content/newsroom.yml:6:16: error: unknown phone_country 'UX'; did you mean ") == true)
        #expect(diagnostics.first?.contains("two-letter ISO 3166 code") == true)
        let (_, typo) = Self.load("phone_country: USA")
        #expect(typo.first?.contains("unknown phone_country 'USA'; did you mean 'US'?") == true)
    }

    @Test func contactIdsMustMakeDistinctVCardNames() {
        let (config, diagnostics) = Self.load(
            "contacts:", "  Press Office:", "    name: A", "  press-office:", "    name: B", "  '!!':", "    name: C")
        #expect(config == nil)
        #expect(diagnostics == [
            "Content/newsroom.yml:9:3: error: contacts 'Press Office' and 'press-office' would share the vCard file contacts/press-office.vcf; give one of them another id",
            "Content/newsroom.yml:11:3: error: contact id '!!' has no letters or digits to name its vCard file after; use an id such as press-office",
        ])
    }
}
