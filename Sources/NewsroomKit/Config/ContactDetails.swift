/// The rules for a media contact's email and phone, which the theme turns into `mailto:` and
/// `tel:` links: a value that is not a plain address or number would make a link that goes
/// somewhere else, or nowhere.
enum ContactDetails {
    static let emailExample = "press@example.org"
    static let phoneExample = "+1 202 555 0100"

    /// Why `text` is not a plain email address, or nil when it is: one `@` between a non-empty
    /// name and a domain of dot-separated labels, no white space, no scheme, nothing a `mailto:`
    /// link would read as more than an address.
    static func emailProblem(_ text: String) -> String? {
        if text.lowercased().hasPrefix("mailto:") { return "holds a scheme ('mailto:' is added for you)" }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
            return "holds white space"
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "needs exactly one '@'" }
        let (name, domain) = (parts[0], parts[1])
        guard !name.isEmpty, !domain.isEmpty else { return "needs a name before the '@' and a domain after it" }
        if let bad = text.first(where: { "\"(),:;<>[\\]?#%/".contains($0) }) { return "holds '\(bad)'" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let domainIsValid = labels.allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
        guard domainIsValid else { return "has a malformed domain '\(domain)'" }
        return nil
    }

    /// Why `text` is not a plain phone number, or nil when it is: digits, with spaces and the
    /// punctuation phone numbers are written with (`-`, `.`, `(`, `)`, `/`), and `+` only in front.
    static func phoneProblem(_ text: String) -> String? {
        guard text.contains(where: { $0.isASCII && $0.isNumber }) else { return "holds no digits" }
        for (index, character) in text.enumerated() {
            if character == "+" {
                if index != 0 { return "has '+' after the start" }
                continue
            }
            let allowed = (character.isASCII && character.isNumber) || " -.()/".contains(character)
            if !allowed { return "holds '\(character)'" }
        }
        return nil
    }

    /// `'email' of contact 'jane' … : 'x'; write a plain address such as press@example.org`.
    static func message(key: String, contact: String, text: String, problem: String) -> String {
        let example = key == "email"
            ? "a plain address such as \(emailExample)"
            : "digits with spaces or - . ( ) /, such as \(phoneExample)"
        return "'\(key)' of contact '\(contact)' \(problem): '\(text)'; write \(example)"
    }
}
