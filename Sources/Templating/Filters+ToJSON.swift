/// `tojson`, as Jinja writes it: Python's `json.dumps` with sorted keys (`", "` and `": "`
/// between items, every character outside ASCII as `\uXXXX`), then `<`, `>`, `&` and `'` as
/// `\u003c`, `\u003e`, `\u0026` and `\u0027`, so the text is safe in HTML and in `<script>`.
/// (`json` is newsroom's own: compact, keys in their order.)
extension Filters {
    static func tojson(_ input: TemplateValue, _ arguments: [TemplateValue]) throws(FilterError) -> TemplateValue {
        try expect(arguments, 0...0)
        var output = ""
        PythonJSON.write(input, into: &output)
        return .safe(output)
    }
}

enum PythonJSON {
    static func write(_ value: TemplateValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number):
            if number.isNaN { output += "NaN" } else if number.isInfinite { output += number < 0 ? "-Infinity" : "Infinity" }
            else { output += pythonRepr(number) }
        case .string(let text), .safe(let text): writeString(text, into: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                write(item, into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, pair) in object.pairs.sorted(by: { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }).enumerated() {
                if index > 0 { output += ", " }
                writeString(pair.key, into: &output)
                output += ": "
                write(pair.value, into: &output)
            }
            output += "}"
        }
    }

    /// Python's `repr` of a float: the shortest text that reads back as the same number, with
    /// `.0` on whole numbers and a two-digit exponent.
    static func pythonRepr(_ number: Double) -> String {
        let text = "\(number)"  // Swift's shortest round-trip form: "2.5", "1e+16", "1e-05"
        if text.contains("e") || text.contains(".") { return text }
        return text + ".0"
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x3C, 0x3E, 0x26, 0x27, 0..<0x20, 0x7F...:
                let hex = String(unit, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(Unicode.Scalar(unit)!)
            }
        }
        output += "\""
    }
}
