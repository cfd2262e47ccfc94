/// Splits template text into tokens, tracking line and column (in Unicode scalars) for each.
///
/// Outside tags everything is text up to the next `{{`, `{%` or `{#`. A `-` right after an opener
/// removes all white space (newlines included) before the tag; a `-` right before a closer removes
/// all white space after it. Comments produce no token but honour the same markers.
struct Lexer {
    private let name: String
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// Set by a closer with `-`: the next text loses its leading white space.
    private var trimNextText = false

    init(text: String, name: String) {
        self.name = name
        self.scalars = Array(text.unicodeScalars)
    }

    static func tokenize(_ text: String, name: String) throws(TemplateError) -> [Token] {
        var lexer = Lexer(text: text, name: name)
        return try lexer.run()
    }

    private var location: TemplateLocation {
        TemplateLocation(template: name, line: line, column: column)
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    private func lookingAt(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where position < scalars.count {
            if scalars[position] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            position += 1
        }
    }

    private func error(_ message: String, at location: TemplateLocation) -> TemplateError {
        TemplateError(kind: .syntax, location: location, message: message)
    }

    private mutating func run() throws(TemplateError) -> [Token] {
        while position < scalars.count {
            let textStart = location
            var text = String.UnicodeScalarView()
            while let scalar = peek(), !(scalar == "{" && (peek(1) == "{" || peek(1) == "%" || peek(1) == "#")) {
                text.append(scalar)
                advance()
            }
            let opener = peek(1)
            let trimsBefore = opener != nil && peek(2) == "-"
            emitText(String(text), at: textStart, trimTrailing: trimsBefore)
            guard let opener else { break }
            let openerLocation = location
            advance(trimsBefore ? 3 : 2)
            switch opener {
            case "#": try skipComment(from: openerLocation)
            case "{": try lexTag(open: .printOpen, closer: "}}", at: openerLocation)
            default:
                try lexTag(open: .tagOpen, closer: "%}", at: openerLocation)
                if tokens.count >= 3, case .tagOpen = tokens[tokens.count - 3].kind,
                   case .name("raw") = tokens[tokens.count - 2].kind, case .tagClose = tokens[tokens.count - 1].kind {
                    tokens.removeLast(3)
                    try lexRaw(from: openerLocation)
                }
            }
        }
        tokens.append(Token(kind: .end, location: location))
        return tokens
    }

    /// After `{% raw %}`: everything up to `{% endraw %}` is text, tags and all, as in Jinja.
    /// The `-` markers of both tags trim as they do anywhere.
    private mutating func lexRaw(from opener: TemplateLocation) throws(TemplateError) {
        let textStart = location
        var text = String.UnicodeScalarView()
        while position < scalars.count {
            if let (trimsBefore, length, trimsAfter) = endRawTag() {
                emitText(String(text), at: textStart, trimTrailing: trimsBefore)
                advance(length)
                trimNextText = trimsAfter
                return
            }
            text.append(scalars[position])
            advance()
        }
        throw error("unclosed 'raw'; expected '{% endraw %}'", at: opener)
    }

    /// Whether `{% endraw %}` (with its optional `-` markers and any white space) starts here:
    /// its length, and which sides it trims.
    private func endRawTag() -> (trimsBefore: Bool, length: Int, trimsAfter: Bool)? {
        guard lookingAt("{%") else { return nil }
        var offset = 2
        let trimsBefore = peek(offset) == "-"
        if trimsBefore { offset += 1 }
        while let scalar = peek(offset), scalar.properties.isWhitespace { offset += 1 }
        for scalar in "endraw".unicodeScalars {
            guard peek(offset) == scalar else { return nil }
            offset += 1
        }
        while let scalar = peek(offset), scalar.properties.isWhitespace { offset += 1 }
        let trimsAfter = peek(offset) == "-"
        if trimsAfter { offset += 1 }
        guard peek(offset) == "%", peek(offset + 1) == "}" else { return nil }
        return (trimsBefore, offset + 2, trimsAfter)
    }

    private mutating func emitText(_ raw: String, at location: TemplateLocation, trimTrailing: Bool) {
        var text = Substring(raw)
        if trimNextText {
            text = text.drop(while: \.isWhitespace)
            trimNextText = false
        }
        if trimTrailing {
            while let last = text.last, last.isWhitespace {
                text = text.dropLast()
            }
        }
        if !text.isEmpty {
            tokens.append(Token(kind: .text(String(text)), location: location))
        }
    }

    private mutating func skipComment(from opener: TemplateLocation) throws(TemplateError) {
        while position < scalars.count {
            if lookingAt("-#}") {
                advance(3)
                trimNextText = true
                return
            }
            if lookingAt("#}") {
                advance(2)
                return
            }
            advance()
        }
        throw error("unclosed comment; expected '#}'", at: opener)
    }

    /// Lexes expression tokens up to the matching closer (`}}` or `%}`, optionally preceded by `-`).
    private mutating func lexTag(open: Token.Kind, closer: String, at opener: TemplateLocation) throws(TemplateError) {
        tokens.append(Token(kind: open, location: opener))
        let otherCloser = closer == "}}" ? "%}" : "}}"
        let openerText = closer == "}}" ? "{{" : "{%"
        // Braces of dict literals opened in this tag: a `}}` inside one closes the dicts, not
        // the tag (`{{ {"a": {"b": 1}} }}`).
        var openBraces = 0
        while true {
            while let scalar = peek(), scalar.properties.isWhitespace {
                advance()
            }
            guard let scalar = peek() else {
                throw error("unclosed '\(openerText)'; expected '\(closer)'", at: opener)
            }
            let start = location
            if openBraces > 0, scalar == "{" || scalar == "}" {
                openBraces += scalar == "{" ? 1 : -1
                advance()
                tokens.append(Token(kind: .symbol(String(scalar)), location: start))
                continue
            }
            if scalar == "{" {
                openBraces = 1
                advance()
                tokens.append(Token(kind: .symbol("{"), location: start))
                continue
            }
            if lookingAt("-" + closer) || lookingAt(closer) {
                if scalar == "-" {
                    advance()
                    trimNextText = true
                }
                advance(2)
                tokens.append(Token(kind: open == .printOpen ? .printClose : .tagClose, location: start))
                return
            }
            if lookingAt(otherCloser) || lookingAt("-" + otherCloser) {
                throw error("expected '\(closer)' to close '\(openerText)' but found '\(otherCloser)'", at: start)
            }
            let kind = try lexExpressionToken(scalar, at: start)
            tokens.append(Token(kind: kind, location: start))
        }
    }

    private mutating func lexExpressionToken(_ scalar: Unicode.Scalar, at start: TemplateLocation) throws(TemplateError) -> Token.Kind {
        if scalar == "_" || scalar.isASCIILetter {
            var word = ""
            while let next = peek(), next == "_" || next.isASCIILetter || next.isASCIIDigit {
                word.unicodeScalars.append(next)
                advance()
            }
            return .name(word)
        }
        if scalar.isASCIIDigit {
            return try lexNumber(at: start)
        }
        if scalar == "\"" || scalar == "'" {
            return try lexString(quote: scalar, at: start)
        }
        for symbol in ["==", "!=", "<=", ">=", "//", "**"] where lookingAt(symbol) {
            advance(2)
            return .symbol(symbol)
        }
        if "<>+-*/%~|.,()[]=:".unicodeScalars.contains(scalar) {
            advance()
            return .symbol(String(scalar))
        }
        throw error("unexpected character '\(scalar.escaped(asASCII: false))'", at: start)
    }

    /// number := digits ( '.' digits )? ( ( 'e' | 'E' ) ( '+' | '-' )? digits )?, where digits may
    /// have a `_` between two digits (`1_000`), as in Jinja: a fraction or an exponent makes a float.
    private mutating func lexNumber(at start: TemplateLocation) throws(TemplateError) -> Token.Kind {
        var text = lexDigits()
        var isFloat = false
        if peek() == ".", let after = peek(1), after.isASCIIDigit {
            advance()
            text += "." + lexDigits()
            isFloat = true
        }
        if peek() == "e" || peek() == "E" {
            let sign = peek(1) == "+" || peek(1) == "-" ? 1 : 0
            if let after = peek(1 + sign), after.isASCIIDigit {
                text += "e" + (sign == 1 ? String(peek(1)!) : "")
                advance(1 + sign)
                text += lexDigits()
                isFloat = true
            }
        }
        if isFloat {
            guard let value = Double(text), value.isFinite else { throw error("invalid number '\(text)'", at: start) }
            return .double(value)
        }
        guard let value = Int(text) else {
            throw error("integer literal '\(text)' is too large", at: start)
        }
        return .int(value)
    }

    /// Digits from here, without the `_` allowed between two of them.
    private mutating func lexDigits() -> String {
        var digits = ""
        while let next = peek() {
            if next.isASCIIDigit {
                digits.unicodeScalars.append(next)
            } else if next != "_" || digits.isEmpty || peek(1)?.isASCIIDigit != true {
                break
            }
            advance()
        }
        return digits
    }

    /// Strings take `'…'` or `"…"` with the escapes `\"`, `\'`, `\\`, `\n`, `\t` and `\r`.
    private mutating func lexString(quote: Unicode.Scalar, at start: TemplateLocation) throws(TemplateError) -> Token.Kind {
        advance()
        var value = String.UnicodeScalarView()
        while let scalar = peek() {
            if scalar == quote {
                advance()
                return .string(String(value))
            }
            if scalar == "\\" {
                let escapeLocation = location
                advance()
                guard let escaped = peek() else { break }
                switch escaped {
                case "\"", "'", "\\": value.append(escaped)
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                default:
                    throw error("unknown escape sequence '\\\(escaped.escaped(asASCII: false))' in string", at: escapeLocation)
                }
                advance()
                continue
            }
            value.append(scalar)
            advance()
        }
        throw error("unterminated string", at: start)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }

    fileprivate var isASCIIDigit: Bool {
        ("0"..."9").contains(self)
    }
}
