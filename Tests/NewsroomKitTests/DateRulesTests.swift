import Foundation
@testable import NewsroomKit
import Testing

/// Offsets are exact arithmetic, never a fallback; local times must exist once in the site's zone.
@Suite struct DateRulesTests {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let kiritimati = TimeZone(identifier: "Pacific/Kiritimati")!

    @Test(arguments: [
        ("2027-03-01T09:00:00-18:00", "2027-03-02T03:00:00Z"),
        ("2027-03-01T09:00:00+18:00", "2027-02-28T15:00:00Z"),
        ("2027-03-01T09:00:00-17:59", "2027-03-02T02:59:00Z"),
        ("2027-03-01T09:00:00+05:45", "2027-03-01T03:15:00Z"),
        ("2027-03-01T09:00:00-0330", "2027-03-01T12:30:00Z"),
        ("2027-03-01T09:00:00+01", "2027-03-01T08:00:00Z"),
        ("2027-03-01T09:00:00 -05:00", "2027-03-01T14:00:00Z"),
        ("2027-03-01T09:00:00z", "2027-03-01T09:00:00Z"),
        ("2027-03-01 09:00-05:00", "2027-03-01T14:00:00Z"),
        ("1900-01-01T00:00:00+00:00", "1900-01-01T00:00:00Z"),
    ])
    func offsetsAreAppliedExactlyInAnyZone(text: String, utc: String) throws {
        #expect(try ContentDate.parse(text, timeZone: Self.newYork) == Fixtures.date(utc))
        #expect(try ContentDate.parse(text, timeZone: Self.kiritimati) == Fixtures.date(utc))
        #expect(try ContentDate.parse(text, timeZone: nil) == Fixtures.date(utc))
    }

    @Test func fractionsOfASecondAreKept() throws {
        let date = try ContentDate.parse("2027-03-01T09:00:00.25-05:00", timeZone: Self.newYork)
        #expect(date.timeIntervalSince1970 == Fixtures.date("2027-03-01T14:00:00Z").timeIntervalSince1970 + 0.25)
    }

    @Test(arguments: [
        ("2027-03-01T09:00:00-18:30", ContentDate.Problem.offsetOutOfRange("-18:30")),
        ("2027-03-01T09:00:00+18:01", .offsetOutOfRange("+18:01")),
        ("2027-03-01T09:00:00-18:59", .offsetOutOfRange("-18:59")),
        ("2027-03-01T09:00:00+1900", .offsetOutOfRange("+1900")),
        ("2027-03-01T09:00:00+99:00", .offsetOutOfRange("+99:00")),
        ("2027-03-01T09:00:00-05:60", .malformedOffset("-05:60", reason: "minutes run from 00 to 59")),
        ("2027-03-01T09:00:00+5", .malformedOffset("+5", reason: "hours and minutes take two digits each")),
        ("2027-03-01T09:00:00-5:00", .malformedOffset("-5:00", reason: "hours and minutes take two digits each")),
        ("2027-03-01T09:00:00-05:0", .malformedOffset("-05:0", reason: "hours and minutes take two digits each")),
        ("2027-03-01T09:00:00-050", .malformedOffset("-050", reason: "hours and minutes take two digits each")),
        ("2027-03-01T09:00:00-", .malformedOffset("-", reason: "hours and minutes take two digits each")),
        ("2027-03-01T09:00:00-05:00 EST", .malformedOffset("-05:00 EST", reason: "nothing may follow it")),
        ("2027-03-01T09:00:00-05:00:00", .malformedOffset("-05:00:00", reason: "nothing may follow it")),
        ("2027-03-01T09:00:00Zulu", .malformedOffset("Zulu", reason: "nothing may follow it")),
    ])
    func badOffsetsAreErrorsNotFallbacks(text: String, problem: ContentDate.Problem) {
        #expect(throws: problem) { try ContentDate.parse(text, timeZone: Self.newYork) }
    }

    @Test func offsetMessagesNameTheOffset() {
        #expect(ContentDate.Problem.offsetOutOfRange("-18:30").message(subject: "'embargo'", text: "2027-03-01T09:00:00-18:30")
            == "'embargo' has an offset out of range: '-18:30' in '2027-03-01T09:00:00-18:30' (offsets run from -18:00 to +18:00)")
        #expect(ContentDate.Problem.malformedOffset("+5", reason: "hours and minutes take two digits each")
            .message(subject: "'date'", text: "2025-06-01T09:00:00+5")
            == "'date' has a malformed offset '+5' in '2025-06-01T09:00:00+5' (hours and minutes take two digits each); write it as ±HH:MM, such as -05:00, or Z for UTC")
    }

    // MARK: - Local times

    @Test(arguments: [
        ("2026-03-08T01:59:59", "2026-03-08T06:59:59Z"),
        ("2026-03-08T03:00:00", "2026-03-08T07:00:00Z"),
        ("2026-11-01T00:59:59", "2026-11-01T04:59:59Z"),
        ("2026-11-01T02:00:00", "2026-11-01T07:00:00Z"),
        ("2026-11-01T01:30:00-04:00", "2026-11-01T05:30:00Z"),
        ("2026-11-01T01:30:00-05:00", "2026-11-01T06:30:00Z"),
        ("2026-03-08T02:30:00-05:00", "2026-03-08T07:30:00Z"),
        // A date without a time is the start of that day, never a gap or a repeat.
        ("2026-03-08", "2026-03-08T05:00:00Z"),
        ("2026-11-01", "2026-11-01T04:00:00Z"),
    ])
    func localTimesAroundTheChangesOfNewYork(text: String, utc: String) throws {
        #expect(try ContentDate.parse(text, timeZone: Self.newYork) == Fixtures.date(utc))
    }

    @Test func aSkippedLocalTimeIsAnError() {
        #expect(throws: ContentDate.Problem.skippedTime(zone: "America/New_York", from: "02:00", to: "03:00")) {
            try ContentDate.parse("2026-03-08T02:30:00", timeZone: Self.newYork)
        }
        #expect(throws: ContentDate.Problem.skippedTime(zone: "America/New_York", from: "02:00", to: "03:00")) {
            try ContentDate.parse("2026-03-08T02:00", timeZone: Self.newYork)
        }
    }

    @Test func aRepeatedLocalTimeAsksForAnOffset() {
        let problem = ContentDate.Problem.repeatedTime(
            zone: "America/New_York", from: "02:00", to: "01:00", first: "-04:00", second: "-05:00")
        #expect(throws: problem) { try ContentDate.parse("2026-11-01T01:30:00", timeZone: Self.newYork) }
        #expect(throws: problem) { try ContentDate.parse("2026-11-01T01:00:00", timeZone: Self.newYork) }
        #expect(problem.message(subject: "'embargo'", text: "2026-11-01T01:30:00")
            == "'embargo' is a time that happens twice in America/New_York: '2026-11-01T01:30:00' (clocks go back from 02:00 to 01:00); add an offset to say which: -04:00 for the first ('2026-11-01T01:30:00-04:00') or -05:00 for the second")
    }

    @Test func aSkippedMidnightStartsTheDayWhenClocksJump() throws {
        // São Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04.
        let saoPaulo = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        #expect(try ContentDate.parse("2018-11-04", timeZone: saoPaulo) == Fixtures.date("2018-11-04T03:00:00Z"))
        #expect(throws: ContentDate.Problem.skippedTime(zone: "America/Sao_Paulo", from: "00:00", to: "01:00")) {
            try ContentDate.parse("2018-11-04T00:30", timeZone: saoPaulo)
        }
    }

    @Test func aSkippedDayIsNamedWithItsDates() throws {
        // Samoa skipped 2011-12-30 altogether.
        let apia = try #require(TimeZone(identifier: "Pacific/Apia"))
        #expect(throws: ContentDate.Problem.skippedTime(zone: "Pacific/Apia", from: "2011-12-30 00:00", to: "2011-12-31 00:00")) {
            try ContentDate.parse("2011-12-30T12:00:00", timeZone: apia)
        }
        #expect(try ContentDate.parse("2011-12-30", timeZone: apia) == Fixtures.date("2011-12-30T10:00:00Z"))
    }

    @Test func civilDaysRoundTrip() {
        for days in [-719_162, -1, 0, 1, 10_956, 20_513, 2_932_896] {
            let (year, month, day) = ContentDate.civil(days: days)
            #expect(ContentDate.days(year: year, month: month, day: day) == days)
        }
        #expect(ContentDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(ContentDate.days(year: 2000, month: 3, day: 1) == 11_017)
    }

    // MARK: - Instants with their own offset (`--now`)

    @Test func anInstantCarriesItsOwnOffset() throws {
        #expect(try ContentDate.instant("2026-12-01T09:00:00-05:00", subject: "--now") == Fixtures.date("2026-12-01T14:00:00Z"))
        #expect(try ContentDate.instant("2026-12-01T14:00:00Z", subject: "--now") == Fixtures.date("2026-12-01T14:00:00Z"))
        #expect(try ContentDate.instant("2026-12-01T09:00:00+18:00", subject: "--now") == Fixtures.date("2026-11-30T15:00:00Z"))
    }

    @Test(arguments: ["2026-12-01T09:00:00", "2026-12-01", "2026-12-01 09:00"])
    func anInstantWithoutOffsetIsRefused(text: String) {
        #expect(throws: ContentDate.InstantError(description: "--now needs a time with an offset or Z, such as 2026-12-01T09:00:00-05:00 or 2026-12-01T14:00:00Z")) {
            try ContentDate.instant(text, subject: "--now")
        }
    }

    @Test func anUnreadableInstantSaysWhatToWrite() {
        #expect(throws: ContentDate.InstantError(description: "--now is not an instant: 'yesterday'; write a date, a time and an offset or Z, such as 2026-12-01T09:00:00-05:00 or 2026-12-01T14:00:00Z")) {
            try ContentDate.instant("yesterday", subject: "--now")
        }
        #expect(throws: ContentDate.InstantError(description: "--now has an offset out of range: '-18:30' in '2026-12-01T09:00:00-18:30' (offsets run from -18:00 to +18:00)")) {
            try ContentDate.instant("2026-12-01T09:00:00-18:30", subject: "--now")
        }
    }
}
