import Foundation
import Markdown
import Templating

/// schema.org structured data (JSON-LD) for the page, which the theme prints with `| json`
/// inside `<script type="application/ld+json">`: a `NewsArticle` on a release's page, the
/// `Organization` with its media contacts on the home page, none elsewhere.
extension TemplateContext {
    func schema(for page: PlannedPage) -> TemplateValue {
        switch page.kind {
        case .release(let index):
            return newsArticle(plan.releases[index])
        case .index(let pagination, _) where pagination.number == 1:
            var pairs = [("@context", TemplateValue.string("https://schema.org"))]
            if case .object(let organization) = Self.organization(plan.site.config, withContacts: true) { pairs += organization.pairs.map { ($0.key, $0.value) } }
            return .object(TemplateObject(pairs))
        default:
            return .null
        }
    }

    private func newsArticle(_ release: Release) -> TemplateValue {
        let config = plan.site.config
        let urls = config.urls
        let path = plan.url(of: release)
        let permalink = urls.permalink(path)
        var pairs: [(String, TemplateValue)] = [
            ("@context", .string("https://schema.org")),
            ("@type", .string("NewsArticle")),
            ("headline", .string(release.shownTitle)),
        ]
        if let subtitle = release.shownSubtitle { pairs.append(("alternativeHeadline", .string(subtitle))) }
        if let summary = release.summaryText { pairs.append(("description", .string(summary))) }
        pairs += [
            ("url", .string(permalink)),
            ("mainEntityOfPage", .string(permalink)),
            ("datePublished", .string(ContentDate.iso8601(release.date, timeZone: config.timeZone))),
            ("dateModified", .string(ContentDate.iso8601(release.modified, timeZone: config.timeZone))),
        ]
        if let image = release.image {
            var object: [(String, TemplateValue)] = [("@type", .string("ImageObject")), ("url", .string(urls.url(of: image, page: path, .absolute)))]
            if let info = release.imageInfo { object += [("width", .int(info.size.width)), ("height", .int(info.size.height))] }
            if let caption = release.imageCaption?.plainText.trimmingCharacters(in: .whitespacesAndNewlines), !caption.isEmpty {
                object.append(("caption", .string(caption)))
            } else if let alt = release.imageAlt {
                object.append(("caption", .string(alt)))
            }
            if let credit = release.imageCredit { object.append(("creditText", .string(credit))) }
            pairs.append(("image", .array([.object(TemplateObject(object))])))
        }
        if let category = release.category { pairs.append(("articleSection", .string(category))) }
        let tags = release.tagNames
        if !tags.isEmpty { pairs.append(("keywords", .string(tags.joined(separator: ", ")))) }
        if !config.language.isEmpty { pairs.append(("inLanguage", .string(config.language))) }
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
