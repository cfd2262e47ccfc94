/// `striptags`, in the steps Jinja (MarkupSafe) takes: comments out, then tags out (nothing
/// put in their place: `Hello<b>world</b>` is `Helloworld`), runs of white space made one space,
/// and last character references decoded, so `&nbsp;` gives U+00A0 and `&eacute;` gives `é`.
///
/// One difference, on text that is not well-formed HTML: a tag starts only at a `<` followed by
/// a letter, `/`, `!` or `?`, as browsers read it, so in `1 < 2` the `<` is text; Jinja removes
/// everything from any `<` to the next `>`.
extension Filters {
    /// `striptags`: the text without its tags and comments, white space collapsed and references
    /// decoded; plain text.
    static func striptags(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return .string(strippingTags(try text(input)))
    }

    static func strippingTags(_ html: String) -> String {
        var scalars = Array(html.unicodeScalars)
        scalars = removing(from: scalars, opener: Array("<!--".unicodeScalars), closer: Array("-->".unicodeScalars))
        scalars = removing(from: scalars, opener: ["<"], closer: [">"]) { next in
            next.properties.isAlphabetic || next == "/" || next == "!" || next == "?"
        }
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                if !word.isEmpty { words.append(String(word)) }
                word = String.UnicodeScalarView()
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        let collapsed = Array(words.joined(separator: " ").unicodeScalars)
        var plain = String.UnicodeScalarView()
        var index = 0
        while index < collapsed.count {
            if collapsed[index] == "&", let (text, length) = HTMLEntities.reference(in: collapsed, at: index) {
                plain.append(contentsOf: text.unicodeScalars)
                index += length
            } else {
                plain.append(collapsed[index])
                index += 1
            }
        }
        return String(plain)
    }

    /// Removes each span from `opener` to the next `closer`, both included, where the scalar
    /// after `opener` is accepted. An `opener` without a `closer` after it ends the removals,
    /// leaving the rest as it is (as Jinja does).
    private static func removing(from scalars: [Unicode.Scalar], opener: [Unicode.Scalar], closer: [Unicode.Scalar],
                                 startsWith accepts: (Unicode.Scalar) -> Bool = { _ in true }) -> [Unicode.Scalar] {
        func matches(_ pattern: [Unicode.Scalar], at index: Int) -> Bool {
            index + pattern.count <= scalars.count && scalars[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            let afterOpener = index + opener.count
            guard matches(opener, at: index), afterOpener < scalars.count, accepts(scalars[afterOpener]) else {
                kept.append(scalars[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, !matches(closer, at: end) { end += 1 }
            guard end < scalars.count else {
                kept += scalars[index...]
                break
            }
            index = end + closer.count
        }
        return kept
    }
}
