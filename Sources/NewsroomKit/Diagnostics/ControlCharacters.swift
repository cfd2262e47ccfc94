/// The control characters no user-written text may hold: C0 controls other than tab and line
/// feed, and DEL. No page, feed or terminal shows them (U+0000 even ends a C string), so they
/// are an error wherever they are read, and never echoed back raw in a message.
enum ControlCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7F
    }

    /// The first forbidden character of `text`, if any.
    static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    /// `U+0000`.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every forbidden character replaced by U+FFFD, safe to quote in a message.
    static func replaced(in text: String) -> String {
        guard first(in: text) != nil else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}
