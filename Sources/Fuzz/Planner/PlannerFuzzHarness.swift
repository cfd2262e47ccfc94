import Foundation
@testable import NewsroomKit
import Templating

/// Turns one input into a small site in memory and runs it through what a build does after
/// loading: the real release and page parsers, the publication rules (as built, and as a
/// `--drafts --future` preview), the planner (URLs, aliases, bundles, tags, years, pagination,
/// conflict and link checks) and the template context of every planned page. Diagnostics are
/// the expected outcome for many inputs; only a crash or a hang is a bug.
///
/// The input is text. Lines before the first `==> <path>` line are records, one per line: a
/// key letter, an optional space, a value. `R <path>` starts a release at
/// `Content/releases/<path>` and `P <path>` a page at `Content/pages/<path>`; the records after
/// it fill the front matter of that file, every value YAML-quoted so that it reaches the
/// planner as written:
///
///     T title   s slug      d date       e embargo   x draft      t tag      c category
///     a alias   i image     f attachment b bundle file (the release becomes a bundle)
///     l a link in the body  m a file in Content/media  A a theme asset
///
/// and, for the site settings, `n` pagination, `z` time zone and `u` base URL.
///
/// Records before any `R` or `P` go to a first release, `2025/2025-06-01-first.md`. From the
/// first `==> <path>` line on, the input is whole files, each introduced by such a line with
/// its site-relative path (`Content/releases/…`, `Content/pages/…`, `Content/media/…`,
/// `Templates/assets/…`, `Content/newsroom.yml`), so real sites serve as seeds.
///
/// Shared by the `FuzzPlanner` target and `NewsroomKitTests` (a symlink), so every kept
/// crasher is replayed by `swift test` exactly as the fuzzer ran it.
enum PlannerFuzzHarness {
    static let defaultConfig = NewsroomConfig(
        title: "Fuzz Newsroom", baseURL: "https://example.org/news/", basePath: "/news/", language: "en",
        timeZone: TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: 0)!,
        pagination: 2, description: "A newsroom for the fuzzer",
        organization: Organization(name: "Fuzz Inc.", url: "https://example.org/", about: "We *fuzz*."),
        contacts: [Contact(id: "press", name: "Press Office", email: "press@example.org")],
        defaultContacts: ["press"], unsafeHTML: false, params: TemplateObject([]))

    /// 2026-03-15T00:00:00Z: releases dated or embargoed after it are held.
    static let clock = Clock(now: Date(timeIntervalSince1970: 1_773_532_800))

    static func run(_ bytes: [UInt8]) {
        let site = makeSite(from: String(decoding: bytes, as: UTF8.self))
        for policy in [PublicationPolicy(clock: clock), PublicationPolicy(clock: clock, includeDrafts: true, includeFuture: true)] {
            let publication = policy.apply(to: site)
            guard let plan = plan(publication) else { continue }
            let context = TemplateContext(plan: plan, clock: clock, isPreview: policy.includeDrafts)
            for page in plan.pages { _ = context.variables(for: page) }
            // The leak scan over the input itself, as if it were a page of the output: hostile
            // markup, entities and URLs against the held items' needles.
            let items = NewsroomKit.HeldItem.items(of: publication, plan: plan) { _ in Data(bytes) }
            let scanner = LeakScanner(items: items, plan: plan, publishedFiles: [])
            _ = scanner.findings(in: "releases/2026/page/index.html", bytes: Data(bytes))
        }
    }

    /// The harness's one call of the planner, so a change of its signature is one edit.
    static func plan(_ publication: Publication) -> SitePlan? {
        SitePlanner.plan(publication, clock: clock).plan
    }

    // MARK: The input as files

    /// Site-relative path → text, as the loader would see the folder.
    static func files(from text: String) -> [String: String] {
        var records: [Substring] = []
        var files: [String: String] = [:]
        var current: (path: String, lines: [Substring])?
        func finish() {
            if let current, let path = sanitized(current.path), files[path] == nil {
                files[path] = current.lines.joined(separator: "\n")
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("==> ") {
                finish()
                current = (String(line.dropFirst(4)), [])
            } else if current != nil {
                current?.lines.append(line)
            } else {
                records.append(line)
            }
        }
        finish()
        for (path, text) in generatedFiles(from: records) where files[path] == nil {
            files[path] = text
        }
        return files
    }

    /// A path the loader could list: no empty, `.` or `..` segments, no hidden names, no NUL.
    static func sanitized(_ path: String) -> String? {
        let segments = path.split(separator: "/").filter { $0 != "." && $0 != ".." }
        guard !segments.isEmpty, !segments.contains(where: { $0.hasPrefix(".") || $0.contains("\0") || $0.utf8.count > 255 })
        else { return nil }
        return segments.joined(separator: "/")
    }

    /// Front matter and bodies written from the records.
    static func generatedFiles(from records: [Substring]) -> [String: String] {
        struct Item {
            var path: String
            var isPage: Bool
            var fields: [(key: Character, value: String)] = []
        }
        var items = [Item(path: "Content/releases/2025/2025-06-01-first.md", isPage: false)]
        var extra: [String: String] = [:]
        var settings: [Character: String] = [:]
        for record in records {
            guard let key = record.first else { continue }
            var value = String(record.dropFirst())
            if value.hasPrefix(" ") { value.removeFirst() }
            switch key {
            case "R", "P":
                let folder = key == "R" ? "Content/releases/" : "Content/pages/"
                items.append(Item(path: folder + value + (value.hasSuffix(".md") ? "" : ".md"), isPage: key == "P"))
            case "m": extra["Content/media/" + value] = ""
            case "A": extra["Templates/assets/" + value] = ""
            case "n", "z", "u": settings[key] = value
            default: items[items.count - 1].fields.append((key, value))
            }
        }
        var files = extra
        if !settings.isEmpty {
            files["Content/newsroom.yml"] = """
                title: Fuzz Newsroom
                base_url: \(quoted(settings["u"] ?? defaultConfig.baseURL))
                timezone: \(quoted(settings["z"] ?? "America/New_York"))
                pagination: \(settings["n"].map { $0.filter(\.isNumber).prefix(4) }.map(String.init) ?? "2")
                organization: {name: Fuzz Inc.}
                """
        }
        for (number, item) in items.enumerated() {
            var path = item.path
            let bundleFiles = item.fields.filter { $0.key == "b" }.map(\.value)
            if !item.isPage, !bundleFiles.isEmpty, !path.hasSuffix("/index.md") {
                path = String(path.dropLast(3)) + "/index.md"
            }
            guard let clean = sanitized(path) else { continue }
            for file in bundleFiles {
                if let bundled = sanitized(String(clean.dropLast("index.md".count)) + file) { files[bundled] = "" }
            }
            if files[clean] == nil { files[clean] = frontMatter(item.fields, number: number, isPage: item.isPage) }
        }
        return files
    }

    static func frontMatter(_ fields: [(key: Character, value: String)], number: Int, isPage: Bool) -> String {
        func values(_ key: Character) -> [String] { fields.filter { $0.key == key }.map(\.value) }
        var lines = ["title: " + quoted(values("T").last ?? "Item \(number) of the fuzzer")]
        if !isPage { lines.append("date: " + quoted(values("d").last ?? "2025-06-\(number % 18 + 10)")) }
        for (key, name) in [("s", "slug"), ("e", "embargo"), ("c", "category"), ("i", "image")] {
            if let value = values(Character(key)).last { lines.append("\(name): " + quoted(value)) }
        }
        if !values("i").isEmpty { lines.append("image_alt: An image") }
        if !values("x").isEmpty { lines.append("draft: true") }
        for (key, name) in [("t", "tags"), ("a", "aliases")] where !values(Character(key)).isEmpty {
            lines.append("\(name): [" + values(Character(key)).map(quoted).joined(separator: ", ") + "]")
        }
        let attachments = values("f")
        if !attachments.isEmpty {
            lines.append("attachments:")
            lines += attachments.map { "  - {title: Download, file: \(quoted($0))}" }
        }
        let links = values("l").map { "See [this](\($0))." }
        return "---\n" + lines.joined(separator: "\n") + "\n---\nA body.\n\n" + links.joined(separator: "\n\n") + "\n"
    }

    /// A YAML double-quoted scalar holding exactly `text`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return result + "\""
    }

    // MARK: The site

    /// What `SiteLoader.load` would make of those files, without the disk.
    static func makeSite(from text: String) -> Site {
        let files = files(from: text)
        let paths = files.keys.sorted()
        var config = defaultConfig
        if let settings = files["Content/newsroom.yml"] {
            if let parsed = ConfigLoader.parse(settings, baseURLOverride: nil).config { config = parsed }
        }
        let media = paths.filter { $0.hasPrefix("Content/media/") }.map { String($0.dropFirst("Content/media/".count)) }
        let context = ContentContext(config: config, mediaFiles: Set(media))

        // Bundles as the loader finds them: a folder with index.md owns every other file below it.
        let releasePaths = paths.filter { $0.hasPrefix("Content/releases/") }
        let bundles = releasePaths.filter { $0.hasSuffix("/index.md") }.map { String($0.dropLast("/index.md".count)) }
        var bundleFiles: [String: [String]] = [:]
        var singles: [String] = []
        for path in releasePaths {
            if let bundle = bundles.filter({ path.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }) {
                if path != bundle + "/index.md" { bundleFiles[bundle, default: []].append(String(path.dropFirst(bundle.count + 1))) }
            } else if path.hasSuffix(".md") {
                singles.append(path)
            }
        }
        var releases: [Release] = []
        for path in singles {
            if let release = ReleaseParser.parse(files[path] ?? "", path: path, bundleDirectory: nil, bundleFiles: [], context: context).release {
                releases.append(release)
            }
        }
        for bundle in bundles {
            let path = bundle + "/index.md"
            if let release = ReleaseParser.parse(files[path] ?? "", path: path, bundleDirectory: bundle,
                                                 bundleFiles: (bundleFiles[bundle] ?? []).sorted(), context: context).release {
                releases.append(release)
            }
        }
        releases.sort { $0.sourcePath < $1.sourcePath }
        let pages = paths.filter { $0.hasPrefix("Content/pages/") && $0.hasSuffix(".md") }.compactMap {
            PageParser.parse(files[$0] ?? "", path: $0, context: context).page
        }
        let assets = Set(["favicon.svg", "style.css"] + paths.filter { $0.hasPrefix("Templates/assets/") }
            .map { String($0.dropFirst("Templates/assets/".count)) })
        let theme = Theme(templates: MemorySource([:]), siteTemplateNames: [],
                          assets: assets.sorted().map { ThemeAsset(path: $0, content: .bytes(Data())) })
        return Site(root: "/fuzz-site", config: config, releases: releases, pages: pages, mediaFiles: media, theme: theme)
    }
}
