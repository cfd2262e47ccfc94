import Foundation
import Markdown
import Templating

/// How parsed content is stored in the build cache. One `write` and one `read` per type, kept
/// side by side so that a field added to one is visibly missing from the other.
extension BinaryWriter {
    /// A release with its texts, read back where they wait (a text that cannot be is noted, as in `Release.body`).
    mutating func write(_ release: Release) {
        let body = release.body
        write(release, texts: Release.TextSources(html: .bytes(Array(body.html.utf8)), plainText: .bytes(Array(body.plainText.utf8)),
                                                  text: .bytes(Array(body.text.utf8)), words: .bytes(Array(release.searchWords.utf8))))
    }

    /// `texts` are the release's own, from where they wait (`Release.textSources()`); nil when
    /// they are in memory.
    mutating func write(_ release: Release, texts: Release.TextSources?) {
        write(release.sourcePath)
        write(release.bundleDirectory)
        write(release.bundleFiles) { $0.write($1) }
        write(release.title)
        write(release.subtitle)
        write(release.dateline)
        write(release.summary)
        write(release.category)
        write(release.tags) { $0.write($1) }
        write(release.contacts) { $0.write($1) }
        write(release.image != nil)
        if let image = release.image { write(image) }
        write(release.imageAlt)
        write(release.imageCaption != nil)
        if let caption = release.imageCaption { write(caption) }
        write(release.imageCredit)
        write(release.attachments) { writer, attachment in
            writer.write(attachment.title)
            writer.write(attachment.asset)
            writer.write(attachment.size != nil)
            if let size = attachment.size { writer.write(size) }
        }
        write(release.slug)
        write(release.date.timeIntervalSinceReferenceDate)
        write(release.updated != nil)
        if let updated = release.updated { write(updated.timeIntervalSinceReferenceDate) }
        write(release.draft)
        write(release.embargo != nil)
        if let embargo = release.embargo { write(embargo.timeIntervalSinceReferenceDate) }
        write(release.aliases) { writer, alias in
            writer.write(alias.path)
            writer.write(alias.location)
        }
        write(TemplateValue.object(release.params))
        write(body: release.outline, texts: texts)
        write(release.bodyFirstLine)
        write(release.boilerplate != nil)
        if let boilerplate = release.boilerplate { write(boilerplate) }
        write(release.dateHasTime)
        write(release.updates) { writer, update in
            writer.write(update.date.timeIntervalSinceReferenceDate)
            writer.write(update.hasTime)
            writer.write(update.note)
            writer.write(update.rendered)
            writer.write(update.location)
        }
        write(release.shownTitle)
        write(release.shownSubtitle != nil)
        if let shownSubtitle = release.shownSubtitle { write(shownSubtitle) }
        write(longText: texts?.words ?? .bytes(Array(release.searchWords.utf8)))
        write(release.bodyOpensWithParagraph)
    }

    mutating func write(_ asset: Asset) {
        switch asset {
        case .external(let address): write(count: 0); write(address)
        case .bundle(let relative): write(count: 1); write(relative)
        case .media(let relative): write(count: 2); write(relative)
        }
    }

    mutating func write(_ location: SourceLocation) {
        write(location.path)
        write(count: location.line)
        write(count: location.column)
    }

    mutating func write(_ diagnostic: Diagnostic) {
        write(diagnostic.severity == .error)
        write(diagnostic.location)
        write(diagnostic.message)
    }

    mutating func write(_ markdown: RenderedMarkdown) {
        write(markdown, long: nil)
    }

    /// A release's body, its HTML, plain text and text layout as long texts (`write(longText:)`):
    /// `texts`, from where they wait, or the body's own when nil.
    mutating func write(body: RenderedMarkdown, texts: Release.TextSources?) {
        write(body, long: texts ?? Release.TextSources(html: .bytes(Array(body.html.utf8)), plainText: .bytes(Array(body.plainText.utf8)),
                                                      text: .bytes(Array(body.text.utf8)), words: .bytes([])))
    }

    /// `markdown`, with `long` written in place of its HTML, plain text and text layout as long texts.
    private mutating func write(_ markdown: RenderedMarkdown, long: Release.TextSources?) {
        if let long { write(longText: long.html) } else { write(markdown.html) }
        write(markdown.summaryText)
        if let long { write(longText: long.plainText) } else { write(markdown.plainText) }
        write(markdown.headings) { writer, heading in
            writer.write(count: heading.level)
            writer.write(heading.text)
            writer.write(heading.id)
            writer.write(count: heading.line)
            writer.write(count: heading.column)
        }
        write(markdown.links) { writer, link in
            writer.write(link.destination)
            writer.write(link.isImage)
            writer.write(count: link.line)
            writer.write(count: link.column)
        }
        write(markdown.linkSlots) { writer, slot in
            writer.write(count: slot.offset)
            writer.write(slot.base == .site)
        }
        if let long { write(longText: long.text) } else { write(markdown.text) }
        write(markdown.textLinkSlots) { writer, slot in
            writer.write(count: slot.offset)
            writer.write(slot.base == .site)
        }
    }

    mutating func write(_ value: TemplateValue) {
        switch value {
        case .null: write(count: 0)
        case .bool(let flag): write(count: 1); write(flag)
        case .int(let number): write(count: 2); write(number)
        case .double(let number): write(count: 3); write(number)
        case .string(let text): write(count: 4); write(text)
        case .safe(let text): write(count: 5); write(text)
        case .array(let items): write(count: 6); write(items) { $0.write($1) }
        case .object(let object):
            write(count: 7)
            write(object.pairs) { writer, pair in
                writer.write(pair.key)
                writer.write(pair.value)
            }
        }
    }
}

extension BinaryReader {
    mutating func readRelease() throws(CacheFormatError) -> Release {
        let sourcePath = try readString()
        let bundleDirectory = try readOptionalString()
        let bundleFiles = try readArray { reader throws(CacheFormatError) in try reader.readString() }
        let title = try readString()
        let subtitle = try readOptionalString()
        let dateline = try readOptionalString()
        let summary = try readOptionalString()
        let category = try readOptionalString()
        let tags = try readArray { reader throws(CacheFormatError) in try reader.readString() }
        let contacts = try readArray { reader throws(CacheFormatError) in try reader.readString() }
        let image = try readBool() ? try readAsset() : nil
        let imageAlt = try readOptionalString()
        let imageCaption = try readBool() ? try readMarkdown() : nil
        let imageCredit = try readOptionalString()
        let attachments = try readArray { reader throws(CacheFormatError) in
            Attachment(title: try reader.readString(), asset: try reader.readAsset(),
                       size: try reader.readBool() ? try reader.readInt() : nil)
        }
        let slug = try readString()
        let date = Date(timeIntervalSinceReferenceDate: try readDouble())
        let updated = try readBool() ? Date(timeIntervalSinceReferenceDate: try readDouble()) : nil
        let draft = try readBool()
        let embargo = try readBool() ? Date(timeIntervalSinceReferenceDate: try readDouble()) : nil
        let aliases = try readArray { reader throws(CacheFormatError) in
            Release.Alias(path: try reader.readString(), location: try reader.readLocation())
        }
        guard case .object(let params) = try readTemplateValue(depth: 0) else {
            throw CacheFormatError(reason: "a release's params are not an object")
        }
        // Taken apart once: each use of a part of the pair copied all of it (four copies a release).
        let (body, bodyTexts) = try readMarkdown(long: true)
        var release = Release(Release.Fields(
            sourcePath: sourcePath, bundleDirectory: bundleDirectory, bundleFiles: bundleFiles, title: title,
            subtitle: subtitle, dateline: dateline, summary: summary, category: category, tags: tags,
            contacts: contacts, image: image, imageAlt: imageAlt, imageCaption: imageCaption, imageCredit: imageCredit,
            attachments: attachments, slug: slug, date: date,
            updated: updated, draft: draft, embargo: embargo, aliases: aliases, params: params,
            body: body, bodyFirstLine: try readInt(),
            boilerplate: try readBool() ? try readMarkdown() : nil))
        release.dateHasTime = try readBool()
        release.updates = try readArray { reader throws(CacheFormatError) in
            Release.Update(date: Date(timeIntervalSinceReferenceDate: try reader.readDouble()), hasTime: try reader.readBool(),
                           note: try reader.readString(), rendered: try reader.readMarkdown(), location: try reader.readLocation())
        }
        release.shownTitle = try readString()
        release.shownSubtitle = try readBool() ? try readString() : nil
        let words = try readLongText()
        let opensWithParagraph = try readBool()
        if case (.stored(let html), .stored(let plainText), .stored(let text), .stored(let wordsRecord))
            = (bodyTexts.html, bodyTexts.plainText, bodyTexts.text, words) {
            release[dynamicMember: \Release.Fields.stored] = Release.StoredTexts(html: html, plainText: plainText, text: text,
                                                                   words: wordsRecord, opensWithParagraph: opensWithParagraph)
        } else {
            release.searchWords = words.text
        }
        return release
    }

    mutating func readAsset() throws(CacheFormatError) -> Asset {
        switch try readCount() {
        case 0: return .external(try readString())
        case 1: return .bundle(relativePath: try readString())
        case 2: return .media(relativePath: try readString())
        default: throw CacheFormatError(reason: "an asset has an unknown kind")
        }
    }

    mutating func readLocation() throws(CacheFormatError) -> SourceLocation {
        SourceLocation(path: try readString(), line: try readCount(), column: try readCount())
    }

    mutating func readDiagnostic() throws(CacheFormatError) -> Diagnostic {
        let severity: Diagnostic.Severity = try readBool() ? .error : .warning
        return Diagnostic(severity, at: try readLocation(), try readString())
    }

    mutating func readMarkdown() throws(CacheFormatError) -> RenderedMarkdown {
        try readMarkdown(long: false).markdown
    }

    /// A body's HTML, plain text and text layout as read: inline, or waiting in the trailing texts.
    struct LongTexts {
        var html, plainText, text: LongText
    }

    /// With `long`, a release's body (`write(body:texts:)`): its HTML, plain text and text layout
    /// are long texts, in the body when they are inline and left empty there when they wait.
    mutating func readMarkdown(long: Bool) throws(CacheFormatError) -> (markdown: RenderedMarkdown, texts: LongTexts) {
        func text(_ reader: inout BinaryReader) throws(CacheFormatError) -> LongText {
            long ? try reader.readLongText() : .inline(try reader.readString())
        }
        func slots(_ reader: inout BinaryReader) throws(CacheFormatError) -> [LinkSlot] {
            try reader.readArray { reader throws(CacheFormatError) in
                LinkSlot(offset: try reader.readCount(), base: try reader.readBool() ? .site : .page)
            }
        }
        let html = try text(&self)
        let summaryText = try readOptionalString()
        let plainText = try text(&self)
        let headings = try readArray { reader throws(CacheFormatError) in
            Heading(level: try reader.readCount(), text: try reader.readString(), id: try reader.readString(),
                    line: try reader.readCount(), column: try reader.readCount())
        }
        let links = try readArray { reader throws(CacheFormatError) in
            MarkdownLink(destination: try reader.readString(), isImage: try reader.readBool(),
                         line: try reader.readCount(), column: try reader.readCount())
        }
        let linkSlots = try slots(&self)
        let layout = try text(&self)
        let textLinkSlots = try slots(&self)
        // Checked against the texts' sizes, wherever the texts are.
        for (found, size) in [(linkSlots, html.count), (textLinkSlots, layout.count)] {
            var previous = 0
            for slot in found {
                guard slot.offset >= previous, slot.offset <= size else {
                    throw CacheFormatError(reason: "a link position is out of order or past the end of its text")
                }
                previous = slot.offset
            }
        }
        let markdown = RenderedMarkdown(html: html.text, summaryText: summaryText, plainText: plainText.text, headings: headings,
                                        links: links, linkSlots: linkSlots, text: layout.text, textLinkSlots: textLinkSlots)
        return (markdown, LongTexts(html: html, plainText: plainText, text: layout))
    }

    /// Front matter nests at most 100 levels (`YAMLNesting`); a deeper value here is damage.
    mutating func readTemplateValue(depth: Int) throws(CacheFormatError) -> TemplateValue {
        guard depth <= 128 else { throw CacheFormatError(reason: "a value nests too deeply") }
        switch try readCount() {
        case 0: return .null
        case 1: return .bool(try readBool())
        case 2: return .int(try readInt())
        case 3: return .double(try readDouble())
        case 4: return .string(try readString())
        case 5: return .safe(try readString())
        case 6: return .array(try readArray { reader throws(CacheFormatError) in try reader.readTemplateValue(depth: depth + 1) })
        case 7:
            let pairs = try readArray { reader throws(CacheFormatError) in
                (try reader.readString(), try reader.readTemplateValue(depth: depth + 1))
            }
            return .object(TemplateObject(pairs))
        default: throw CacheFormatError(reason: "a value has an unknown kind")
        }
    }
}
