/// Everything a site's `Content/` holds, loaded and validated; nothing decided about publication yet.
public struct Site: Sendable {
    /// Absolute path of the site folder.
    public var root: String
    public var config: NewsroomConfig
    /// Sorted by source path.
    public var releases: [Release]
    /// Sorted by source path.
    public var pages: [StandalonePage]
    /// Paths under `Content/media/`, relative to it, sorted.
    public var mediaFiles: [String]
    public var theme: Theme
    /// What was read of each file of `mediaFiles` (size, and pixel size for images), by path;
    /// only looked up, never listed: `mediaFiles` gives the order.
    var mediaDetails: [String: MediaFile] = [:]
    /// Each release's cache key (`ReleaseCacheKey`) by source path, when the build caches: with
    /// what is read of its files each build, all that the release is made from.
    var releaseInputs = ReleaseInputs()
    /// The key of the settings every release's parse reads (`ReleaseCacheKey.context`), when the build caches.
    var settingsKey: Fingerprint?
}
