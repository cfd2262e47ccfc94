import Foundation

/// The digests of a release's value (`PageFingerprints`: with its body, and without), kept from
/// one build to the next in the output's manifest by the fingerprint of everything the value is
/// made from (`key(of:input:isPreview:now:)`). A build that finds a release there neither makes
/// its value nor hashes it to fingerprint the pages; it makes the value only for a page it renders.
struct ReleaseValueDigest: Sendable, Equatable {
    var key: Fingerprint
    var withBodies: Fingerprint
    var withoutBodies: Fingerprint
}

enum ReleaseValueMemo {
    /// What a release's value (`TemplateContext.release`) is made from, as one fingerprint:
    /// - `input`, the release's cache key (`ReleaseCacheKey`): its bytes, its path, its bundle's
    ///   files, and the settings (`Content/newsroom.yml` and the base URL given on the command
    ///   line), which give the site's URLs, time zone, contacts and boilerplate;
    /// - what is read of its files each build (its images and the sizes of its attachments);
    /// - in a preview, what the clock decides of it: its banner (`PreviewHold`), the one part of a
    ///   value the clock changes, so that a preview rebuild knows the values of the releases
    ///   whose banners stay as they were.
    /// The program's version is the manifest's own: a manifest of another version is not read.
    static func key(of release: Release, input: Fingerprint, isPreview: Bool, now: Date) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine("newsroom release value 1")
        hasher.combine(input)
        hasher.combine(release.images.count)
        for image in release.images {
            hasher.combine(image.asset)
            hasher.combine(image.isHero)
            hasher.combine(image.file.path)
            hasher.combine(image.file.bytes)
            hasher.combine(image.file.image)
        }
        // `imageInfo` is the hero's `file.image`, hashed above.
        hasher.combine(release.attachments.count)
        for attachment in release.attachments { hasher.combine(attachment.size ?? -1) }
        hasher.combine(isPreview)
        let hold = PreviewHold(release, now: now, isPreview: isPreview)
        hasher.combine(hold.draft)
        hasher.combine(hold.embargoed)
        hasher.combine(hold.scheduled)
        hasher.combine(hold.due != nil)
        if let due = hold.due { hasher.combine(due.timeIntervalSinceReferenceDate.bitPattern) }
        return hasher.finalize()
    }
}

extension FingerprintHasher {
    mutating func combine(_ asset: Asset) {
        switch asset {
        case .external(let address): combine(0); combine(address)
        case .bundle(let path): combine(1); combine(path)
        case .media(let path): combine(2); combine(path)
        }
    }

    mutating func combine(_ image: ImageInfo?) {
        guard let image else { return combine(0) }
        combine(1)
        combine(image.size.width)
        combine(image.size.height)
        combine(image.mediaType)
    }
}
