/// Plain-text helpers shared by headings, the summary and the searchable text.
enum PlainText {
    /// Collapses every run of white space to one space and trims both ends. No-break
    /// spaces are meant, and are kept.
    static func collapsingWhiteSpace(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if isCollapsible(character) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                result.append(character)
            }
        }
        return result
    }

    private static func isCollapsible(_ character: Character) -> Bool {
        guard character.isWhitespace else {
            return false
        }
        return character != "\u{A0}" && character != "\u{2007}" && character != "\u{202F}"
    }
}
