/// The number filters: `int`, `float`, `abs` and `round`.
extension Filters {
    /// `int(default=0)`: a whole number from a number, boolean or numeric string (floats truncated); `default` when not convertible.
    static func int(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let fallback = arguments.first ?? .int(0)
        func whole(_ number: Double) -> TemplateValue {
            number.isFinite && Swift.abs(number) < 9.2e18 ? .int(Int(number)) : fallback
        }
        switch input {
        case .int: return input
        case .double(let number): return whole(number)
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .string(let text), .safe(let text):
            guard let trimmed = withoutDigitSeparators(text.trimmingWhitespace) else { return fallback }
            if let number = Int(trimmed) { return .int(number) }
            if let number = decimal(trimmed) { return whole(number) }
            return fallback
        default: return fallback
        }
    }

    /// `float(default=0.0)`: a floating-point number from a number, boolean or numeric string; `default` when not convertible.
    static func float(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...1)
        let fallback = arguments.first ?? .double(0)
        switch input {
        case .int(let number): return .double(Double(number))
        case .double: return input
        case .bool(let flag): return .double(flag ? 1 : 0)
        case .string(let text), .safe(let text): return decimal(text.trimmingWhitespace).map(TemplateValue.double) ?? fallback
        default: return fallback
        }
    }

    /// A number written in decimal (`-12`, `3.5`, `.5`, `1e3`, `1_000`) or `inf`, `infinity` or
    /// `nan` in any case, as Python (so Jinja's `int` and `float`) reads text; nil for anything else, such
    /// as the hexadecimal forms (`0x1A`, `0x1p3`) that Swift's own parser would accept.
    static func decimal(_ written: String) -> Double? {
        guard let text = withoutDigitSeparators(written) else { return nil }
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "inf", "infinity": return text.hasPrefix("-") ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = bytes.prefix(0)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        if let mark = bytes.first, mark == UInt8(ascii: "e") || mark == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return nil }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty ? Double(text) : nil
    }

    /// `text` without the `_` Python allows between two digits (`1_000`, in text for `int` and
    /// `float` and in a template's number literals); nil when an `_` stands anywhere else.
    static func withoutDigitSeparators(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ index: Int) -> Bool { scalars.indices.contains(index) && ("0"..."9").contains(scalars[index]) }
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            guard scalar == "_" else {
                kept.append(scalar)
                continue
            }
            guard isDigit(index - 1), isDigit(index + 1) else { return nil }
        }
        return String(kept)
    }

    /// `abs`: the absolute value of a number.
    static func abs(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        switch input {
        case .int(let number):
            guard number != .min else { throw FilterError("integer overflow") }
            return .int(Swift.abs(number))
        case .double(let number): return .double(Swift.abs(number))
        default: throw FilterError("expected a number, not \(Renderer.article(input))")
        }
    }

    /// `round(precision=0, method="common")`: a float rounded to `precision` decimals, half away
    /// from zero ("common"), up ("ceil") or down ("floor"); integers unchanged.
    static func round(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...2)
        let precision = arguments.isEmpty ? 0 : try integer(arguments[0])
        guard (0...15).contains(precision) else { throw FilterError("expected a precision from 0 to 15, not \(precision)") }
        let rule: FloatingPointRoundingRule
        switch arguments.count > 1 ? arguments[1].stringText : "common" {
        case "common": rule = .toNearestOrAwayFromZero
        case "ceil": rule = .up
        case "floor": rule = .down
        default: throw FilterError("expected the method \"common\", \"ceil\" or \"floor\"")
        }
        switch input {
        case .int: return input
        case .double(let number):
            var scale = 1.0
            for _ in 0..<precision { scale *= 10 }
            return .double((number * scale).rounded(rule) / scale)
        default: throw FilterError("expected a number, not \(Renderer.article(input))")
        }
    }
}
