import Foundation

/// Local wall times in a time zone, as exact arithmetic: a wall time is seconds since 1970
/// as if it were UTC, and the instant is that minus the zone's offset at the instant.
extension ContentDate {
    /// A change of the zone's offset: at `instant`, clocks go from `before` to `after` seconds east of UTC.
    struct Transition: Equatable {
        var instant: Int
        var before: Int
        var after: Int
    }

    /// The one instant at which the zone's clocks show `wall`.
    ///
    /// A wall time the zone skips (clocks jump forward over it) or passes twice (clocks go back)
    /// is an error that says so, unless `startOfDay` (a date without a time): then it is the
    /// first instant of that day.
    static func instant(atWallTime wall: Int, in zone: TimeZone, startOfDay: Bool) throws(Problem) -> Int {
        let transitions = transitions(around: wall, in: zone)
        let offsets = Set([offset(of: zone, at: wall - 2 * 86_400)] + transitions.map(\.after))
        let instants = offsets.map { wall - $0 }.filter { offset(of: zone, at: $0) == wall - $0 }.sorted()
        if instants.count == 1 { return instants[0] }
        if instants.count > 1 {
            if startOfDay { return instants[0] }
            let back = transitions.first { $0.after < $0.before && $0.instant + $0.after <= wall && wall < $0.instant + $0.before }
            let (from, to) = back.map { clockTimes($0) } ?? ("?", "?")
            throw .repeatedTime(zone: zone.identifier, from: from, to: to,
                                first: offsetText(wall - instants[0]), second: offsetText(wall - instants[instants.count - 1]))
        }
        guard let jump = transitions.first(where: {
            $0.after > $0.before && $0.instant + $0.before <= wall && wall < $0.instant + $0.after
        }) else {
            throw .impossible("the time does not exist in \(zone.identifier)")
        }
        if startOfDay { return jump.instant }
        let (from, to) = clockTimes(jump)
        throw .skippedTime(zone: zone.identifier, from: from, to: to)
    }

    /// Every change of offset within two days of the wall time (no zone changes twice in four days
    /// by more than that, and an offset is at most a day).
    static func transitions(around wall: Int, in zone: TimeZone) -> [Transition] {
        var transitions: [Transition] = []
        var moment = Date(timeIntervalSince1970: Double(wall - 2 * 86_400))
        let end = Date(timeIntervalSince1970: Double(wall + 2 * 86_400))
        while let next = zone.nextDaylightSavingTimeTransition(after: moment), next > moment, next < end,
              transitions.count < 16 {
            let instant = Int(next.timeIntervalSince1970.rounded(.down))
            transitions.append(Transition(
                instant: instant, before: offset(of: zone, at: instant - 1), after: offset(of: zone, at: instant)))
            moment = next
        }
        return transitions
    }

    private static func offset(of zone: TimeZone, at instant: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
    }

    /// The wall clock just before and at a transition: `02:00` and `03:00`, with dates when they differ.
    private static func clockTimes(_ transition: Transition) -> (from: String, to: String) {
        let from = transition.instant + transition.before
        let to = transition.instant + transition.after
        let sameDay = from.floorDivided(by: 86_400) == to.floorDivided(by: 86_400)
        return (clockText(from, withDate: !sameDay), clockText(to, withDate: !sameDay))
    }

    /// `02:00`, or `2011-12-30 00:00` with the date.
    private static func clockText(_ wall: Int, withDate: Bool) -> String {
        let days = wall.floorDivided(by: 86_400)
        let seconds = wall - days * 86_400
        let time = twoDigits(seconds / 3_600) + ":" + twoDigits(seconds % 3_600 / 60)
        guard withDate else { return time }
        let (year, month, day) = civil(days: days)
        return "\(year)-\(twoDigits(month))-\(twoDigits(day)) \(time)"
    }

    /// `-04:00`, `+05:30`, `+00:00`.
    static func offsetText(_ seconds: Int) -> String {
        (seconds < 0 ? "-" : "+") + twoDigits(abs(seconds) / 3_600) + ":" + twoDigits(abs(seconds) % 3_600 / 60)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day counted from 1970-01-01.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private extension Int {
    /// Division rounding towards minus infinity, for instants before 1970.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
