import Foundation

/// Dates as users write them: `YYYY-MM-DD`, or ISO 8601 with a time and an optional
/// offset (`2026-12-01T09:00:00-05:00`, `2026-12-01 09:00`, `…Z`). Without an offset the
/// time is in the site's time zone; without a time it is midnight there.
enum ContentDate {
    enum Problem: Error, Equatable {
        case format
        case impossible(String)
    }

    static func parse(_ text: String, timeZone: TimeZone) throws(Problem) -> Date {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0

        func number(_ digits: Int) throws(Problem) -> Int {
            guard index + digits <= scalars.count else { throw .format }
            var value = 0
            for byte in scalars[index..<(index + digits)] {
                guard (0x30...0x39).contains(byte) else { throw .format }
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
        var hour = 0, minute = 0, second = 0, nanosecond = 0
        var offset: Int?
        if !atEnd() {
            guard scalars[index] == UInt8(ascii: "T") || scalars[index] == UInt8(ascii: " ") else { throw .format }
            index += 1
            hour = try number(2)
            try expect(UInt8(ascii: ":"))
            minute = try number(2)
            if !atEnd(), scalars[index] == UInt8(ascii: ":") {
                index += 1
                second = try number(2)
                if !atEnd(), scalars[index] == UInt8(ascii: ".") {
                    index += 1
                    var digits = 0
                    var fraction = 0
                    while !atEnd(), (0x30...0x39).contains(scalars[index]) {
                        if digits < 9 { fraction = fraction * 10 + Int(scalars[index] - 0x30); digits += 1 }
                        index += 1
                    }
                    guard digits > 0 else { throw .format }
                    for _ in digits..<9 { fraction *= 10 }
                    nanosecond = fraction
                }
            }
            if !atEnd(), scalars[index] == UInt8(ascii: " ") { index += 1 }
            if !atEnd() {
                let sign = scalars[index]
                if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                    index += 1
                    offset = 0
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    index += 1
                    let hours = try number(2)
                    if !atEnd(), scalars[index] == UInt8(ascii: ":") { index += 1 }
                    let minutes = try number(2)
                    guard hours <= 18, minutes < 60 else { throw .impossible("the offset is out of range") }
                    offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    throw .format
                }
            }
        }
        guard atEnd() else { throw .format }
        guard year > 0 else { throw .impossible("there is no year 0") }
        guard (1...12).contains(month) else { throw .impossible("there is no month \(month)") }
        let days = daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw .impossible("\(monthNames[month - 1]) \(year) has \(days) days")
        }
        guard hour < 24, minute < 60, second < 60 else { throw .impossible("the time is out of range") }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = offset.flatMap { TimeZone(secondsFromGMT: $0) } ?? timeZone
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        guard let date = calendar.date(from: components) else { throw .format }
        return date
    }

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

extension ContentDate {
    /// `2015-10-02T00:00:00-04:00`: the instant in the site's time zone, with its offset.
    static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : String(v) }
        let rawYear = String(parts.year ?? 0)
        let year = String(repeating: "0", count: max(0, 4 - rawYear.count)) + rawYear
        let offset = timeZone.secondsFromGMT(for: date)
        let zone = offset == 0
            ? "Z"
            : (offset < 0 ? "-" : "+") + two(abs(offset) / 3600) + ":" + two(abs(offset) % 3600 / 60)
        return "\(year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))\(zone)"
    }
}
