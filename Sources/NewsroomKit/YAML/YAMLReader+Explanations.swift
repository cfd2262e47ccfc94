import Yams

/// The YAML library's most common complaints, said as what to check: a value holding ": " that
/// needs quotes, a line indented off, a bracket or quote left open, a tab.
extension YAMLReader {
    /// A plain-words error for `problem` (with the library's `context`), or nil to report it as the
    /// library words it. The position is where the user should look: the problem's mark, or, for
    /// something left open, where it was opened.
    static func explanation(
        of problem: String, context: YamlError.Context?, mark: Mark, in yaml: String, at place: (Mark) -> SourceLocation
    ) -> Diagnostic? {
        func error(_ message: String, at mark: Mark) -> Diagnostic { .error("malformed YAML: " + message, at: place(mark)) }
        let line = scalars(ofLine: mark.line, in: yaml)
        let before = line.prefix(max(mark.column - 1, 0))
        let startsLine = before.allSatisfy { $0 == " " }
        switch problem {
        case _ where problem.hasPrefix("mapping values are not allowed"):
            if before.contains(":") {
                return error("this value holds ': ', which YAML reads as the start of another key; put the whole value in quotes, such as title: \"Drought: a study\"", at: mark)
            }
            return error("this key is indented further than the key above it, which already has a value; start the keys of one mapping at the same column (or, if the line continues the value above, put that value in quotes)", at: mark)
        case "did not find expected key" where startsLine:
            return error("this line is not indented like the lines around it; start the keys of one mapping at the same column, and the '- ' items of a list at the same column under their key", at: mark)
        case "did not find expected key":
            return error("unexpected text after a value that ends with a quote or a bracket; put the whole value in quotes (inside single quotes, write an apostrophe twice: 'it''s')", at: mark)
        case "did not find expected '-' indicator":
            return error("this line breaks the list above it; start every item with '- ' at the same column", at: mark)
        case "block sequence entries are not allowed in this context":
            return error("a list item ('- ') must start its own line; write the key alone on its line and the items below it, or a list in brackets such as tags: [Drought, Weather]", at: mark)
        case "did not find expected ',' or ']'":
            return error("the list that starts with '[' here is not closed with ']'; close it (and put items that hold ',' or ':' in quotes), or, if the value is text that starts with '[', put all of it in quotes", at: context?.mark ?? mark)
        case "did not find expected ',' or '}'":
            return error("the mapping that starts with '{' here is not closed with '}'; close it (and put values that hold ',' or ':' in quotes), or, if the value is text that starts with '{', put all of it in quotes", at: context?.mark ?? mark)
        case "could not find expected ':'":
            return error("this line has no ':' after its key; write key: value, or indent the line to continue the value above it", at: context?.mark ?? mark)
        case _ where problem.hasPrefix("found a tab character"):
            return error("a tab cannot indent YAML; indent with spaces", at: mark)
        case "found character that cannot start any token" where mark.column >= 1 && mark.column <= line.count:
            let character = line[mark.column - 1]
            if character == "\t" { return error("a tab cannot indent YAML; indent with spaces", at: mark) }
            return error("a value cannot start with '\(ControlCharacters.replaced(in: String(character)))'; put the value in quotes", at: mark)
        case "found unknown escape character":
            return error("in double quotes a backslash starts an escape such as \\n; write \\\\ for a backslash, or use single quotes", at: mark)
        case "found undefined alias":
            return error("a value that starts with '*' refers to an anchor (&name) that is not defined; put the value in quotes if the '*' is part of the text", at: mark)
        default:
            return nil
        }
    }

    /// The Unicode scalars of the 1-based `number`th line of `yaml` (empty when there is no such line).
    static func scalars(ofLine number: Int, in yaml: String) -> [Unicode.Scalar] {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return [] }
        return Array(lines[number - 1].unicodeScalars)
    }
}
