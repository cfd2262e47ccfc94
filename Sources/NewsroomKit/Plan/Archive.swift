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
        for (index, release) in releases.enumerated() {
            years[calendar.component(.year, from: release.date), default: []].append(index)
        }
        return years.keys.sorted(by: >).map { year in
            let indices = years[year] ?? []
            var months: [Int: [Int]] = [:]
            for index in indices {
                months[calendar.component(.month, from: releases[index].date), default: []].append(index)
            }
            return YearGroup(year: year, releases: indices,
                             months: months.keys.sorted(by: >).map { ($0, months[$0] ?? []) })
        }
    }
}
