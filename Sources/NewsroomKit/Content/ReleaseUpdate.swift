public import Foundation
public import Markdown

extension Release {
    /// A correction or change noted on a release: `updates: [{date, note}]` in front matter.
    public struct Update: Sendable {
        public var date: Date
        /// Whether the date was written with a time of day.
        public var hasTime: Bool
        /// The note as written: Markdown, one paragraph.
        public var note: String
        /// The note rendered as a release body is (smart punctuation, raw HTML as the site says,
        /// laid out as text too).
        public var rendered: RenderedMarkdown
        /// Where its date is written, for the problems found once the build's clock is known.
        public var location: SourceLocation
    }

    static let updateKeys = ["date", "note"]

    /// Reads `updates`: a list of `{date, note}`, each dated at or after the release's `date`.
    static func parseUpdates(
        _ node: YAMLNode, releaseDate: Date?, context: ContentContext, diagnostics: inout Diagnostics
    ) -> [Update] {
        let example = "{date: 2026-03-02, note: Corrects the figure in the second paragraph.}"
        guard let items = node.items else {
            diagnostics.error("'updates' must be a list of {date, note}, such as [\(example)]", at: node.location)
            return []
        }
        var options = context.markdownOptions
        options.textLayout = true
        var updates: [Update] = []
        for item in items {
            guard item.entries != nil else {
                diagnostics.error("each update must be a mapping such as \(example)", at: item.location)
                continue
            }
            var fields = YAMLFields(item)
            let date = ReleaseParser.parseDate(&fields, key: "date", required: true, timeZone: context.config.timeZone)
            let hasTime = ReleaseParser.hasTime(fields, key: "date")
            let note = fields.string("note", required: true)
            _ = fields.unknownEntries(known: updateKeys, context: "update")
            if let date, let releaseDate, date < releaseDate {
                fields.report(.error("this update is dated before the release's 'date': a release cannot change before it is published; use the date of the change",
                                     at: fields.valueLocation("date")))
            }
            let failed = fields.diagnostics.hasErrors
            diagnostics.append(contentsOf: fields.diagnostics)
            guard let date, let note, !failed else { continue }
            updates.append(Update(date: date, hasTime: hasTime, note: note,
                                  rendered: Markdown.render(note, options: options),
                                  location: fields.valueLocation("date")))
        }
        return updates
    }

    /// The updates newest first; two of one date in the order written.
    public var updatesNewestFirst: [Update] {
        self.updates.enumerated().sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset < $1.offset }
            .map(\.element)
    }

    /// An update dated after the build's clock, of a release whose own date is not: an update
    /// records a change already made, so it is a mistake in its date (a scheduled release's
    /// updates wait with it).
    func futureUpdateProblems(now: Date, timeZone: TimeZone) -> [Diagnostic] {
        guard self.date <= now else { return [] }
        return self.updates.filter { $0.date > now }.map { update in
            .error("this update is dated \(ContentDate.iso8601(update.date, timeZone: timeZone)), after the build's clock (\(ContentDate.iso8601(now, timeZone: timeZone))): an update notes a change already made; date it when the change was made",
                   at: update.location)
        }
    }
}
