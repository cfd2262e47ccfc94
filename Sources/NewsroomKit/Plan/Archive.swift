import Foundation

/// Published releases of one year (in the site's time zone), grouped by month.
struct YearGroup: Sendable {
    var year: Int
    /// Indices into the plan's sorted releases, newest first.
    var releases: [Int]
    var months: [(month: Int, releases: [Int])]
    var url: String { Route.year(year) }

    /// Newest year first; within a year, newest month first.
    static func group(_ releases: [Release], calendar: Calendar) -> [YearGroup] {
        var years: [Int: [Int]] = [:]
        let clocks = releases.map { ContentDate.WallClock($0.date, timeZone: calendar.timeZone) }
        for (index, clock) in clocks.enumerated() {
            years[clock.year, default: []].append(index)
        }
        return years.keys.sorted(by: >).map { year in
            let indices = years[year] ?? []
            var months: [Int: [Int]] = [:]
            for index in indices {
                months[clocks[index].month, default: []].append(index)
            }
            return YearGroup(year: year, releases: indices,
                             months: months.keys.sorted(by: >).map { ($0, months[$0] ?? []) })
        }
    }
}
