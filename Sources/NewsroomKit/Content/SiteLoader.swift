import Dispatch
import Foundation

/// Loads `Content/` and the theme into a `Site`, collecting every problem of every file.
enum SiteLoader {
    /// - Parameter cache: parsed releases of earlier builds, by fingerprint; nil parses every file.
    /// - Parameter texts: where the releases' long texts wait until a page needs them (`Release.storeTexts(in:)`).
    /// - Parameter seen: what the build's snapshot saw of the site's folders, listed from instead of looked up again.
    static func load(siteDirectory: String, baseURLOverride: String?, threads: Int = 0,
                     cache: ContentCache? = nil, texts: BodyStore? = nil, seen: SiteFiles.Seen? = nil) -> (site: Site?, diagnostics: Diagnostics) {
        let files = SiteFiles(root: siteDirectory, seen: seen)
        var diagnostics = Diagnostics()
        guard let (configText, config) = ConfigLoader.load(files: files, baseURLOverride: baseURLOverride,
                                                            diagnostics: &diagnostics) else {
            return (nil, diagnostics)
        }

        for (folder, what) in [("Content/releases", "release files"), ("Content/pages", "page files"),
                               ("Content/media", "shared files"), ("Templates", "templates")] {
            if let problem = files.requireFolderIfPresent(folder, holding: what) { diagnostics.append(problem) }
        }
        diagnostics.append(contentsOf: ContentFolder.unreadEntries(files: files))
        let mediaFiles = files.isDirectory("Content/media")
            ? files.files(under: "Content/media", diagnostics: &diagnostics).map { String($0.dropFirst("Content/media/".count)) }
            : []
        let theme = ThemeLoader.load(files: files, diagnostics: &diagnostics)
        guard let config else { return (nil, diagnostics) }
        let context = ContentContext(config: config, mediaFiles: Set(mediaFiles), texts: texts)
        let contextKey = ReleaseCacheKey.context(configText: configText, baseURLOverride: baseURLOverride, mediaFiles: mediaFiles)

        let sources = releaseSources(files: files, threads: threads, diagnostics: &diagnostics)
        cache?.expect(releases: sources.count)
        let pagePaths = files.isDirectory("Content/pages")
            ? files.files(under: "Content/pages", diagnostics: &diagnostics)
            : []
        for path in pagePaths where !MarkdownFileName.isMarkdown(path) {
            diagnostics.warning("only Markdown (.md or .markdown) files make pages; put other files in Content/media",
                                at: SourceLocation(path: path))
        }
        let pageSources = pagePaths.filter(MarkdownFileName.isMarkdown)

        let calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = config.timeZone
            return calendar
        }()
        // What is read of the bundle and media files each build, cached or not: set before a
        // fresh parse is cached, so that the cache and the site share one value. A detail that
        // reads the same is not set again, so a cached release stays that one value (setting a
        // field copies every field of the release).
        let readFiles = { @Sendable (release: inout Release) in
            let images = ReleaseImage.read(for: release, url: { Route.release(release, calendar: calendar) },
                                           mediaFiles: context.mediaFiles, files: files)
            if release.images != images { release.images = images }
            let imageInfo = images.first(where: \.isHero)?.file.image
            if release.imageInfo != imageInfo { release.imageInfo = imageInfo }
            for position in release.attachments.indices {
                let size = files.size(of: release.attachments[position].asset, bundleDirectory: release.bundleDirectory)
                if release.attachments[position].size != size { release.attachments[position].size = size }
            }
        }
        // Each file is parsed independently, in parallel; results land in their own slot,
        // so the outcome does not depend on scheduling.
        let releaseResults = ParallelMap.map(sources, threads: threads) { source -> (Release?, Diagnostics, key: Fingerprint?) in
            do throws(Diagnostic) {
                guard let cache else {
                    var (release, diagnostics) = ReleaseParser.parse(
                        try files.readText(source.path), path: source.path, bundleDirectory: source.bundleDirectory,
                        bundleFiles: source.bundleFiles, context: context)
                    if release != nil { readFiles(&release!) }
                    return (release, diagnostics, nil)
                }
                let (release, diagnostics, key) = try ReleaseCacheKey.parse(
                    source, files: files, context: context, contextKey: contextKey, cache: cache, readFiles: readFiles)
                return (release, diagnostics, key)
            } catch {
                return (nil, Diagnostics([error]), nil)
            }
        }
        let pageResults = ParallelMap.map(pageSources, threads: threads) { path -> (StandalonePage?, Diagnostics) in
            do throws(Diagnostic) {
                return PageParser.parse(try files.readText(path), path: path, context: context)
            } catch {
                return (nil, Diagnostics([error]))
            }
        }
        for result in releaseResults { diagnostics.append(contentsOf: result.1) }
        let releases = releaseResults.compactMap { $0.0 }
        for result in pageResults { diagnostics.append(contentsOf: result.1) }
        let pages = pageResults.compactMap { $0.0 }
        PageParser.checkTemplates(of: pages, theme: theme, diagnostics: &diagnostics)
        if diagnostics.hasErrors { return (nil, diagnostics) }
        let details = ParallelMap.map(mediaFiles, threads: threads) { path in
            MediaFile.read(path: path, absolutePath: files.absolute("Content/media/" + path))
        }
        var site = Site(
            root: files.root, config: config, releases: releases,
            pages: pages, mediaFiles: mediaFiles, theme: theme,
            mediaDetails: Dictionary(uniqueKeysWithValues: zip(mediaFiles, details).compactMap { path, file in file.map { (path, $0) } }))
        if cache != nil {
            site.releaseInputs = ReleaseInputs(releaseResults.compactMap { result in
                result.key.flatMap { key in result.0.map { ($0.sourcePath, key) } }
            })
            site.settingsKey = contextKey
        }
        return (site, diagnostics)
    }

    struct ReleaseSource: Sendable {
        var path: String
        var bundleDirectory: String?
        var bundleFiles: [String]
        /// The release file's signature as it was listed (`SiteFiles.listing`).
        var signature: ContentCache.Signature?
    }

    /// Finds release files: every `.md` or `.markdown` under `Content/releases/`, where a folder
    /// holding `index.md` (or `index.markdown`) is a bundle whose other files belong to that release. A bundle holds one
    /// release and no other Markdown at any depth: a stray `index.md` must not turn a folder of
    /// releases into files copied as they are (drafts among them).
    static func releaseSources(files: SiteFiles, threads: Int = 1, diagnostics: inout Diagnostics) -> [ReleaseSource] {
        guard files.isDirectory("Content/releases") else { return [] }
        let all = files.listing(under: "Content/releases", threads: threads, diagnostics: &diagnostics)
        let indexFiles = all.filter { MarkdownFileName.isBundleIndex($0.path) }
        let indexSignatures = Dictionary(indexFiles, uniquingKeysWith: { first, _ in first })
        let bundleDirectories = Set(indexFiles.map { Route.parentFolder(of: $0.path) })
        /// A bundle's release file: its `index.md`, else its `index.markdown` (with both, the second is other Markdown).
        var bundleIndex: [String: String] = [:]
        for (path, _) in indexFiles where bundleIndex[Route.parentFolder(of: path)]?.hasSuffix(".md") != true {
            bundleIndex[Route.parentFolder(of: path)] = path
        }
        /// The outermost bundle folder above `path`, walking up one folder at a time; the walk
        /// from the folder of the path before is not made again (the listing names a folder's
        /// files one after another: a walk each was 2% of a one-release edit's instructions).
        var lastWalk: (folder: String, bundle: String?)?
        func bundle(of path: String) -> String? {
            guard !bundleDirectories.isEmpty else { return nil }
            let start = Route.parentFolder(of: path)
            if let lastWalk, lastWalk.folder == start { return lastWalk.bundle }
            var found: String?
            var folder = start
            while !folder.isEmpty {
                if bundleDirectories.contains(folder) { found = folder }
                folder = Route.parentFolder(of: folder)
            }
            lastWalk = (start, found)
            return found
        }
        var sources: [ReleaseSource] = []
        var bundleFiles: [String: [String]] = [:]
        var strayMarkdown: [String: [String]] = [:]
        for (path, signature) in all {
            if let directory = bundle(of: path) {
                if path == bundleIndex[directory] { continue }
                if MarkdownFileName.isMarkdown(path) {
                    strayMarkdown[directory, default: []].append(path)
                } else {
                    bundleFiles[directory, default: []].append(String(path.dropFirst(directory.count + 1)))
                }
            } else if MarkdownFileName.isMarkdown(path) {
                sources.append(ReleaseSource(path: path, bundleDirectory: nil, bundleFiles: [], signature: signature))
            } else {
                diagnostics.warning(
                    "this file belongs to no release and is not published; put shared files in Content/media, or make a bundle folder with an index.md",
                    at: SourceLocation(path: path))
            }
        }
        for directory in bundleDirectories.sorted() where bundle(of: directory + "/index.md") == directory {
            let index = bundleIndex[directory] ?? directory + "/index.md"
            if let stray = strayMarkdown[directory] {
                let more = stray.count > 1 ? " (and \(stray.count - 1) more)" : ""
                diagnostics.error(
                    "this file makes \(directory)/ a bundle, whose files are copied as they are, but the folder also holds the Markdown file \(stray[0])\(more); a bundle holds one release and no other Markdown: move the other releases out, or rename this file",
                    at: SourceLocation(path: index))
                continue
            }
            sources.append(ReleaseSource(path: index, bundleDirectory: directory,
                                         bundleFiles: (bundleFiles[directory] ?? []).sorted(), signature: indexSignatures[index]))
        }
        return sources.sorted { $0.path < $1.path }
    }
}
