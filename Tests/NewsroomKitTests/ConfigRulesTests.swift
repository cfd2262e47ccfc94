import Foundation
@testable import NewsroomKit
import Testing

/// newsroom.yml: the time zone.
@Suite struct ConfigRulesTests {
    static func load(_ lines: String..., baseURL: String? = nil) -> (NewsroomConfig?, [String]) {
        let text = (["title: Example Newsroom"] + lines + ["organization:", "  name: Example"]).joined(separator: "\n") + "\n"
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
}
