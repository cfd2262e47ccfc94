import Foundation
import Markdown
import Templating

/// The values of one release, and of the contacts and tags it names.
extension TemplateContext {
    /// The key lists of the objects made once per release or page, each kept once
    /// (`TemplateObject.SharedKeys`).
    enum SharedKeys {
        static let release = TemplateObject.SharedKeys()
        static let searchEntry = TemplateObject.SharedKeys()
        static let sitemapEntry = TemplateObject.SharedKeys()
        static let tag = TemplateObject.SharedKeys()
        static let attachment = TemplateObject.SharedKeys()
        static let update = TemplateObject.SharedKeys()
        static let contact = TemplateObject.SharedKeys()
    }

    /// A release as templates see it (DESIGN.md, "Core of the context"). In the `.absolute`
    /// form (feeds) every URL is absolute, links in the body too, and the body is plain text of
    /// HTML for the feed template to escape, not safe HTML.
    /// - Parameter about: the site's boilerplate, for a release that does not set its own.
    /// - Parameter contactValues: the site's contacts as `contact(_:urls:)` makes them, in the
    ///   config's order, shared by the releases that name them (root-relative form only).
    /// - Parameter tagValues: tags as `releaseTag` makes them, by name, shared by the releases
    ///   that name them (root-relative form only); a name missing there is made for the release.
    /// - Parameter host: the site's host (`SiteURLs.host`), when worked out already.
    static func release(_ release: Release, plan: SitePlan, isPreview: Bool, about: SiteBoilerplate?,
                        contactValues: [TemplateValue]? = nil, tagValues: [String: TemplateValue] = [:], host: String? = nil,
                        form: SiteURLs.Form = .rootRelative) -> TemplateValue {
        let config = plan.site.config
        let urls = config.urls
        let path = plan.url(of: release)
        let date = ContentDate.iso8601(release.date, timeZone: config.timeZone)
        let sharedTags = form == .rootRelative ? tagValues : [:]
        let tags: [TemplateValue] = release.tagNames.map { name in sharedTags[name] ?? releaseTag(name, urls: urls, form) }
        let attachments: [TemplateValue] = release.attachments.map { attachment in
            .object(TemplateObject([
                ("title", .string(attachment.title)), ("url", .string(urls.url(of: attachment.asset, page: path, form))),
                ("size", attachment.size.map { .string(Self.humanSize($0)) } ?? .null),
            ], sharing: SharedKeys.attachment))
        }
        let shared = form == .rootRelative ? contactValues : nil
        let contacts = release.contacts.compactMap { id in config.contacts.firstIndex { $0.id == id } }
            .map { shared?[$0] ?? Self.contact(config.contacts[$0], urls: urls, form) }
        let hold = PreviewHold(release, now: plan.clockNow, isPreview: isPreview)
        let image = release.image
        // The effective boilerplate: the release's own (`boilerplate: ""` is none), else the site's.
        let (boilerplate, boilerplateText) = release.boilerplate.map { SiteBoilerplate.shown($0, urls: urls, page: path, form) }
            ?? about?.shown(urls: urls, page: path, form) ?? (nil, nil)
        let updates: [TemplateValue] = release.updatesNewestFirst.map { update in
            let note = Self.inline(urls.html(update.rendered, page: path, form))
            return .object(TemplateObject([
                ("date", .string(ContentDate.iso8601(update.date, timeZone: config.timeZone))),
                ("has_time", .bool(update.hasTime)),
                ("note", form == .absolute ? .string(note) : .safe(note)),
                ("note_text", .string(urls.text(update.rendered, page: path))),
            ], sharing: SharedKeys.update))
        }
        var value = TemplateObject([
            ("id", .string(Self.entryID(date: date, path: path, host: host ?? urls.host))),
            ("title", .string(release.shownTitle)),
            ("subtitle", release.shownSubtitle.map(TemplateValue.string) ?? .null),
            ("category", release.category.map(TemplateValue.string) ?? .null),
            ("category_url", release.category.map { .string(urls.url(Route.tag(Slug.make($0)), form)) } ?? .null),
            ("date", .string(date)),
            ("has_time", .bool(release.dateHasTime)),
            ("updated", .string(ContentDate.iso8601(release.modified, timeZone: config.timeZone))),
            ("is_updated", .bool(release.isUpdated)),
            ("updates", .array(updates)),
            ("year", .int(plan.year(of: release))),
            ("year_url", .string(urls.url(Route.year(plan.year(of: release)), form))),
            ("dateline", release.dateline.map(TemplateValue.string) ?? .null),
            ("summary", release.summaryText.map(TemplateValue.string) ?? .null),
            ("body", .null),
            ("boilerplate", boilerplate.map { form == .absolute ? .string($0) : .safe($0) } ?? .null),
            ("opens_with_paragraph", .bool(release.bodyOpensWithParagraph)),
            ("boilerplate_text", boilerplateText.map(TemplateValue.string) ?? .null),
            ("url", .string(urls.url(path, form))),
            ("text_url", .string(urls.url(Route.wireCopy(ofRelease: path), form))),
            ("permalink", .string(urls.permalink(path))),
            ("slug", .string(release.slug)),
            ("tags", .array(tags)),
            ("contacts", .array(contacts)),
            ("image", image.map { .string(urls.url(of: $0, page: path, form)) } ?? .null),
            ("image_permalink", image.map { .string(urls.url(of: $0, page: path, .absolute)) } ?? .null),
            ("image_alt", release.imageAlt.map(TemplateValue.string) ?? .null),
            ("image_width", release.imageInfo.map { .int($0.size.width) } ?? .null),
            ("image_height", release.imageInfo.map { .int($0.size.height) } ?? .null),
            ("image_type", release.imageInfo.map { .string($0.mediaType) } ?? .null),
            ("image_caption", release.imageCaption.map { caption in
                let html = urls.html(caption, page: path, form)
                return form == .absolute ? .string(html) : .safe(html)
            } ?? .null),
            ("image_caption_text", release.imageCaption.flatMap { caption in
                let text = caption.plainText.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : .string(text)
            } ?? .null),
            ("image_credit", release.imageCredit.map(TemplateValue.string) ?? .null),
            ("images", Self.images(of: release, page: path, urls: urls, form: form)),
            ("attachments", .array(attachments)),
            ("params", .object(release.params)),
            ("draft", .bool(hold.draft)),
            ("embargoed", .bool(hold.embargoed)),
            ("embargo", isPreview ? release.embargo.map { .string(ContentDate.iso8601($0, timeZone: config.timeZone)) } ?? .null : .null),
            ("scheduled", .bool(hold.scheduled)),
            ("due", hold.due.map { .string(ContentDate.iso8601($0, timeZone: config.timeZone)) } ?? .null),
        ], sharing: SharedKeys.release)
        setBody(of: release, in: &value, urls: urls, page: path, form: form)
        return .object(value)
    }

    /// One of a release's `tags`: its name as written, its slug and its page.
    static func releaseTag(_ name: String, urls: SiteURLs, _ form: SiteURLs.Form) -> TemplateValue {
        let slug = Slug.make(name)
        return .object(TemplateObject([
            ("name", .string(name)), ("slug", .string(slug)), ("url", .string(urls.url(Route.tag(slug), form))),
        ], sharing: SharedKeys.tag))
    }

    /// `body`: the HTML with the bases written in, made when a page reads it (read back when the
    /// release's texts wait in a `BodyStore`), so that the values of every release do not hold
    /// every body. In feeds (`.absolute`) it is kept once made: the value is shared by the feeds
    /// that list the release (the site's and its tags', in both formats), and only feeds' releases
    /// have one. Its stand-in is the digest of the HTML, wherever the HTML is.
    private static func setBody(of release: Release, in value: inout TemplateObject, urls: SiteURLs, page path: String, form: SiteURLs.Form) {
        @Sendable func made(_ body: RenderedMarkdown) -> TemplateValue {
            let html = urls.html(body, page: path, form)
            return form == .absolute ? .string(html) : .safe(html)
        }
        let standIn = { @Sendable in
            let digest = release.htmlDigest
            return "\u{0}body:" + String(digest.high, radix: 16) + ":" + String(digest.low, radix: 16) + (form == .absolute ? ":absolute" : "")
        }
        // Noted: a page that reads no release's body is fingerprinted without them (`PageFingerprints`).
        value.setDeferred("body", DeferredValue(standIn: standIn, noted: true, keeping: form == .absolute) { made(release.body(.html)) })
    }

    /// A feed entry's id, the same in Atom and JSON Feed and for as long as the release keeps its
    /// URL: a tag URI (RFC 4151) from the site's host, the release's date and its path,
    /// `tag:example.org,2015-10-02:/releases/2015/x/`. It does not change with the base path, or
    /// when the release is edited or updated.
    /// - Parameters: `date`, the release's date in ISO 8601 in the site's time zone; `path`, its URL.
    static func entryID(date: String, path: String, host: String) -> String {
        "tag:" + host + "," + date.prefix(10) + ":/" + path
    }

    /// A note's HTML without the paragraph around it, when it is one paragraph, to go on a line.
    static func inline(_ html: String) -> String {
        let open = "<p>", close = "</p>\n"
        guard html.hasPrefix(open), html.hasSuffix(close), html.utf8.count >= open.utf8.count + close.utf8.count,
              html.dropFirst(open.count).range(of: open) == nil else { return html }
        return String(html.dropFirst(open.count).dropLast(close.count))
    }

    static func humanSize(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(Int((Double(bytes) / 1000).rounded())) KB" }
        let megabytes = Double(bytes) / 1_000_000
        let tenths = Int((megabytes * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }

    /// A media contact as templates see it: its fields, `phone_uri` (a `tel:` URI in international
    /// form, or none), `vcard_url`, and the email cut at its `@` (`email_user`, `email_domain`) so a
    /// theme can let it wrap there and nowhere else.
    static func contact(_ contact: Contact, urls: SiteURLs, _ form: SiteURLs.Form = .rootRelative) -> TemplateValue {
        let email = contact.email.map { $0.split(separator: "@", maxSplits: 1).map(String.init) }
        return .object(TemplateObject([
            ("id", .string(contact.id)),
            ("name", .string(contact.name)),
            ("title", contact.title.map(TemplateValue.string) ?? .null),
            ("organization", contact.organization.map(TemplateValue.string) ?? .null),
            ("phone", contact.phone.map(TemplateValue.string) ?? .null),
            ("phone_uri", contact.phoneE164.map { .string("tel:" + $0) } ?? .null),
            ("email", contact.email.map(TemplateValue.string) ?? .null),
            ("email_user", email.flatMap(\.first).map(TemplateValue.string) ?? .null),
            ("email_domain", email.flatMap { $0.count == 2 ? $0[1] : nil }.map(TemplateValue.string) ?? .null),
            ("vcard_url", .string(urls.url(Route.encoded(Route.vcard(contact)), form))),
        ], sharing: SharedKeys.contact))
    }

    /// The vCard of the site's contact at `index`. Its fingerprint is the page's variables: the
    /// contact's value and the site's (base URL, organization, contacts page URL).
    func vcard(_ index: Int) -> VCard {
        let config = plan.site.config
        return VCard(contact: config.contacts[index], organization: config.organization.name,
                     host: config.urls.host, pageURL: config.urls.permalink(Route.contacts))
    }

    func tag(name: String, slug: String, count: Int?, form: SiteURLs.Form = .rootRelative) -> TemplateValue {
        var pairs: [(String, TemplateValue)] = [
            ("name", .string(name)), ("slug", .string(slug)),
            ("url", .string(plan.site.config.urls.url(Route.tag(slug), form))),
        ]
        if let count { pairs.append(("count", .int(count))) }
        return .object(TemplateObject(pairs))
    }
}

/// `organization.about`, made once for all the releases that show it: on pages its HTML is the
/// same for every release, and in feeds and wire copy too unless it has page-relative links.
struct SiteBoilerplate: Sendable {
    let markdown: RenderedMarkdown
    private let pageHTML: String?
    private let pageIndependent: (html: String?, text: String?)?

    init(_ markdown: RenderedMarkdown, urls: SiteURLs) {
        self.markdown = markdown
        pageHTML = Self.shown(markdown, urls: urls, page: "", .rootRelative).html
        let dependsOnPage = (markdown.linkSlots + markdown.textLinkSlots).contains { $0.base == .page }
        pageIndependent = dependsOnPage ? nil : Self.shown(markdown, urls: urls, page: "", .absolute)
    }

    /// Its HTML and text on the release at `page`.
    func shown(urls: SiteURLs, page: String, _ form: SiteURLs.Form) -> (html: String?, text: String?) {
        guard let pageIndependent else { return Self.shown(markdown, urls: urls, page: page, form) }
        return (form == .rootRelative ? pageHTML : pageIndependent.html, pageIndependent.text)
    }

    /// A boilerplate's HTML and plain text on the release at `page`; both nil when it is empty.
    static func shown(_ markdown: RenderedMarkdown, urls: SiteURLs, page: String, _ form: SiteURLs.Form) -> (html: String?, text: String?) {
        let html = urls.html(markdown, page: page, form)
        guard !html.allSatisfy(\.isWhitespace) else { return (nil, nil) }
        return (html, urls.text(markdown, page: page))
    }
}
