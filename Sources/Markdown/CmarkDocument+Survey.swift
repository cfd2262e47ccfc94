internal import CCmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What one read-only walk over the tree finds: the facts for `RenderedMarkdown` and the
/// nodes to edit afterwards. Lives only inside `CmarkDocument.render(utf8:options:isValidUTF8:)`.
struct Survey {
    var headings: [Heading] = []
    var headingNodes: [OpaquePointer] = []
    var links: [MarkdownLink] = []
    var linkNodes: [OpaquePointer] = []
    var rawHTMLNodes: [OpaquePointer] = []
    /// Where the raw HTML nodes are: each block, and the first inline tag of each line of a block.
    var rawHTML: [RemovedHTML] = []
    var summaryText: String?
    /// The UTF-8 of all the text (`RenderedMarkdown.plainText`): the blocks with text, separated by line feeds.
    var plainText: [UInt8] = []
    /// Where the text of each paragraph and heading is in `plainText`, white space collapsed.
    var blockTexts: [OpaquePointer: Range<Int>] = [:]

    /// Links that look like autolinks, whose column is looked up once the walk is done.
    private var autolinkSearches: [(link: Int, search: SourceLines.NeedleSearch)] = []

    init(of document: OpaquePointer, lines: SourceLines) {
        var headingIDs = HeadingIDs()
        // The UTF-8 text of the paragraph or heading being walked (they never nest), when `inBlock`.
        var blockText: [UInt8] = []
        var inBlock = false
        // The block and line of the last inline HTML recorded in `rawHTML`.
        var lastInline: (parent: OpaquePointer?, line: Int32)?
        CmarkDocument.walk(document) { node, entering in
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                guard !entering else {
                    blockText.removeAll(keepingCapacity: true)
                    inBlock = true
                    return
                }
                let separated = !plainText.isEmpty
                if separated { plainText.append(UInt8(ascii: "\n")) }
                var range = plainText.count ..< plainText.count
                if inBlock { blockText.withUnsafeBufferPointer { PlainText.appendCollapsed($0, to: &plainText) } }
                inBlock = false
                range = range.lowerBound ..< plainText.count
                if range.isEmpty, separated {
                    plainText.removeLast()
                    range = plainText.count ..< plainText.count
                }
                blockTexts[node] = range
                var text: String { String(decoding: plainText[range], as: UTF8.self) }
                if type == CMARK_NODE_HEADING {
                    let level = min(max(Int(cmark_node_get_heading_level(node)), 1), 6)
                    let (line, column) = CmarkDocument.position(of: node, in: lines)
                    let text = text
                    headings.append(Heading(
                        level: level, text: text, id: headingIDs.makeID(for: text), line: line, column: column
                    ))
                    headingNodes.append(node)
                } else if summaryText == nil, !range.isEmpty, isTopLevel(node) {
                    summaryText = text
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if inBlock { blockText.append(contentsOf: CmarkDocument.bytes(cmark_node_get_literal(node))) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if inBlock { blockText.append(UInt8(ascii: " ")) }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                rawHTMLNodes.append(node)
                let isBlock = type == CMARK_NODE_HTML_BLOCK
                let parent = cmark_node_parent(node), line = cmark_node_get_start_line(node)
                if !isBlock, let last = lastInline, last.parent == parent, last.line == line {
                    return
                }
                if !isBlock { lastInline = (parent, line) }
                let (startLine, column) = CmarkDocument.position(of: node, in: lines)
                rawHTML.append(RemovedHTML(
                    isBlock: isBlock, excerpt: Self.excerpt(of: cmark_node_get_literal(node)),
                    line: startLine, column: column
                ))
            case CMARK_NODE_CODE_BLOCK:
                var code = CmarkDocument.string(cmark_node_get_literal(node))
                while let last = code.last, last.isNewline {
                    code.removeLast()
                }
                if !code.isEmpty {
                    if !plainText.isEmpty { plainText.append(UInt8(ascii: "\n")) }
                    plainText.append(contentsOf: code.utf8)
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                guard entering else {
                    return
                }
                let destination = CmarkDocument.string(cmark_node_get_url(node))
                let (line, column) = CmarkDocument.position(of: node, in: lines)
                if type == CMARK_NODE_LINK, let search = autolinkSearch(for: node, destination: destination) {
                    autolinkSearches.append((links.count, search))
                }
                links.append(MarkdownLink(
                    destination: destination,
                    isImage: type == CMARK_NODE_IMAGE,
                    line: line,
                    column: column
                ))
                linkNodes.append(node)
            default:
                break
            }
        }
        placeAutolinks(in: lines)
    }

    /// Where a link starts. cmark 0.30 gets the line of an autolink (`<https://…>`) right
    /// but counts its column from the start of the paragraph's text, not of the line, so
    /// an autolink in a block quote, a list or on a paragraph's later line would be
    /// misplaced. For a link that looks like an autolink (its only child is its own text),
    /// the column is found by looking for `<text>` on that line instead
    /// (`SourceLines.byteColumns(of:)`); if it is not there (a `[text](text)` link, entities
    /// in the text) cmark's column stands. The lookups are made after the walk, those of
    /// one line in one read of it, so many links on one line cost linear time.
    private func autolinkSearch(for node: OpaquePointer, destination: String) -> SourceLines.NeedleSearch? {
        guard let child = cmark_node_first_child(node),
              cmark_node_next(child) == nil,
              cmark_node_get_type(child) == CMARK_NODE_TEXT else {
            return nil
        }
        let text = CmarkDocument.string(cmark_node_get_literal(child))
        guard !text.isEmpty, destination == text || destination == "mailto:" + text else {
            return nil
        }
        return SourceLines.NeedleSearch(line: Int(cmark_node_get_start_line(node)), needle: Array("<\(text)>".utf8))
    }

    private mutating func placeAutolinks(in lines: SourceLines) {
        let columns = lines.byteColumns(of: autolinkSearches.map(\.search))
        for ((link, search), byteColumn) in zip(autolinkSearches, columns) {
            guard let byteColumn else {
                continue
            }
            (links[link].line, links[link].column) = lines.position(line: search.line, byteColumn: byteColumn)
        }
    }

    /// The first line of an HTML literal, trimmed, at most 40 characters.
    private static func excerpt(of literal: UnsafePointer<CChar>?) -> String {
        let text = CmarkDocument.string(literal)
        let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let trimmed = firstLine.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.count > 40 ? String(trimmed.prefix(39)) + "…" : String(trimmed)
    }

    private func isTopLevel(_ node: OpaquePointer) -> Bool {
        guard let parent = cmark_node_parent(node) else {
            return false
        }
        return cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT
    }
}
