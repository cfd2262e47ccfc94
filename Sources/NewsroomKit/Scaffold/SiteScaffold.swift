import Foundation

/// The files of a new site, as `newsroom init` writes them: settings with every key explained,
/// one release, a media kit page, a logo, a `.gitignore` and the CI files asked for. It builds at once with the built-in
/// theme, without a warning even under `--strict`. Pure: values in, files out; the writing is
/// `Scaffold.newSite`.
enum SiteScaffold {
    /// - Parameters:
    ///   - timeZone: the site's IANA time zone, written into the settings as given.
    ///   - now: the clock: the release is dated today in that zone.
    ///   - ci: which CI files to add (see `CIScaffold`).
    /// - Throws: `.request` for a time zone no one knows.
    static func files(timeZone: String, now: Date, ci: CIChoice) throws(ScaffoldError) -> [ScaffoldFile] {
        guard TimeZone(identifier: timeZone) != nil else {
            let hint = Suggestion.hint(for: timeZone, in: TimeZone.knownTimeZoneIdentifiers)
            throw .request("--timezone: unknown time zone '\(ControlCharacters.replaced(in: timeZone))'"
                + (hint.isEmpty ? "; use an IANA name such as America/New_York" : hint))
        }
        let settings = ScaffoldText.settings(timeZone: YAMLScalar.scalar(timeZone))
        // The release is made from the settings as the build will read them: one reading of both.
        let (config, diagnostics) = ConfigLoader.parse(settings, baseURLOverride: nil)
        guard let config, diagnostics.all.isEmpty else { throw .site(diagnostics.sorted) }
        let welcome = ReleaseScaffold.Request(
            title: ScaffoldText.welcomeTitle, tags: ScaffoldText.welcomeTags, category: ScaffoldText.welcomeCategory,
            dateline: ScaffoldText.welcomeDateline)
        let release = try ReleaseScaffold.make(welcome, config: config, now: now, body: ScaffoldText.welcomeBody).file
        return [ScaffoldFile(path: ".gitignore", text: ScaffoldText.gitignore)] + CIScaffold.files(for: ci) + [
            ScaffoldFile(path: ConfigLoader.path, text: settings),
            ScaffoldFile(path: "Content/media/logo.svg", text: ScaffoldText.logo),
            ScaffoldFile(path: "Content/pages/media-kit.md", text: ScaffoldText.mediaKit),
            release,
        ]
    }
}
