import Foundation

/// What a release's parse depends on, as one fingerprint: its bytes, where it is, its bundle's
/// files, and the settings and shared files every parse reads (`ContentContext`).
enum ReleaseCacheKey {
    static func context(configText: String, baseURLOverride: String?, mediaFiles: [String]) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(configText)
        hasher.combine(baseURLOverride)
        hasher.combine(mediaFiles.count)
        for file in mediaFiles { hasher.combine(file) }
        return hasher.finalize()
    }

    static func key(digest: Fingerprint, source: SiteLoader.ReleaseSource, contextKey: Fingerprint) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(digest)
        hasher.combine(contextKey)
        hasher.combine(source.path)
        hasher.combine(source.bundleDirectory)
        hasher.combine(source.bundleFiles.count)
        for file in source.bundleFiles { hasher.combine(file) }
        return hasher.finalize()
    }

    /// The cached parse of a release whose inputs are unchanged, else a fresh parse, stored when
    /// clean of errors; `readFiles` sets what is read anew each build (before a fresh parse is stored).
    /// Returns the key too: with what `readFiles` set, it is all the release is made from.
    static func parse(
        _ source: SiteLoader.ReleaseSource, files: SiteFiles, context: ContentContext, contextKey: Fingerprint, cache: ContentCache,
        readFiles: (inout Release) -> Void = { _ in }
    ) throws(Diagnostic) -> (Release?, Diagnostics, key: Fingerprint) {
        let read = { () throws(Diagnostic) -> Data in try files.read(source.path, limit: SiteFiles.textLimit) }
        let (digest, data) = try cache.digest(ofFile: files.absolute(source.path), listed: source.signature, read: read)
        let key = key(digest: digest, source: source, contextKey: contextKey)
        // An entry must describe this very file: a damaged or foreign cache never names another one.
        if let parsed = cache.release(forKey: key), parsed.release.sourcePath == source.path,
           parsed.release.bundleDirectory == source.bundleDirectory, parsed.release.bundleFiles == source.bundleFiles {
            var release = parsed.release
            readFiles(&release)
            return (release, Diagnostics(parsed.warnings), key)
        }
        let bytes: Data
        if let data { bytes = data } else { bytes = try read() }
        let text = try TextDecoding.decode(bytes, path: source.path)
        var (release, diagnostics) = ReleaseParser.parse(
            text, path: source.path, bundleDirectory: source.bundleDirectory, bundleFiles: source.bundleFiles, context: context)
        if release != nil { readFiles(&release!) }
        if let release, !diagnostics.hasErrors {
            cache.store(ContentCache.Parsed(release: release, warnings: diagnostics.all), forKey: key)
        }
        return (release, diagnostics, key)
    }
}
