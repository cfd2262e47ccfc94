import Foundation

/// URL slugs for releases, pages and tags: lower case, letters and digits kept
/// (accents folded), every other run of characters one hyphen.
enum Slug {
    static func make(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
        var slug = ""
        var pendingHyphen = false
        for character in folded {
            if character.isLetter || character.isNumber {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.append(character)
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }

    /// A slug a user wrote (`slug:` key) must already be in slug form.
    static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && make(slug) == slug
    }

    /// `2015-10-02-retrovirus-study` → `retrovirus-study`.
    static func droppingDatePrefix(_ name: String) -> String {
        let characters = Array(name)
        guard characters.count > 11 else { return name }
        let pattern = "dddd-dd-dd-"
        for (character, kind) in zip(characters, pattern) {
            if kind == "d" ? !character.isASCII || !character.isNumber : character != "-" { return name }
        }
        return String(characters.dropFirst(11))
    }
}
