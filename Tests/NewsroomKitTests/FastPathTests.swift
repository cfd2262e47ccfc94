import Foundation
import TestFolders
@testable import NewsroomKit
import Testing

/// The byte-level fast paths give exactly what the general code gives: random inputs, each
/// compared with the general path or with the algorithm as first written.
@Suite struct FastPathTests {
    /// The property test's seeded generator, so a failure names a seed that reproduces it.
    struct Random {
        var generator: SeededRandom
        init(state: UInt64) { generator = SeededRandom(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func text(from pieces: [String], count: Int) -> String {
            (0..<Int(next() % UInt64(count))).map { _ in pick(pieces) }.joined()
        }
    }

    @Test(arguments: 0..<200)
    func asciiSlugsMatchTheFoldingPath(seed: UInt64) {
        var random = Random(state: seed)
        let text = random.text(from: ["a", "Z", "9", " ", "-", "_", "!", "\t", "Launch", "Q3", "--", ".", "/"], count: 12)
        #expect(Slug.makeASCII(text) == Slug.makeFolding(text), "seed \(seed): '\(text)'")
        #expect(Slug.make(text) == Slug.makeFolding(text))
    }

    /// The split as first written: every line of the file, then joined again.
    static func referenceSplit(_ text: String) -> FrontMatterParser.Split? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        func marker(_ line: Substring, _ mark: Character) -> Bool {
            line.count >= 3 && line.prefix(3).allSatisfy { $0 == mark } && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
        }
        guard let first = lines.first, marker(first, "-"),
              let close = lines.indices.dropFirst().first(where: { marker(lines[$0], "-") || marker(lines[$0], ".") })
        else { return nil }
        var body = lines[(close + 1)...].joined(separator: "\n")
        if !body.isEmpty { body += "\n" }
        return FrontMatterParser.Split(yaml: lines[1..<close].joined(separator: "\n"), yamlLineOffset: 1,
                                       body: body, bodyFirstLine: close + 2)
    }

    @Test(arguments: 0..<300)
    func frontMatterSplitMatchesTheLineByLineSplit(seed: UInt64) {
        var random = Random(state: seed)
        let text = random.text(from: ["---", "--- ", "...", "\n", "\n", "title: x", "é", " ", "\t", "Body", "----"], count: 14)
        let split = try? FrontMatterParser.split(text, path: "x.md")
        #expect(split == Self.referenceSplit(text), "seed \(seed): \(text.debugDescription)")
    }
}

/// The wall clock by arithmetic agrees with Foundation's calendar, across zones, centuries,
/// leap days and daylight-saving changes.
@Suite struct WallClockTests {
    static let zones = ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe",
                        "Pacific/Chatham", "America/Sao_Paulo", "Pacific/Kiritimati"]

    @Test(arguments: zones)
    func matchesTheCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var random = FastPathTests.Random(state: UInt64(zone.utf8.count))
        for _ in 0..<2_000 {
            // From 1900 to 2100, whole and fractional seconds.
            let seconds = Double(Int64(random.next() % 6_311_433_600) - 2_208_988_800) + Double(random.next() % 1000) / 1000
            let date = Date(timeIntervalSince1970: seconds)
            let clock = ContentDate.WallClock(date, timeZone: timeZone)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let expected = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.weekday.map { $0 - 1 },
                            calendar.ordinality(of: .day, in: .year, for: date)]
            let actual = [clock.year, clock.month, clock.day, clock.hour, clock.minute, clock.second, clock.weekday, clock.dayOfYear]
            #expect(actual == expected.map { $0 ?? -1 }, "\(date) in \(zone)")
            if actual != expected.map({ $0 ?? -1 }) { return }
        }
    }
}
