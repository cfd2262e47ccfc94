/// The shape of a BCP 47 language tag (RFC 5646), as `language:` must have: it becomes the
/// pages' `lang` attribute and the feeds' language, where `English` or `en_US` mean nothing.
///
/// Only the shape is checked (`en`, `en-US`, `pt-BR`, `zh-Hant`, `es-419`, `sr-Latn-RS`,
/// `de-CH-1996`, `en-x-press`), not that each subtag is registered.
enum LanguageTag {
    static let example = "en, en-US, pt-BR or zh-Hant"

    static func isWellFormed(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard subtags.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy(isAlphanumeric) }) else { return false }
        var rest = subtags[...]
        // The registry has no language subtags of 5 to 8 letters, which would let `English` through.
        guard let language = rest.popFirst(), (2...3).contains(language.count), language.allSatisfy(isLetter) else {
            return false
        }
        var extensions = 0
        while extensions < 3, let next = rest.first, next.count == 3, next.allSatisfy(isLetter) {
            rest.removeFirst()
            extensions += 1
        }
        if let script = rest.first, script.count == 4, script.allSatisfy(isLetter) { rest.removeFirst() }
        if let region = rest.first,
           (region.count == 2 && region.allSatisfy(isLetter)) || (region.count == 3 && region.allSatisfy(isDigit)) {
            rest.removeFirst()
        }
        while let variant = rest.first,
              variant.count >= 5 || (variant.count == 4 && isDigit(variant[0])) {
            rest.removeFirst()
        }
        // Extensions (`u-ca-gregory`) and private use (`x-press`): a single character, then longer subtags.
        while let singleton = rest.popFirst() {
            guard singleton.count == 1 else { return false }
            let isPrivateUse = singleton[0] | 0x20 == UInt8(ascii: "x")
            var count = 0
            while let next = rest.first, next.count >= (isPrivateUse ? 1 : 2) {
                rest.removeFirst()
                count += 1
            }
            if count == 0 { return false }
            if isPrivateUse { return rest.isEmpty }
        }
        return true
    }

    /// A well-formed tag `text` was likely meant to be (`en_US` → `en-US`), or nil.
    static func suggestion(for text: String) -> String? {
        let dashed = text.replacingUnderscores()
        return dashed != text && isWellFormed(dashed) ? dashed : nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
}

private extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
