import Foundation

/// Dates as users write them: `YYYY-MM-DD`, or ISO 8601 with a time and an optional
/// offset (`2026-12-01T09:00:00-05:00`, `2026-12-01 09:00`, `…Z`). An offset is applied as
/// exact arithmetic; without one the time is in the site's time zone (and must exist there
/// exactly once); without a time it is the start of that day there.
///
/// The one reader of dates: content files, the `date` filter and `--now` all come here.
public enum ContentDate {
    enum Problem: Error, Equatable {
        /// Not in any form this reader takes.
        case format
        /// In the right form, but no such day or time: why.
        case impossible(String)
        /// The offset after the time, as written, cannot be read: why not.
        case malformedOffset(String, reason: String)
        /// The offset, as written, is beyond ±18:00.
        case offsetOutOfRange(String)
        /// A local time the zone skips: its clocks jump from `from` to `to`.
        case skippedTime(zone: String, from: String, to: String)
        /// A local time the zone passes twice: clocks go back from `from` to `to`; the offsets of
        /// the first and of the second pass, such as `-04:00` and `-05:00`.
        case repeatedTime(zone: String, from: String, to: String, first: String, second: String)
        /// An instant that must carry its own offset (`--now`) has none.
        case missingOffset
    }

    /// A date as written, before any time zone applies: the wall time, and the offset when one is given.
    struct Written: Equatable {
        var year: Int, month: Int, day: Int
        var hour = 0, minute = 0, second = 0, nanosecond = 0
        var hasTime = false
        /// Seconds east of UTC, when written.
        var offset: Int?

        /// Seconds since 1970 as if the wall time were UTC.
        var wallSeconds: Int {
            ContentDate.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        }
    }

    /// The instant a date stands for.
    /// - Parameter timeZone: the zone of a date written without an offset; nil when an offset is required.
    static func parse(_ text: String, timeZone: TimeZone?) throws(Problem) -> Date {
        let written = try read(text)
        let seconds: Int
        if let offset = written.offset {
            seconds = written.wallSeconds - offset
        } else if let timeZone {
            seconds = try instant(atWallTime: written.wallSeconds, in: timeZone, startOfDay: !written.hasTime)
        } else {
            throw .missingOffset
        }
        return Date(timeIntervalSince1970: Double(seconds) + Double(written.nanosecond) / 1e9)
    }

    /// Reads the form and checks the calendar; no time zone is involved yet.
    static func read(_ text: String) throws(Problem) -> Written {
        // Dates the build writes itself start and end with a digit or a letter: nothing to trim.
        let plain = text.utf8.first.map(isDigit) == true && text.utf8.last.map { $0 < 0x80 && $0 > 0x20 } == true
        var form = plain ? text : text.trimmingCharacters(in: .whitespaces)
        // Read in place: the `date` filter reads a date for every date a page prints.
        return try form.withUTF8 { bytes in Result { () throws(Problem) in try read(bytes: bytes) } }.get()
    }

    private static func read(bytes scalars: UnsafeBufferPointer<UInt8>) throws(Problem) -> Written {
        var index = 0

        func number(_ digits: Int) throws(Problem) -> Int {
            guard index + digits <= scalars.count else { throw .format }
            var value = 0
            for byte in scalars[index..<(index + digits)] {
                guard isDigit(byte) else { throw .format }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ character: UInt8) throws(Problem) {
            guard index < scalars.count, scalars[index] == character else { throw .format }
            index += 1
        }
        func atEnd() -> Bool { index == scalars.count }

        let year = try number(4)
        try expect(UInt8(ascii: "-"))
        let month = try number(2)
        try expect(UInt8(ascii: "-"))
        let day = try number(2)
        var written = Written(year: year, month: month, day: day)
        if !atEnd() {
            guard scalars[index] == UInt8(ascii: "T") || scalars[index] == UInt8(ascii: " ") else { throw .format }
            index += 1
            written.hasTime = true
            written.hour = try number(2)
            try expect(UInt8(ascii: ":"))
            written.minute = try number(2)
            if !atEnd(), scalars[index] == UInt8(ascii: ":") {
                index += 1
                written.second = try number(2)
                if !atEnd(), scalars[index] == UInt8(ascii: ".") {
                    index += 1
                    var digits = 0
                    var fraction = 0
                    while !atEnd(), isDigit(scalars[index]) {
                        if digits < 9 { fraction = fraction * 10 + Int(scalars[index] - 0x30); digits += 1 }
                        index += 1
                    }
                    guard digits > 0 else { throw .format }
                    for _ in digits..<9 { fraction *= 10 }
                    written.nanosecond = fraction
                }
            }
            if !atEnd(), scalars[index] == UInt8(ascii: " ") { index += 1 }
            if !atEnd() {
                let sign = scalars[index]
                guard sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") || sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
                    throw .format
                }
                written.offset = try offset(scalars[index...])
                index = scalars.count
            }
        }
        guard atEnd() else { throw .format }
        guard year > 0 else { throw .impossible("there is no year 0") }
        guard (1...12).contains(month) else { throw .impossible("there is no month \(month)") }
        let days = daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw .impossible("\(monthNames[month - 1]) \(year) has \(days) days")
        }
        guard written.hour < 24, written.minute < 60, written.second < 60 else {
            throw .impossible("the time is out of range")
        }
        return written
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH`, and nothing after it: seconds east of UTC, at most 18 hours.
    private static func offset(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(Problem) -> Int {
        // The messages are made only when an offset is wrong: every date a page prints is read here.
        var written: String { String(decoding: bytes, as: UTF8.self) }
        var twoDigits: Problem { .malformedOffset(written, reason: "hours and minutes take two digits each") }
        var nothingAfter: Problem { .malformedOffset(written, reason: "nothing may follow it") }
        let sign = bytes[bytes.startIndex]
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            guard bytes.count == 1 else { throw nothingAfter }
            return 0
        }
        let body = bytes.dropFirst()
        let base = body.startIndex
        func twoDigitNumber(at start: Int) -> Int? {
            guard start + 2 <= body.count, isDigit(body[base + start]), isDigit(body[base + start + 1]) else { return nil }
            return Int(body[base + start] - 0x30) * 10 + Int(body[base + start + 1] - 0x30)
        }
        guard let hours = twoDigitNumber(at: 0) else { throw twoDigits }
        let minutes: Int
        let length: Int
        if body.count > 2, body[base + 2] == UInt8(ascii: ":") {
            guard let value = twoDigitNumber(at: 3) else { throw twoDigits }
            (minutes, length) = (value, 5)
        } else if let value = twoDigitNumber(at: 2) {
            (minutes, length) = (value, 4)
        } else {
            (minutes, length) = (0, 2)
        }
        if body.count > length { throw isDigit(body[base + length]) ? twoDigits : nothingAfter }
        guard minutes < 60 else { throw .malformedOffset(written, reason: "minutes run from 00 to 59") }
        let seconds = hours * 3_600 + minutes * 60
        guard seconds <= maximumOffset else { throw .offsetOutOfRange(written) }
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// ±18:00, the widest offset ISO 8601 readers (and Foundation) accept.
    static let maximumOffset = 18 * 3_600

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let formatDescription = "YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional offset such as -05:00"
}
