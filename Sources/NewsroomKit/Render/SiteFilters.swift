import Foundation
import Templating

/// The filters a site's templates have besides the engine's own: `date` (in the site's time
/// zone), `slugify` (the rule that makes tag and release slugs), `absolute_url` (a link made
/// absolute against `base_url`, as feeds and the sitemap need), `group_by_year` and
/// `group_by_month` (releases grouped by their date in the site's time zone) and `xml_escape`
/// (text escaped for XML, safe HTML too, as feeds need).
enum SiteFilters {
    /// What the filters depend on, so that kept templates are reused only with the same.
    struct Key: Sendable, Equatable {
        var timeZone: TimeZone
        var baseURL: String

        init(_ config: NewsroomConfig) {
            timeZone = config.timeZone
            baseURL = config.baseURL
        }
    }

    static func filters(config: NewsroomConfig) -> [String: TemplateFilter] {
        let baseURL = config.baseURL, basePath = config.basePath
        return [
            "date": DateFilter(timeZone: config.timeZone).filter,
            "slugify": { input, arguments throws(FilterError) in
                guard arguments.isEmpty else { throw FilterError("takes no arguments") }
                guard case .string(let text) = input.unwrappedText else { throw FilterError("expected text") }
                return .string(Slug.make(text))
            },
            "absolute_url": { input, arguments throws(FilterError) in
                guard arguments.isEmpty else { throw FilterError("takes no arguments") }
                guard case .string(let text) = input.unwrappedText else { throw FilterError("expected a URL as text") }
                return .string(absolute(text, baseURL: baseURL, basePath: basePath))
            },
            "group_by_year": grouping(by: .year, timeZone: config.timeZone),
            "group_by_month": grouping(by: .month, timeZone: config.timeZone),
            // Escapes safe text too: HTML (a release's body) becomes text inside XML.
            "xml_escape": { input, arguments throws(FilterError) in
                guard arguments.isEmpty else { throw FilterError("takes no arguments") }
                switch input {
                case .string(let text), .safe(let text): return .safe(TemplateEscaping.xml(text))
                case .int(let number): return .safe(String(number))
                case .double(let number): return .safe(number.description)
                default: throw FilterError("expected text, not \(input.kindDescription)")
                }
            },
        ]
    }

    /// `url` made absolute: an `http(s)` URL as it is; a root-relative one (`/news/media/kit.pdf`,
    /// as pages print links) on the site's origin; any other against `base_url`.
    static func absolute(_ url: String, baseURL: String, basePath: String) -> String {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return url }
        if url.hasPrefix("//") { return String(baseURL.prefix { $0 != ":" }) + ":" + url }
        if url.hasPrefix("/") { return String(baseURL.dropLast(basePath.count)) + url }
        return baseURL + url
    }
}
