import Templating

/// A small JSON reader for fixture contexts that keeps object key order (Foundation's does not).
/// Integers without a fraction or exponent become `.int`, other numbers `.double`.
struct OrderedJSON {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    static func parse(_ text: String) throws -> TemplateValue {
        var reader = OrderedJSON(scalars: Array(text.unicodeScalars))
        let value = try reader.readValue()
        reader.skipWhitespace()
        guard reader.position == reader.scalars.count else { throw reader.failure("trailing characters") }
        return value
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private func failure(_ message: String) -> Failure {
        Failure(description: "JSON: \(message) at scalar \(position)")
    }

    private mutating func skipWhitespace() {
        while position < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[position]) {
            position += 1
        }
    }

    private mutating func consume(_ word: String) -> Bool {
        let wordScalars = Array(word.unicodeScalars)
        guard position + wordScalars.count <= scalars.count,
              Array(scalars[position..<(position + wordScalars.count)]) == wordScalars else { return false }
        position += wordScalars.count
        return true
    }

    private mutating func readValue() throws -> TemplateValue {
        skipWhitespace()
        guard position < scalars.count else { throw failure("unexpected end") }
        switch scalars[position] {
        case "{":
            position += 1
            var pairs: [(String, TemplateValue)] = []
            skipWhitespace()
            if consume("}") { return .object(TemplateObject(pairs)) }
            repeat {
                skipWhitespace()
                guard case .string(let key) = try readValue() else { throw failure("expected a key") }
                skipWhitespace()
                guard consume(":") else { throw failure("expected ':'") }
                pairs.append((key, try readValue()))
                skipWhitespace()
            } while consume(",")
            guard consume("}") else { throw failure("expected '}'") }
            return .object(TemplateObject(pairs))
        case "[":
            position += 1
            var items: [TemplateValue] = []
            skipWhitespace()
            if consume("]") { return .array(items) }
            repeat {
                items.append(try readValue())
                skipWhitespace()
            } while consume(",")
            guard consume("]") else { throw failure("expected ']'") }
            return .array(items)
        case "\"":
            return .string(try readString())
        default:
            if consume("true") { return .bool(true) }
            if consume("false") { return .bool(false) }
            if consume("null") { return .null }
            return try readNumber()
        }
    }

    private mutating func readString() throws -> String {
        position += 1
        var result = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                guard position < scalars.count else { break }
                let escaped = scalars[position]
                position += 1
                switch escaped {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "u":
                    guard position + 4 <= scalars.count,
                          let value = UInt32(String(String.UnicodeScalarView(scalars[position..<(position + 4)])), radix: 16) else {
                        throw failure("bad \\u escape")
                    }
                    position += 4
                    var code = value
                    if (0xD800..<0xDC00).contains(value), consume("\\u"), position + 4 <= scalars.count,
                       let low = UInt32(String(String.UnicodeScalarView(scalars[position..<(position + 4)])), radix: 16) {
                        position += 4
                        code = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else { throw failure("bad code point") }
                    result.append(decoded)
                default: result.append(escaped)
                }
            default:
                result.append(scalar)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readNumber() throws -> TemplateValue {
        let start = position
        while position < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[position]) {
            position += 1
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if let integer = Int(text) { return .int(integer) }
        if let double = Double(text) { return .double(double) }
        throw failure("unexpected '\(text)'")
    }
}
