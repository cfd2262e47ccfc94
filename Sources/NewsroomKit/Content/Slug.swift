import Foundation

/// URL slugs for releases, pages and tags: lower case, letters and digits kept
/// (accents folded), every other run of characters one hyphen.
enum Slug {
    static func make(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? makeASCII(text) : makeFolding(text)
    }

    /// `make` for any text: accents folded, Unicode letters and digits kept.
    static func makeFolding(_ text: String) -> String {
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

    /// `make` for ASCII text, where folding is lower-casing and a letter or digit is `a–z 0–9`.
    static func makeASCII(_ text: String) -> String {
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) {
                if pendingHyphen && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                slug.append(lower)
            } else {
                pendingHyphen = true
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// A slug a user wrote (`slug:` key) must already be in slug form.
    static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && make(slug) == slug
    }

    /// The slug a release takes from its file or bundle folder name when it sets none:
    /// `2015-10-02-Retrovirus study.md` (or `.markdown`) → `retrovirus-study`.
    static func ofFileName(_ name: String) -> String {
        make(droppingDatePrefix(MarkdownFileName.droppingExtension(name)))
    }

    /// `2015-10-02-retrovirus-study` → `retrovirus-study`.
    static func droppingDatePrefix(_ name: String) -> String {
        // Bytes first: eleven ASCII bytes of the pattern and an ASCII byte after them are twelve
        // Characters, the first eleven of them the pattern's.
        let utf8 = name.utf8
        if utf8.count > 11, utf8.dropFirst(11).first.map({ $0 < 0x80 }) == true {
            for (byte, kind) in zip(utf8, "dddd-dd-dd-".utf8) {
                if kind == UInt8(ascii: "d") ? !(0x30...0x39).contains(byte) : byte != UInt8(ascii: "-") { return name }
            }
            return String(decoding: utf8.dropFirst(11), as: UTF8.self)
        }
        let characters = Array(name)
        guard characters.count > 11 else { return name }
        let pattern = "dddd-dd-dd-"
        for (character, kind) in zip(characters, pattern) {
            if kind == "d" ? !character.isASCII || !character.isNumber : character != "-" { return name }
        }
        return String(characters.dropFirst(11))
    }
}
