import Foundation
import Templating

/// How the theme sets a release (`release:` in `newsroom.yml`): the line above its title, the
/// date in its dateline, its time and the mark after its body. For templates as `site.release`.
public struct ReleaseSettings: Sendable, Equatable {
    /// The line above the title; nil when not set (the theme prints its own words, "FOR
    /// IMMEDIATE RELEASE"), empty for no line.
    public var line: String?
    /// After the body; empty for none.
    public var endMark = "###"
    /// The dateline's date, in the `date` filter's directives; `%Ob` is the month in AP style.
    public var datelineFormat = "%Ob %-d, %Y"
    /// A time of day, shown when a date was written with one; `%Op` is a.m. or p.m. in AP style.
    public var timeFormat = "%-I:%M %Op %Z"

    public init(line: String? = nil, endMark: String = "###", datelineFormat: String = "%Ob %-d, %Y",
                timeFormat: String = "%-I:%M %Op %Z") {
        self.line = line
        self.endMark = endMark
        self.datelineFormat = datelineFormat
        self.timeFormat = timeFormat
    }

    static let keys = ["line", "end_mark", "dateline_format", "time_format"]

    /// Reads the `release` mapping; every problem is reported at its value.
    static func parse(
        _ node: YAMLNode?, into diagnostics: inout Diagnostics, unknownKeys: inout Diagnostics
    ) -> ReleaseSettings {
        var settings = ReleaseSettings()
        guard let node else { return settings }
        guard node.entries != nil else {
            diagnostics.error("'release' must be a mapping such as {line: FOR IMMEDIATE RELEASE, end_mark: \"###\"}",
                              at: node.location)
            return settings
        }
        var fields = YAMLFields(node)
        // Given but empty means none, unlike a key left out.
        if fields.node("line") != nil { settings.line = fields.string("line") ?? "" }
        if fields.node("end_mark") != nil { settings.endMark = fields.string("end_mark") ?? "" }
        for (key, example, keyPath) in [("dateline_format", "\"%B %-d, %Y\"", \ReleaseSettings.datelineFormat),
                                        ("time_format", "\"%H:%M %Z\"", \ReleaseSettings.timeFormat)] {
            guard let format = fields.string(key, ifEmpty: "write a format such as \(example), or leave the key out for AP style") else { continue }
            do throws(FilterError) {
                _ = try DateFilter(timeZone: .gmt).format(Date(timeIntervalSince1970: 0), with: format)
                settings[keyPath: keyPath] = format
            } catch {
                fields.report(.error("'release.\(key)': \(error.message)", at: fields.valueLocation(key)))
            }
        }
        unknownKeys.append(contentsOf: fields.unknownSettings(known: keys, context: "release settings"))
        diagnostics.append(contentsOf: fields.diagnostics)
        return settings
    }
}
