import Foundation
import Markdown

/// An image a release offers for download: its `image` (the hero), or an image its body shows
/// that is a file of the site (of its bundle or of `Content/media/`), with what was read of it.
struct ReleaseImage: Sendable, Equatable {
    var asset: Asset
    var isHero: Bool
    var file: MediaFile

    /// The release's images: the hero first, then the body's in document order, each file once.
    /// Images given by URL and files that cannot be read are left out. (`downloads(of:)` leaves
    /// out the attachments too.)
    /// - Parameter url: the release's URL (`releases/2024/slug/`), which body links are relative
    ///   to; worked out only for a body that shows an image (most show none, and every release's
    ///   images are read again each build, cached or not).
    static func read(for release: Release, url makeURL: () -> String, mediaFiles: Set<String>, files: SiteFiles) -> [ReleaseImage] {
        var found: [(asset: Asset, isHero: Bool)] = []
        if let image = release.image { found.append((image, true)) }
        var pageURL: String?
        for link in release.outline.links where link.isImage {
            let url = pageURL ?? makeURL()
            pageURL = url
            guard let target = LinkChecker.resolve(link.destination, from: url) else { continue }
            if release.bundleDirectory != nil, target.hasPrefix(url), release.bundleFiles.contains(String(target.dropFirst(url.count))) {
                found.append((.bundle(relativePath: String(target.dropFirst(url.count))), false))
            } else if target.hasPrefix("media/"), mediaFiles.contains(String(target.dropFirst("media/".count))) {
                found.append((.media(relativePath: String(target.dropFirst("media/".count))), false))
            }
        }
        var seen: [Asset] = []
        var images: [ReleaseImage] = []
        for (asset, isHero) in found where !seen.contains(asset) {
            seen.append(asset)
            guard let relative = files.relativePath(of: asset, bundleDirectory: release.bundleDirectory),
                  let file = MediaFile.read(path: servedPath(of: asset), absolutePath: files.absolute(relative)) else { continue }
            images.append(ReleaseImage(asset: asset, isHero: isHero, file: file))
        }
        return images
    }

    /// The images to list among a release's downloads: those it does not already offer as attachments.
    static func downloads(of release: Release) -> [ReleaseImage] {
        let attachments = release.attachments.map(\.asset)
        return release.images.filter { !attachments.contains($0.asset) }
    }

    /// Where the file is served from, relative to the release page or to `/media/`.
    private static func servedPath(of asset: Asset) -> String {
        switch asset {
        case .bundle(let path), .media(let path): path
        case .external(let address): address
        }
    }
}
