import Foundation
import Templating

extension SiteFilters {
    /// What a release list is grouped by.
    enum Period {
        case year, month
    }

    /// `group_by_year` and `group_by_month` (no arguments): objects with a `date` (releases,
    /// as the build puts them in the context, or their updates) grouped by the year or the
    /// month of that date in the site's time zone, newest first. Each group is the engine's
    /// (as `groupby` makes it): `g.grouper` and `g.list`, or `for year, releases in releases |
    /// group_by_year`. The grouper is the year as a number, or the month's first day as
    /// `YYYY-MM-01`, which the `date` filter formats (`month.grouper | date("%B %Y")`). Within a
    /// group, newest first; items of the same instant keep their order.
    static func grouping(by period: Period, timeZone: TimeZone) -> TemplateFilter {
        { input, arguments throws(FilterError) in
            guard arguments.isEmpty else { throw FilterError("takes no arguments") }
            guard case .array(let items) = input else { throw FilterError("expected a list of releases, not \(input.kindDescription)") }
            var dated: [(key: Int, instant: Date, clock: ContentDate.WallClock)] = []
            for (position, item) in items.enumerated() {
                guard case .object(let object) = item, let date = object["date"] else {
                    throw FilterError("item \(position + 1) has no attribute 'date'")
                }
                guard case .string(let text) = date.unwrappedText else {
                    throw FilterError("the date of item \(position + 1) is \(date.kindDescription), not text")
                }
                guard let instant = try? ContentDate.parse(text, timeZone: timeZone) else {
                    throw FilterError("cannot read the date of item \(position + 1), '\(text)', as a date")
                }
                let clock = ContentDate.WallClock(instant, timeZone: timeZone)
                dated.append((period == .year ? clock.year : clock.year * 12 + clock.month - 1, instant, clock))
            }
            // By period, then instant, newest first; then in the order given.
            let order = dated.indices.sorted { a, b in
                if dated[a].key != dated[b].key { return dated[a].key > dated[b].key }
                if dated[a].instant != dated[b].instant { return dated[a].instant > dated[b].instant }
                return a < b
            }
            var groups: [TemplateValue] = []
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count, dated[order[end]].key == dated[order[start]].key { end += 1 }
                groups.append(.group(grouper(dated[order[start]].clock, period), order[start..<end].map { items[$0] }))
                start = end
            }
            return .array(groups)
        }
    }

    private static func grouper(_ clock: ContentDate.WallClock, _ period: Period) -> TemplateValue {
        switch period {
        case .year: return .int(clock.year)
        case .month: return .string(String(format: "%04d-%02d-01", clock.year, clock.month))
        }
    }
}
