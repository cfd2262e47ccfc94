import Foundation
import Markdown
import Templating

/// schema.org structured data (JSON-LD) for the page, which the theme prints with `| json`
/// inside `<script type="application/ld+json">`: a `NewsArticle` on a release's page, the
/// `Organization` with its media contacts on the home page, none elsewhere.
extension TemplateContext {
    /// - Parameter release: the value of release `index` as the page shows it (see `newsArticle`).
    func schema(for page: PlannedPage, release: (Int) -> TemplateValue) -> TemplateValue {
        switch page.kind {
        case .release(let index):
            return newsArticle(release(index))
        case .index(let pagination, _) where pagination.number == 1:
            var pairs = [("@context", TemplateValue.string("https://schema.org"))]
            if case .object(let organization) = Self.organization(plan.site.config, withContacts: true) { pairs += organization.pairs.map { ($0.key, $0.value) } }
            return .object(TemplateObject(pairs))
        default:
            return .null
        }
    }

    /// A release's `NewsArticle`, made from its value as templates see it (`TemplateContext.release`),
    /// so that where `PageFingerprints` puts a stand-in for that value (a `.safe` text), the
    /// article is a stand-in derived from it.
    private func newsArticle(_ value: TemplateValue) -> TemplateValue {
        guard case .object(let release) = value else {
            if case .safe(let standIn) = value { return .safe(standIn + ":schema") }
            return .null
        }
        func text(_ key: String) -> TemplateValue? {
            if case .string(let text)? = release[key] { return .string(text) }
            return nil
        }
        let permalink = text("permalink") ?? .null
        var pairs: [(String, TemplateValue)] = [
            ("@context", .string("https://schema.org")),
            ("@type", .string("NewsArticle")),
            ("headline", text("title") ?? .null),
        ]
        if let subtitle = text("subtitle") { pairs.append(("alternativeHeadline", subtitle)) }
        if let summary = text("summary") { pairs.append(("description", summary)) }
        pairs += [
            ("url", permalink),
            ("mainEntityOfPage", permalink),
            ("datePublished", text("date") ?? .null),
            ("dateModified", text("updated") ?? .null),
        ]
        if let image = text("image_permalink") {
            var object: [(String, TemplateValue)] = [("@type", .string("ImageObject")), ("url", image)]
            if case .int? = release["image_width"], case .int? = release["image_height"] {
                object += [("width", release["image_width"] ?? .null), ("height", release["image_height"] ?? .null)]
            }
            if let caption = text("image_caption_text") ?? text("image_alt") { object.append(("caption", caption)) }
            if let credit = text("image_credit") { object.append(("creditText", credit)) }
            pairs.append(("image", .array([.object(TemplateObject(object))])))
        }
        if let category = text("category") { pairs.append(("articleSection", category)) }
        if case .array(let tags)? = release["tags"], !tags.isEmpty {
            let names = tags.compactMap { tag -> String? in
                guard case .object(let tag) = tag, case .string(let name)? = tag["name"] else { return nil }
                return name
            }
            pairs.append(("keywords", .string(names.joined(separator: ", "))))
        }
        if !plan.site.config.language.isEmpty { pairs.append(("inLanguage", .string(plan.site.config.language))) }
        pairs += [("author", publisher), ("publisher", publisher)]
        return .object(TemplateObject(pairs))
    }

    /// The organization: its name, address, logo and, when asked, the site's media contacts.
    static func organization(_ config: NewsroomConfig, withContacts: Bool) -> TemplateValue {
        let urls = config.urls
        let organization = config.organization
        var pairs: [(String, TemplateValue)] = [
            ("@type", .string("Organization")),
            ("name", .string(organization.name)),
            ("url", .string(organization.url ?? urls.permalink(""))),
        ]
        if let logo = organization.logo {
            pairs.append(("logo", .object(TemplateObject([("@type", .string("ImageObject")), ("url", .string(urls.url(ofSetting: logo, .absolute)))]))))
        }
        if withContacts, !config.contacts.isEmpty {
            pairs.append(("contactPoint", .array(config.contacts.map { contact in
                var point: [(String, TemplateValue)] = [
                    ("@type", .string("ContactPoint")),
                    ("contactType", .string("media relations")),
                    ("name", .string(contact.name)),
                ]
                if let phone = contact.phoneE164 ?? contact.phone { point.append(("telephone", .string(phone))) }
                if let email = contact.email { point.append(("email", .string(email))) }
                return .object(TemplateObject(point))
            })))
        }
        return .object(TemplateObject(pairs))
    }
}
