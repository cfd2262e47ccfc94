import Foundation

/// Text filters with Jinja's meaning and argument order: `filesizeformat`, `indent`, `center`
/// and `forceescape`.
extension Filters {
    /// `filesizeformat(binary?)`: a number of bytes for people, as Jinja writes it: "1 Byte",
    /// "12 Bytes", then one decimal and a decimal (kB, MB…) or, with `binary`, a binary (KiB,
    /// MiB…) prefix.
    static func filesizeformat(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let binary = try flag(arguments.first)
        let bytes: Double
        switch input {
        case .int(let number): bytes = Double(number)
        case .double(let number): bytes = number
        case .string(let text), .safe(let text):
            guard let number = decimal(text.trimmingWhitespace) else { throw FilterError("expected a number of bytes, not '\(text)'") }
            bytes = number
        default: throw FilterError("expected a number of bytes, not \(Renderer.article(input))")
        }
        let base = binary ? 1024.0 : 1000.0
        let prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        if bytes == 1 { return .string("1 Byte") }
        if bytes < base { return .string("\(Int(bytes)) Bytes") }
        var unit = base
        for prefix in prefixes {
            unit *= base
            if bytes < unit || prefix == prefixes.last {
                return .string(String(format: "%.1f %@", base * bytes / unit, prefix))
            }
        }
        return .string("")
    }

    /// `indent(width?, first?, blank?)`: every line after the first indented by `width` spaces (4),
    /// or by `width` itself when it is text; the first line too with `first`, blank lines too
    /// with `blank`.
    static func indent(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...3)
        var indentation = "    "
        if let width = arguments.first {
            switch width {
            case .int(let count): indentation = String(repeating: " ", count: Swift.max(0, Swift.min(count, 1000)))
            case .string(let text), .safe(let text): indentation = text
            default: throw FilterError("expected a width or text, not \(Renderer.article(width))")
            }
        }
        let (first, blank) = (try flag(arguments, at: 1), try flag(arguments, at: 2))
        let whole = try text(input)
        let lines = whole.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        try ensureFits(lines.count, of: indentation.utf8.count, besides: whole.utf8.count)
        var result = lines.enumerated().map { position, line in
            position == 0 || (line.isEmpty && !blank) ? line : indentation + line
        }.joined(separator: "\n")
        if first { result = indentation + result }
        return input.isSafe ? .safe(result) : .string(result)
    }

    /// `center(width=80)`: the text in the middle of `width` characters, padded with spaces as
    /// Python pads (an odd space goes right, unless `width` is odd too); longer text unchanged.
    static func center(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let width = arguments.isEmpty ? 80 : try integer(arguments[0])
        try ensureFits(width, of: 1)
        return try mapText(input) { text in
            let margin = width - text.count
            guard margin > 0 else { return text }
            let left = margin / 2 + (margin & width & 1)
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: margin - left)
        }
    }

    /// `forceescape`: HTML-escaped even when it is safe already (so `&amp;` becomes `&amp;amp;`).
    static func forceescape(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        return .safe(Escaping.html(try text(input)))
    }
}
