/// Slugged, de-duplicated ids for the headings of one document, handed out in document order.
///
/// The slug of a heading's text is its lowercased letters and digits (Unicode letters
/// too, with their combining marks), every run of anything else turned into one `-`,
/// and `-` trimmed from both ends; an empty slug becomes `section`. A slug already
/// handed out gets the first free suffix `-1`, `-2` …, so every id is unique even when
/// a heading's own text looks like a suffixed one ("Intro", "Intro", "Intro 1" →
/// `intro`, `intro-1`, `intro-1-1`).
struct HeadingIDs {
    static let emptySlug = "section"

    private var used: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    init() {}

    /// The id for the next heading, whose plain text is `text`.
    mutating func makeID(for text: String) -> String {
        let base = Self.slug(text)
        guard used.contains(base) else {
            used.insert(base)
            return base
        }
        var suffix = nextSuffix[base] ?? 1
        var candidate = "\(base)-\(suffix)"
        while used.contains(candidate) {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        nextSuffix[base] = suffix + 1
        used.insert(candidate)
        return candidate
    }

    /// Ids for headings with these texts, in order.
    static func ids(for texts: [String]) -> [String] {
        var ids = HeadingIDs()
        return texts.map { ids.makeID(for: $0) }
    }

    /// The slug of one text, before de-duplication.
    static func slug(_ text: String) -> String {
        var slug = String.UnicodeScalarView()
        var pendingSeparator = false
        var previousKept = false
        for scalar in text.lowercased().unicodeScalars {
            let kept: Bool
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber:
                kept = true
            case .nonspacingMark, .spacingMark, .enclosingMark:
                // A mark belongs to the letter before it (é as e + U+0301, Devanagari vowel signs).
                kept = previousKept
            default:
                kept = false
            }
            if kept {
                if pendingSeparator && !slug.isEmpty {
                    slug.append("-")
                }
                pendingSeparator = false
                slug.append(scalar)
            } else {
                pendingSeparator = true
            }
            previousKept = kept
        }
        return slug.isEmpty ? emptySlug : String(slug)
    }

    /// `value` as the text of a double-quoted HTML attribute.
    static func escapedAttribute(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
