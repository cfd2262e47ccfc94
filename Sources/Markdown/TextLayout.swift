/// Lays a Markdown document out as plain text for people to read: a release sent as wire copy,
/// or pasted into an e-mail. The rules, in full:
///
/// - Blocks are separated by one blank line. A paragraph is one line: soft line breaks become
///   spaces, hard ones break the line, runs of white space become one space. A heading is a
///   line of its own.
/// - A list item starts with `- ` or its number (`1. `), one item a line with no blank line
///   between them; what continues an item, a list inside it too, is indented to the item's text.
/// - A block quote's lines start with `> `; a code block's lines are indented by four spaces; a
///   thematic break is `* * *`.
/// - A link or an image is its text (an image's alt text) and then its destination in
///   parentheses, `the report (https://example.org/report.pdf)`, an e-mail address without
///   `mailto:`; only the destination when there is no text; only the text when it is the
///   destination already (an autolink) or the destination is empty (a dangerous one removed).
/// - Emphasis and code marks are dropped; raw HTML is markup, not text, and gives nothing.
///
/// No line is wrapped (a reader's program wraps, and a wrapped URL breaks) and no line ends in
/// white space. The same events give the same text, always.
enum TextLayout {
    enum Node: Equatable {
        case paragraph, heading, blockQuote, item, thematicBreak
        case list(ordered: Bool, start: Int)
        case codeBlock(String)
        case text(String), softBreak, lineBreak
        case link(destination: String), image(destination: String)
    }

    struct Event: Equatable {
        var entering: Bool
        var node: Node
    }

    static func text(of events: [Event]) -> String {
        var layout = Layout()
        for event in events {
            layout.handle(event)
        }
        return layout.lines.joinedExactly(separator: UInt8(ascii: "\n"))
    }
}

private struct Layout {
    enum Container {
        case quote
        case list(ordered: Bool, next: Int)
        /// Its marker, written in front of its first line; the lines after it are indented as far.
        case item(marker: String, written: Bool)
    }

    var lines: [String] = []
    var containers: [Container] = []
    /// The text of the paragraph or heading being read (they never nest).
    var inline: String?
    /// Links and images being read: the destination and where their text starts in `inline` (UTF-8).
    var links: [(destination: String, start: Int)] = []
    /// Whether the paragraph or heading being read has a hard line break.
    var hasHardBreak = false
    /// The blank line owed before the next line written, as the containers around it write it.
    var pendingBlank: String?

    var isInList: Bool {
        containers.contains { if case .list = $0 { true } else { false } }
    }

    mutating func handle(_ event: TextLayout.Event) {
        let entering = event.entering
        switch event.node {
        case .paragraph, .heading:
            if entering {
                startBlock()
                inline = ""
            } else {
                writeInline()
            }
        case .blockQuote:
            if entering {
                startBlock()
                containers.append(.quote)
            } else {
                containers.removeLast()
            }
        case .list(let ordered, let start):
            if entering {
                startBlock()
                containers.append(.list(ordered: ordered, next: start))
            } else {
                containers.removeLast()
            }
        case .item:
            if entering {
                var marker = "- "
                if case .list(let ordered, let next)? = containers.last {
                    if ordered { marker = "\(next). " }
                    containers[containers.count - 1] = .list(ordered: ordered, next: next + 1)
                }
                containers.append(.item(marker: marker, written: false))
            } else {
                if case .item(_, false)? = containers.last { write("") }
                containers.removeLast()
            }
        case .codeBlock(let code):
            startBlock()
            var code = code.utf8[...]
            while code.last == UInt8(ascii: "\n") || code.last == UInt8(ascii: "\r") { code.removeLast() }
            for line in code.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                write("    " + String(decoding: line, as: UTF8.self))
            }
        case .thematicBreak:
            startBlock()
            write("* * *")
        case .text(let text):
            inline?.append(text)
        case .softBreak:
            inline?.append(" ")
        case .lineBreak:
            inline?.append("\n")
            hasHardBreak = true
        case .link(let destination), .image(let destination):
            if entering {
                links.append((destination, inline?.utf8.count ?? 0))
            } else if let link = links.popLast(), let text = inline {
                let label = String(decoding: text.utf8.dropFirst(link.start), as: UTF8.self)
                inline?.append(Self.suffix(for: link.destination, label: label))
            }
        }
    }

    /// What follows a link's text: ` (destination)`, or the destination alone, or nothing.
    static func suffix(for destination: String, label: String) -> String {
        guard !destination.isEmpty else { return "" }
        let shown = destination.hasPrefix("mailto:") ? String(destination.dropFirst("mailto:".count)) : destination
        let text = PlainText.collapsingWhiteSpace(label)
        if text.isEmpty { return shown }
        if text == destination || text == shown { return "" }
        return " (" + shown + ")"
    }

    /// A new block: a blank line before its first line, unless it is the first or in a list.
    mutating func startBlock() {
        guard !lines.isEmpty, !isInList, pendingBlank == nil else { return }
        pendingBlank = prefix(consumingMarkers: false)
    }

    mutating func writeInline() {
        guard let text = inline else { return }
        inline = nil
        links = []
        defer { hasHardBreak = false }
        // Split at hard breaks as bytes: splitting a String walks its Characters, which is slow.
        let lines = hasHardBreak
            ? text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            : [text]
        for line in lines {
            let collapsed = PlainText.collapsingWhiteSpace(line)
            if !collapsed.isEmpty { write(collapsed) }
        }
    }

    mutating func write(_ text: some StringProtocol) {
        if let blank = pendingBlank {
            lines.append(Self.trimmingTrailingSpaces(blank))
            pendingBlank = nil
        }
        var line = prefix(consumingMarkers: true)
        line += text
        lines.append(line.utf8.last == UInt8(ascii: " ") ? Self.trimmingTrailingSpaces(line) : line)
    }

    /// What the containers write in front of a line: `> ` for a quote, an item's marker on its
    /// first line and as many spaces after it.
    mutating func prefix(consumingMarkers: Bool) -> String {
        var prefix = ""
        for index in containers.indices {
            switch containers[index] {
            case .quote: prefix += "> "
            case .list: break
            case .item(let marker, let written):
                if written || !consumingMarkers {
                    prefix += String(repeating: " ", count: marker.count)
                } else {
                    prefix += marker
                    containers[index] = .item(marker: marker, written: true)
                }
            }
        }
        return prefix
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }
}
