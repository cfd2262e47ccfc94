import Foundation

extension ContentDate {
    /// What a clock and a calendar on the wall show at an instant in a time zone, by exact
    /// arithmetic: the zone gives the offset, the rest is counting days (no `Calendar`, which
    /// is slow to make and to ask, and every page asks).
    struct WallClock: Equatable {
        var year: Int, month: Int, day: Int
        var hour: Int, minute: Int, second: Int
        /// 0 for Sunday … 6 for Saturday.
        var weekday: Int
        /// 1 for January 1st.
        var dayOfYear: Int
        /// Seconds east of UTC.
        var offset: Int

        init(_ date: Date, timeZone: TimeZone) {
            offset = timeZone.secondsFromGMT(for: date)
            let wall = Int(date.timeIntervalSince1970.rounded(.down)) + offset
            var days = wall / 86_400
            var seconds = wall % 86_400
            if seconds < 0 { seconds += 86_400; days -= 1 }
            (year, month, day) = ContentDate.civil(days: days)
            hour = seconds / 3_600
            minute = seconds % 3_600 / 60
            second = seconds % 60
            weekday = ((days + 4) % 7 + 7) % 7
            dayOfYear = days - ContentDate.days(year: year, month: 1, day: 1) + 1
        }
    }

    /// `2015-10-02T00:00:00-04:00`: the instant in the site's time zone, with its offset.
    static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        let clock = WallClock(date, timeZone: timeZone)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let rawYear = String(clock.year)
        let year = String(repeating: "0", count: max(0, 4 - rawYear.count)) + rawYear
        let offset = clock.offset
        let zone = offset == 0
            ? "Z"
            : (offset < 0 ? "-" : "+") + two(abs(offset) / 3600) + ":" + two(abs(offset) % 3600 / 60)
        return "\(year)-\(two(clock.month))-\(two(clock.day))T\(two(clock.hour)):\(two(clock.minute)):\(two(clock.second))\(zone)"
    }
}
