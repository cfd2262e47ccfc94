import Foundation

/// A new release file, as `newsroom new` writes it: front matter from the request and the
/// site's settings, and a short body saying what goes where. Pure: values in, text out; the
/// writing is `Scaffold.newRelease`.
public enum ReleaseScaffold {
    /// What the command line asks for. Text is taken as given and checked by `make`.
    public struct Request: Sendable, Equatable {
        public var title: String
        /// `YYYY-MM-DD` or ISO 8601, read like a `date:` key; nil for today in the site's time
        /// zone, or for the embargo's instant when there is one.
        public var date: String?
        /// Tags; each may hold several, separated by commas ("Research, Grants").
        public var tags: [String]
        public var category: String?
        public var dateline: String?
        /// ISO 8601, read like an `embargo:` key.
        public var embargo: String?
        /// The file name's slug; nil to make it from the title.
        public var slug: String?
        /// A bundle, `<slug>/index.md`, instead of `<date>-<slug>.md`.
        public var bundle: Bool
        public var draft: Bool

        public init(title: String, date: String? = nil, tags: [String] = [], category: String? = nil,
                    dateline: String? = nil, embargo: String? = nil, slug: String? = nil,
                    bundle: Bool = false, draft: Bool = false) {
            self.title = title
            self.date = date
            self.tags = tags
            self.category = category
            self.dateline = dateline
            self.embargo = embargo
            self.slug = slug
            self.bundle = bundle
            self.draft = draft
        }
    }

    /// A slug made from a title is cut at a word boundary to this many bytes, so that a long
    /// headline still makes a short URL and a file name any file system takes.
    static let maximumSlugLength = 80

    /// The release file for `request`: `Content/releases/<year>/<date>-<slug>.md`, or
    /// `Content/releases/<year>/<slug>/index.md` for a bundle, the year and the date in the
    /// site's time zone; its front matter holds the title, the date, the dateline, category, tags,
    /// embargo and draft flag asked for, and the site's default contacts.
    /// - Parameters:
    ///   - now: the clock, for today's date.
    ///   - body: the Markdown after the front matter.
    /// - Returns: the file, and the slug the build will give the release.
    /// - Throws: `.request` naming what cannot be used.
    static func make(
        _ request: Request, config: NewsroomConfig, now: Date, body: String = ScaffoldText.releaseBody
    ) throws(ScaffoldError) -> (file: ScaffoldFile, slug: String) {
        let zone = config.timeZone
        let title = try checked(request.title, subject: "the title")
        guard let title else {
            throw .request("the title is empty; write one, such as newsroom new \"Example opens a plant in Ohio\"")
        }
        let embargo = try request.embargo.map { text throws(ScaffoldError) in try instant(text, subject: "--embargo", zone: zone) }
        let date: (written: String, instant: Date)
        if let text = request.date {
            date = try dateValue(text, zone: zone)
        } else if let embargo {
            date = (ContentDate.iso8601(embargo, timeZone: zone), embargo)
        } else {
            let today = ContentDate.WallClock(now, timeZone: zone)
            let written = String(format: "%04d-%02d-%02d", today.year, today.month, today.day)
            date = (written, try instant(written, subject: "today's date", zone: zone))
        }
        let tags = try tagList(request.tags)
        let category = try checked(request.category, subject: "--category")
        if let category, Slug.make(category).isEmpty {
            throw .request("--category '\(category)' has no letters or digits to make a URL from")
        }
        let dateline = try checked(request.dateline, subject: "--dateline")
        let slug = try slug(request.slug, title: title)

        let day = ContentDate.WallClock(date.instant, timeZone: zone)
        let dayText = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
        let name = request.bundle ? slug : "\(dayText)-\(slug).md"
        let path = "Content/releases/\(day.year)/" + (request.bundle ? "\(slug)/index.md" : name)

        var lines = ["---", "title: " + YAMLScalar.scalar(title), "date: " + date.written]
        if let dateline {
            lines.append("dateline: " + YAMLScalar.scalar(dateline))
        } else {
            let shown = (try? DateFilter(timeZone: zone).format(date.instant, with: "%B %-d, %Y")) ?? dayText
            lines.append(ScaffoldText.datelineHint(date: shown))
        }
        if let category { lines.append("category: " + YAMLScalar.scalar(category)) }
        func list(_ items: [String]) -> String { "[" + items.map { YAMLScalar.scalar($0, inFlow: true) }.joined(separator: ", ") + "]" }
        if !tags.isEmpty { lines.append("tags: " + list(tags)) }
        if !config.defaultContacts.isEmpty {
            lines.append("contacts: " + list(config.defaultContacts))
        } else if !config.contacts.isEmpty {
            lines.append(ScaffoldText.contactsHint(ids: list(config.contacts.map(\.id))))
        }
        if let embargo { lines.append("embargo: " + ContentDate.iso8601(embargo, timeZone: zone)) }
        if request.draft { lines.append("draft: true") }
        // The build takes the slug from the name; say it outright where the name would give another.
        if Slug.ofFileName(name) != slug { lines.append("slug: " + slug) }
        lines.append("---")
        return (ScaffoldFile(path: path, text: lines.joined(separator: "\n") + "\n" + body), slug)
    }

    /// `text` trimmed, nil when nothing is left; an error when it holds a line break or a control
    /// character, which no one-line front-matter value may.
    static func checked(_ text: String?, subject: String) throws(ScaffoldError) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let lineBreak = trimmed.unicodeScalars.first(where: { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }) {
            throw .request("\(subject) must be one line; it holds a line break (\(ControlCharacters.name(lineBreak)))")
        }
        if let control = ControlCharacters.first(in: trimmed) {
            throw .request("\(subject) holds the control character \(ControlCharacters.name(control)); remove it")
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Tags split at commas, trimmed, each once (by slug, as the build groups them).
    static func tagList(_ given: [String]) throws(ScaffoldError) -> [String] {
        var tags: [String] = []
        var slugs: Set<String> = []
        for part in given.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let tag = try checked(String(part), subject: "--tags") else { continue }
            let slug = Slug.make(tag)
            guard !slug.isEmpty else { throw .request("--tags: tag '\(tag)' has no letters or digits to make a URL from") }
            if slugs.insert(slug).inserted { tags.append(tag) }
        }
        return tags
    }

    /// `--slug` as given, or one made from the title and cut to `maximumSlugLength`.
    static func slug(_ given: String?, title: String) throws(ScaffoldError) -> String {
        if let given {
            guard Slug.isValid(given) else {
                let made = Slug.make(given)
                throw .request("--slug may hold only lower-case letters, digits and single hyphens"
                    + (made.isEmpty ? ", such as new-plant" : " (such as '\(made)')"))
            }
            return given
        }
        let made = Slug.make(title)
        guard !made.isEmpty else {
            throw .request("the title has no letters or digits to make a file name and URL from; add --slug, such as --slug launch")
        }
        guard made.utf8.count > maximumSlugLength else { return made }
        var short = ""
        for word in made.split(separator: "-") {
            let next = short.isEmpty ? String(word) : short + "-" + word
            if next.utf8.count > maximumSlugLength { break }
            short = next
        }
        if short.isEmpty {
            for character in made where short.utf8.count + character.utf8.count <= maximumSlugLength { short.append(character) }
        }
        return short
    }

    /// `--date`: a day stays a day (`2026-05-01`); a time is written with the site's offset.
    private static func dateValue(_ text: String, zone: TimeZone) throws(ScaffoldError) -> (String, Date) {
        let instant = try instant(text, subject: "--date", zone: zone)
        let hasTime = (try? ContentDate.read(text))?.hasTime ?? true
        if hasTime { return (ContentDate.iso8601(instant, timeZone: zone), instant) }
        let day = ContentDate.WallClock(instant, timeZone: zone)
        return (String(format: "%04d-%02d-%02d", day.year, day.month, day.day), instant)
    }

    /// A date read as content dates are, in the site's zone unless it carries an offset.
    private static func instant(_ text: String, subject: String, zone: TimeZone) throws(ScaffoldError) -> Date {
        do throws(ContentDate.Problem) {
            return try ContentDate.parse(text, timeZone: zone)
        } catch {
            throw .request(error.message(subject: subject, text: text))
        }
    }
}
