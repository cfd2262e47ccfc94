internal import CCmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The only code in the package that touches C, with its walk (`Survey`, in
/// `CmarkDocument+Survey.swift`): parse, walk, edit, render and free.
///
/// Memory: everything cmark allocates for a document (the parser, the nodes, the iterator,
/// each rendered buffer, each new node) comes from that document's `DocumentArena`, freed
/// as a whole when `render(utf8:options:isValidUTF8:)` returns. Node pointers are used only inside
/// that call, never stored beyond it, and no C type reaches the public API.
///
/// The walk is one `cmark_iter` pass (no recursion, so any nesting depth cmark accepts
/// is fine) that only reads; the tree is edited after the walk, never during it.
///
/// Heading ids. cmark's HTML renderer cannot emit attributes, and patching its output
/// text would be fooled by `<h2>` typed as raw HTML or shown in code. So each heading
/// node is rendered on its own by cmark (to `<hN>…</hN>\n`; without
/// `CMARK_OPT_SOURCEPOS` the output always starts with exactly `<hN>`), that opening tag
/// is swapped for `<hN id="…">`, and the heading node is replaced in the tree by an HTML
/// block node holding the result. The whole document is then rendered with
/// `CMARK_OPT_UNSAFE` so that block passes through. That is safe because, before any of
/// this, when `unsafeHTML` is false every raw HTML node the author wrote has been
/// removed from the tree and every dangerous destination emptied (`DestinationSafety`):
/// the only raw HTML left is what this file made, from cmark's own escaped rendering.
/// The text inside the heading (code spans, entities, links) is rendered by cmark as
/// usual, so nothing the author writes can end up inside the tag.
///
/// Positions. The parser gets `CMARK_OPT_SOURCEPOS`: without it cmark 0.30 does not
/// count the line breaks inside a code span or inline HTML, and links after one get the
/// wrong line. The renderer never gets it, so no `data-sourcepos` is emitted.
enum CmarkDocument {
    /// - Parameter isValidUTF8: whether `bytes` are known to be UTF-8 (a string's): else cmark
    ///   checks each line, replacing a bad sequence with U+FFFD (`CMARK_OPT_VALIDATE_UTF8`).
    ///   A NUL byte becomes U+FFFD either way. The check was 1.8% of a clean build's
    ///   instructions, for bodies that are strings already.
    static func render(utf8 bytes: [UInt8], options: MarkdownOptions, isValidUTF8: Bool) -> RenderedMarkdown {
        var parseOptions = CMARK_OPT_SOURCEPOS | (isValidUTF8 ? 0 : CMARK_OPT_VALIDATE_UTF8)
        if options.smartPunctuation {
            parseOptions |= CMARK_OPT_SMART
        }
        // Declared first, so it outlives every use of cmark's memory below.
        let arena = DocumentArena()
        let outer = ArenaAllocator.enter(arena)
        defer { ArenaAllocator.leave(arena, restoring: outer) }
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let parser = cmark_parser_new_with_mem(parseOptions, ArenaAllocator.memory) else { return nil }
            defer { cmark_parser_free(parser) }
            buffer.withMemoryRebound(to: CChar.self) { characters in
                if let base = characters.baseAddress, !characters.isEmpty { cmark_parser_feed(parser, base, characters.count) }
            }
            return cmark_parser_finish(parser)
        }
        guard let document = parsed else {
            return RenderedMarkdown(html: "", summaryText: nil, plainText: "", headings: [], links: [])
        }
        defer { cmark_node_free(document) }

        let survey = Survey(of: document, lines: SourceLines(bytes))

        if !options.unsafeHTML {
            for node in survey.rawHTMLNodes {
                removeRawHTML(node)
            }
        }
        // The marker token is made only for a document with a destination that needs a base.
        var token: [UInt8]?
        for (node, link) in zip(survey.linkNodes, survey.links) {
            var destination = options.rewriteDestination?(link.destination, link.isImage) ?? link.destination
            if !options.unsafeHTML && DestinationSafety.isDangerous(destination) {
                destination = ""
            }
            if let base = LinkBase(of: destination) {
                let made = token ?? LinkMarkers.token(for: bytes)
                token = made
                destination = LinkMarkers.marked(destination, base: base, token: made)
            }
            if destination != link.destination {
                _ = cmark_node_set_url(node, destination)
            }
        }
        // Read before headings become HTML blocks: the layout wants them as headings.
        var text = ""
        var textSlots: [LinkSlot] = []
        if options.textLayout {
            let layout = layoutText(of: document, survey: survey)
            (text, textSlots) = layout.withUnsafeBufferPointer { utf8 in
                token.map { LinkMarkers.extract(from: utf8, token: $0) } ?? (String(repairingUTF8: utf8), [])
            }
        }
        if options.headingIDs {
            for (node, heading) in zip(survey.headingNodes, survey.headings) {
                replaceWithIdentifiedHeading(node, level: heading.level, id: heading.id)
            }
        }

        let (rendered, slots) = html(of: document, token: token)
        return RenderedMarkdown(
            html: rendered,
            summaryText: survey.summaryText,
            plainText: survey.plainText.withUnsafeBufferPointer(String.init(repairingUTF8:)),
            headings: survey.headings,
            links: survey.links,
            linkSlots: slots,
            removedHTML: options.unsafeHTML ? [] : survey.rawHTML,
            text: text,
            textLinkSlots: textSlots
        )
    }

    /// The edited tree laid out as text (`TextLayout`), with no C type passed on: one event per
    /// node entered or left (leaves are only entered), the text of text and code nodes as bytes.
    /// Emphasis and raw HTML give none.
    private static func layoutText(of document: OpaquePointer, survey: Survey) -> [UInt8] {
        var layout = TextLayout()
        walk(document) { node, entering in
            let element: TextLayout.Node
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH: element = .paragraph
            case CMARK_NODE_HEADING: element = .heading
            case CMARK_NODE_BLOCK_QUOTE: element = .blockQuote
            case CMARK_NODE_LIST:
                element = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                                start: Int(cmark_node_get_list_start(node)))
            case CMARK_NODE_ITEM: element = .item
            case CMARK_NODE_CODE_BLOCK: element = .codeBlock(string(cmark_node_get_literal(node)))
            case CMARK_NODE_THEMATIC_BREAK: element = .thematicBreak
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                layout.append(bytes(cmark_node_get_literal(node)))
                return
            case CMARK_NODE_SOFTBREAK: element = .softBreak
            case CMARK_NODE_LINEBREAK: element = .lineBreak
            case CMARK_NODE_LINK: element = .link(destination: string(cmark_node_get_url(node)))
            case CMARK_NODE_IMAGE: element = .image(destination: string(cmark_node_get_url(node)))
            default: return
            }
            let event = TextLayout.Event(entering: entering, node: element)
            if !entering, let range = survey.blockTexts[node] {
                survey.plainText.withUnsafeBufferPointer { layout.handle(event, collapsedText: UnsafeBufferPointer(rebasing: $0[range])) }
            } else {
                layout.handle(event)
            }
        }
        return layout.utf8
    }

    /// Calls `visit` with each node of `document` as cmark's iterator enters it, and again as it
    /// leaves it (leaves are only entered), in document order.
    static func walk(_ document: OpaquePointer, _ visit: (_ node: OpaquePointer, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(document) else {
            return
        }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            guard event == CMARK_EVENT_ENTER || event == CMARK_EVENT_EXIT else {
                break
            }
            if let node = cmark_iter_get_node(iterator) {
                visit(node, event == CMARK_EVENT_ENTER)
            }
        }
    }

    // MARK: - Editing

    /// Removes one raw HTML node (a leaf), and its paragraph when nothing is left in it.
    private static func removeRawHTML(_ node: OpaquePointer) {
        let parent = cmark_node_parent(node)
        cmark_node_unlink(node)
        cmark_node_free(node)
        if let parent, cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH, cmark_node_first_child(parent) == nil {
            cmark_node_unlink(parent)
            cmark_node_free(parent)
        }
    }

    /// Replaces a heading node by an HTML block holding cmark's own rendering of it with
    /// an `id` added. Leaves the heading as it is when anything unexpected happens.
    private static func replaceWithIdentifiedHeading(_ heading: OpaquePointer, level: Int, id: String) {
        guard let rendered = html(of: heading) else {
            return
        }
        let openingTag = Array("<h\(level)>".utf8)
        let renderedBytes = Array(rendered.utf8)
        guard renderedBytes.starts(with: openingTag) else {
            return
        }
        let literal = "<h\(level) id=\"\(HeadingIDs.escapedAttribute(id))\">"
            + String(decoding: renderedBytes[openingTag.count...], as: UTF8.self)

        guard let block = cmark_node_new_with_mem(CMARK_NODE_HTML_BLOCK, ArenaAllocator.memory) else {
            return
        }
        var adoptedByTree = false
        defer {
            if !adoptedByTree {
                cmark_node_free(block)
            }
        }
        guard cmark_node_set_literal(block, literal) == 1, cmark_node_replace(heading, block) == 1 else {
            return
        }
        adoptedByTree = true
        // `cmark_node_replace` unlinked the heading; it is ours to free now.
        cmark_node_free(heading)
    }

    // MARK: - Reading

    /// cmark's HTML for `node` and its descendants; raw HTML nodes pass through (see the
    /// type's comment for why that is safe).
    private static func html(of node: OpaquePointer) -> String? {
        guard let rendered = cmark_render_html(node, CMARK_OPT_UNSAFE) else {
            return nil
        }
        return String(cString: rendered)
    }

    /// `html(of:)` with the markers of `token` taken out (read from cmark's buffer in place),
    /// and where each marked destination starts.
    private static func html(of node: OpaquePointer, token: [UInt8]?) -> (text: String, slots: [LinkSlot]) {
        guard let rendered = cmark_render_html(node, CMARK_OPT_UNSAFE) else {
            return ("", [])
        }
        let output = bytes(rendered)
        guard let token else { return (String(repairingUTF8: output), []) }
        return LinkMarkers.extract(from: output, token: token)
    }

    /// The bytes of a C string, read in place: valid only while cmark keeps it.
    static func bytes(_ pointer: UnsafePointer<CChar>?) -> UnsafeBufferPointer<UInt8> {
        guard let pointer else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else {
            return ""
        }
        return String(cString: pointer)
    }

    static func position(of node: OpaquePointer, in lines: SourceLines) -> (line: Int, column: Int) {
        lines.position(
            line: Int(cmark_node_get_start_line(node)),
            byteColumn: Int(cmark_node_get_start_column(node))
        )
    }
}

/// cmark's allocator, sent to the `DocumentArena` of the document being read on this thread
/// (cmark's allocator functions take no context). Everything cmark allocates for a document
/// is allocated inside `CmarkDocument.render(utf8:options:isValidUTF8:)`, on its thread, and freed with
/// the arena when that call ends; nothing of it is used after.
private enum ArenaAllocator {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        guard pthread_key_create(&key, nil) == 0 else { fatalError("no thread-local key for cmark's memory") }
        return key
    }()

    nonisolated(unsafe) static let memory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(
            calloc: { count, size in withCurrent { $0.allocate(count * size, zeroed: true) } },
            realloc: { block, size in withCurrent { $0.reallocate(block, size) } },
            free: { _ in }
        ))
        return memory
    }()

    /// `body` with this thread's arena, borrowed: `enter` keeps it alive until `leave`, so no
    /// call of cmark's allocator retains and releases it (half a percent of a clean build).
    private static func withCurrent<Result>(_ body: (DocumentArena) -> Result) -> Result {
        guard let arena = pthread_getspecific(key) else { fatalError("cmark allocated outside a document") }
        return Unmanaged<DocumentArena>.fromOpaque(arena)._withUnsafeGuaranteedRef(body)
    }

    /// Makes `arena` this thread's; returns the one it replaces, for `leave`.
    static func enter(_ arena: DocumentArena) -> UnsafeMutableRawPointer? {
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(arena).toOpaque())
        return outer
    }

    static func leave(_ arena: DocumentArena, restoring outer: UnsafeMutableRawPointer?) {
        pthread_setspecific(key, outer)
        withExtendedLifetime(arena) {}
    }
}
