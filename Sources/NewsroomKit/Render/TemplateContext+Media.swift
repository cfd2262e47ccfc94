import Foundation
import Templating

/// Files offered for download as templates see them: a release's images and the media kit's
/// list of `Content/media/`.
extension TemplateContext {
    /// One file: `name`, `path`, `folder`, `url`, `type` (`JPEG`, `PDF`), `media_type` (images
    /// only), `is_image`, `width` and `height` (pixels; none when unknown), `size` (as
    /// `humanSize` writes it) and `bytes`.
    static func mediaFile(_ file: MediaFile, url: String) -> [(String, TemplateValue)] {
        [
            ("name", .string(file.name)),
            ("path", .string(file.path)),
            ("folder", .string(file.folder)),
            ("url", .string(url)),
            ("type", .string(file.typeName)),
            ("media_type", file.image.map { .string($0.mediaType) } ?? .null),
            ("is_image", .bool(file.isImage)),
            ("width", file.image.map { .int($0.size.width) } ?? .null),
            ("height", file.image.map { .int($0.size.height) } ?? .null),
            ("size", .string(humanSize(file.bytes))),
            ("bytes", .int(file.bytes)),
        ]
    }

    /// A release's images to offer among its downloads, each a `mediaFile` with `is_hero`.
    static func images(of release: Release, page: String, urls: SiteURLs, form: SiteURLs.Form) -> TemplateValue {
        .array(ReleaseImage.downloads(of: release).map { image in
            .object(TemplateObject(mediaFile(image.file, url: urls.url(of: image.asset, page: page, form)) + [("is_hero", .bool(image.isHero))]))
        })
    }

    /// The published files of `Content/media/` for a media kit page: `media`, every file in
    /// path order, and `media_groups`, the same files in groups (`kind` `logos`, `images` or
    /// `documents`, and `files`), in that order, without empty groups. A logo is an image whose
    /// path holds the word "logo"; files a held release alone uses are not published, so not listed.
    static func mediaKit(plan: SitePlan) -> (files: TemplateValue, groups: TemplateValue) {
        let urls = plan.site.config.urls
        let kinds = ["logos", "images", "documents"]
        var files: [TemplateValue] = []
        var groups: [String: [TemplateValue]] = [:]
        for path in plan.site.mediaFiles {
            guard let file = plan.site.mediaDetails[path] else { continue }
            let value = TemplateValue.object(TemplateObject(mediaFile(file, url: urls.url(of: .media(relativePath: path), page: ""))))
            files.append(value)
            let kind = !file.isImage ? "documents" : path.lowercased().contains("logo") ? "logos" : "images"
            groups[kind, default: []].append(value)
        }
        let grouped: [TemplateValue] = kinds.compactMap { kind in
            groups[kind].map { .object(TemplateObject([("kind", .string(kind)), ("files", .array($0))])) }
        }
        return (.array(files), .array(grouped))
    }
}
