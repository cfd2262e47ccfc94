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
struct TextLayout {
    /// A node entered or left (leaves are only entered); the text of text and code nodes is
    /// given to `append(_:)` instead.
    enum Node {
        case paragraph, heading, blockQuote, item, thematicBreak
        case list(ordered: Bool, start: Int)
        case codeBlock(String)
        case softBreak, lineBreak
        case link(destination: String), image(destination: String)
    }

    struct Event {
        var entering: Bool
        var node: Node
    }

    private var layout = Layout()

    /// - Parameter collapsedText: as a paragraph or heading is left, its text with white space
    ///   collapsed (`PlainText`), when the caller has it already: used when the block has no link,
    ///   image or hard break, as then the layout's line is that text.
    mutating func handle(_ event: Event, collapsedText: UnsafeBufferPointer<UInt8>? = nil) {
        layout.handle(event, collapsedText: collapsedText)
    }

    /// The UTF-8 text of a text or code node.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) { layout.appendText(text) }

    /// The UTF-8 of the text laid out so far, lines separated by line feeds.
    var utf8: [UInt8] { layout.output }
}

private struct Layout {
    enum Container {
        case quote
        case list(ordered: Bool, next: Int)
        /// Its marker, written in front of its first line; the lines after it are indented as far.
        case item(marker: String, written: Bool)
    }

    /// The lines written, separated by line feeds.
    var output: [UInt8] = []
    var lineCount = 0
    var containers: [Container] = []
    /// The UTF-8 text of the paragraph or heading being read (they never nest), when `isInline`.
    var inline: [UInt8] = []
    var isInline = false
    /// Links and images being read: the destination and where their text starts in `inline`.
    var links: [(destination: String, start: Int)] = []
    /// Whether the paragraph or heading being read has a link or an image, or a hard line break.
    var hasLink = false
    var hasHardBreak = false
    /// The blank line owed before the next line written, as the containers around it write it.
    var pendingBlank: String?
    /// Room for one collapsed line.
    var scratch: [UInt8] = []

    var isInList: Bool {
        containers.contains { if case .list = $0 { true } else { false } }
    }

    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        if isInline { inline.append(contentsOf: text) }
    }

    mutating func handle(_ event: TextLayout.Event, collapsedText: UnsafeBufferPointer<UInt8>?) {
        let entering = event.entering
        switch event.node {
        case .paragraph, .heading:
            if entering {
                startBlock()
                inline.removeAll(keepingCapacity: true)
                isInline = true
            } else {
                writeInline(collapsedText: collapsedText)
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
        case .softBreak:
            if isInline { inline.append(UInt8(ascii: " ")) }
        case .lineBreak:
            if isInline { inline.append(UInt8(ascii: "\n")) }
            hasHardBreak = true
        case .link(let destination), .image(let destination):
            hasLink = true
            if entering {
                links.append((destination, isInline ? inline.count : 0))
            } else if let link = links.popLast(), isInline {
                let label = inline.withUnsafeBufferPointer {
                    PlainText.collapsingWhiteSpace(utf8: UnsafeBufferPointer(rebasing: $0[min(link.start, $0.count)...]))
                }
                inline.append(contentsOf: Self.suffix(for: link.destination, label: label).utf8)
            }
        }
    }

    /// What follows a link's text (`text`, white space collapsed): ` (destination)`, or the
    /// destination alone, or nothing.
    static func suffix(for destination: String, label text: String) -> String {
        guard !destination.isEmpty else { return "" }
        let shown = destination.hasPrefix("mailto:") ? String(destination.dropFirst("mailto:".count)) : destination
        if text.isEmpty { return shown }
        if text == destination || text == shown { return "" }
        return " (" + shown + ")"
    }

    /// A new block: a blank line before its first line, unless it is the first or in a list.
    mutating func startBlock() {
        guard lineCount > 0, !isInList, pendingBlank == nil else { return }
        pendingBlank = prefix(consumingMarkers: false)
    }

    mutating func writeInline(collapsedText: UnsafeBufferPointer<UInt8>?) {
        guard isInline else { return }
        isInline = false
        links = []
        defer { hasHardBreak = false; hasLink = false }
        if let collapsedText, !hasLink, !hasHardBreak {
            if !collapsedText.isEmpty { write(collapsedText) }
            return
        }
        // Split at hard breaks as bytes: splitting a String walks its Characters, which is slow.
        let text = inline
        text.withUnsafeBufferPointer { text in
            let lines = hasHardBreak
                ? text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                : [text[...]]
            for line in lines {
                var collapsed = scratch
                scratch = []
                collapsed.removeAll(keepingCapacity: true)
                PlainText.appendCollapsed(UnsafeBufferPointer(rebasing: line), to: &collapsed)
                if !collapsed.isEmpty { collapsed.withUnsafeBufferPointer { write($0) } }
                scratch = collapsed
            }
        }
    }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    mutating func write(_ text: UnsafeBufferPointer<UInt8>) {
        if let blank = pendingBlank {
            pendingBlank = nil
            startLine()
            output.append(contentsOf: blank.utf8)
            trimTrailingSpaces()
        }
        startLine()
        output.append(contentsOf: prefix(consumingMarkers: true).utf8)
        output.append(contentsOf: text)
        trimTrailingSpaces()
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

    private var lineStart = 0

    mutating func startLine() {
        if lineCount > 0 { output.append(UInt8(ascii: "\n")) }
        lineCount += 1
        lineStart = output.count
    }

    /// Drops the spaces that end the line being written: Characters that are a space, so a space
    /// after a non-ASCII byte (which may share its Character) is judged as a Character.
    mutating func trimTrailingSpaces() {
        while output.count > lineStart, output.last == UInt8(ascii: " ") {
            if output.count - 1 > lineStart, output[output.count - 2] >= 0x80 {
                var line = Substring(String(decoding: output[lineStart...], as: UTF8.self))
                while line.last == " " { line.removeLast() }
                output.removeSubrange(lineStart...)
                output.append(contentsOf: line.utf8)
                return
            }
            output.removeLast()
        }
    }
}
