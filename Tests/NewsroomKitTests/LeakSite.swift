import Foundation
import TestFolders

/// Something of a held item that must appear in no output file: a token, a title, a paragraph.
struct LeakMarker: Sendable {
    var text: String
    /// "title of embargoed release 'releases/2026/held-…/'", for failure messages.
    var what: String
}

/// One random site for `LeakPropertyTests`, as files, in two variants: `clean` has held items
/// but nothing that reaches them; `leaky` (files written over `clean`) adds the links, quotes
/// and templates listed in `leakKinds`, each of which puts a held item's marker into the output.
struct LeakSite {
    var seed: UInt64
    /// Site-relative path → bytes.
    var clean: [String: Data]
    /// Files replaced or added for the variant with leak-inducing content; empty when `leakKinds` is.
    var leaky: [String: Data]
    /// One line per leak-inducing addition, such as `link (no trailing slash) → releases/2026/held-…/`.
    var leakKinds: [String]
    /// One line per held item.
    var held: [String]
    /// Site-relative paths of the held items' Markdown files.
    var heldPaths: [String]
    var markers: [LeakMarker]
    /// Build `clean` before `leaky` into the same output, so a failed build must leave that output as it was.
    var buildCleanFirst: Bool
    var threads: Int
    /// base_url, unsafe_html and template overrides, for failure messages.
    var settings: String

    static let now = "2026-03-15T00:00:00Z"

    static func make(seed: UInt64) -> LeakSite {
        var generator = LeakSiteGenerator(seed: seed)
        return generator.make()
    }
}

/// Words for held items and words for published ones never overlap, so no run of published
/// text can match a held paragraph by chance.
enum LeakWords {
    static let held = ["amber", "basalt", "cinder", "dolomite", "ember", "feldspar", "granite", "hematite",
                       "indigo", "jasper", "kyanite", "lumen", "marble", "nickel", "obsidian", "pewter",
                       "quartz", "rutile", "shale", "topaz", "umber", "vermilion", "wolfram", "zircon"]
    static let published = ["annual", "bridge", "clinic", "donors", "energy", "forest", "garden", "harbor",
                            "island", "journal", "kitchen", "library", "meadow", "network", "orchard",
                            "parish", "river", "summit", "tunnel", "valley", "window", "village", "school"]
    static let accented = ["Café", "Zürich", "São Paulo", "Ångström", "Crème", "Málaga"]
    /// Token letters: no vowels, so a token is never an English word or part of one.
    static let tokenLetters = Array("bcdfghjklmnpqrstvwxz")
}

struct LeakSiteGenerator {
    var rng: SeededRandom
    let seed: UInt64
    var usedTokens: Set<String> = []

    init(seed: UInt64) {
        self.seed = seed
        rng = SeededRandom(seed: seed)
    }

    // Written out rather than `Int.random(in:using:)`, whose algorithm the standard library may
    // change: a seed must make the same site with any toolchain.
    mutating func chance(_ probability: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < probability }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Ten letters, unique in the site.
    mutating func token() -> String {
        while true {
            let text = String((0..<10).map { _ in pick(LeakWords.tokenLetters) })
            if usedTokens.insert(text).inserted { return text }
        }
    }

    mutating func words(_ count: Int, from list: [String]) -> String {
        (0..<count).map { _ in pick(list) }.joined(separator: " ")
    }

    /// A paragraph of at least 70 characters that holds `token`, sometimes with `&`, an apostrophe
    /// or an accented word; nothing Markdown would turn into markup.
    mutating func paragraph(token: String, vocabulary: [String]) -> String {
        var parts = ["The " + words(int(3...5), from: vocabulary), token]
        if chance(0.35) { parts.append("& " + words(2, from: vocabulary)) }
        if chance(0.35) { parts.append("at the team's " + words(1, from: vocabulary)) }
        if chance(0.5) { parts.append("near " + pick(LeakWords.accented)) }
        parts.append(words(int(4...7), from: vocabulary))
        var text = parts.joined(separator: " ")
        while text.count < 70 { text += " " + words(2, from: vocabulary) }
        return text + "."
    }

    /// At least 16 characters, with `&`, an apostrophe, `<…>`, double quotes and an accented letter.
    mutating func heldTitle(token: String) -> String {
        let capital = token.prefix(1).uppercased() + token.dropFirst()
        let first = pick(LeakWords.held).capitalized, second = pick(LeakWords.held).capitalized
        return "\(first) & \(second)'s \"\(capital)\" <\(pick(LeakWords.held).capitalized)> at the \(pick(LeakWords.accented)) \(pick(LeakWords.held))"
    }

    static func yaml(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func day(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    mutating func make() -> LeakSite {
        var files: [String: Data] = [:]
        func put(_ path: String, _ text: String) { files[path] = Data(text.utf8) }

        let baseURL = pick(["https://example.org/", "https://example.org/news/", "https://press.example.com/newsroom/"])
        let basePath = "/" + baseURL.split(separator: "/").dropFirst(2).map { $0 + "/" }.joined()
        let unsafeHTML = chance(0.4)
        let timeZone = pick(["UTC", "America/New_York", "Europe/Paris"])

        var held: [HeldItem] = []
        for index in 0..<int(1...3) {
            held.append(makeHeld(index, kind: pick(HeldItem.Kind.allCases), files: &files))
        }

        // Neutral published releases, some of them bundles, some with the shared logo.
        let commonTags = ["Research", "Community", "Grants", "Partnerships"]
        for index in 0..<int(2...4) {
            let year = pick([2024, 2025, 2026])
            let date = "\(year)-\(Self.day(year == 2026 ? int(1...2) : int(1...12)))-\(Self.day(int(1...28)))"
            let slug = "pub-\(pick(LeakWords.published))-\(index)"
            let bundle = chance(0.3)
            var front = ["title: " + Self.yaml(publishedTitle()), "date: \(date)"]
            front.append("tags: [" + commonTags.filter { _ in chance(0.4) }.map(Self.yaml).joined(separator: ", ") + "]")
            if chance(0.3) { front += ["image: /media/logo.svg", "image_alt: Logo"] }
            if bundle {
                let name = "fact-sheet-\(index).txt"
                put("Content/releases/\(year)/\(slug)/\(name)", "Fact sheet \(index): \(words(8, from: LeakWords.published)).\n")
                front.append("attachments:\n  - {title: Fact sheet, file: \(name)}")
            }
            let path = bundle ? "Content/releases/\(year)/\(slug)/index.md" : "Content/releases/\(year)/\(date)-\(slug).md"
            put(path, Self.release(front: front, paragraphs: (0..<int(1...3)).map { _ in publishedParagraph() }))
        }
        put("Content/media/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><title>Logo</title></svg>\n")

        // The published release (in 2026, like every held release) and page that leak-inducing content goes into.
        let day = Self.day(int(1...28))
        let release = LeakCarrier(
            path: "Content/releases/2026/2026-02-\(day)-update.md", url: "releases/2026/update/",
            title: "Update from the \(pick(LeakWords.published)) team",
            front: ["date: 2026-02-\(day)", "tags: [Community]"], paragraphs: [publishedParagraph(), publishedParagraph()])
        let page = chance(0.5) ? LeakCarrier(
            path: "Content/pages/about.md", url: "about/", title: "About the \(pick(LeakWords.published)) newsroom",
            front: [], paragraphs: [publishedParagraph()]) : nil
        var frame = SiteFrame(baseURL: baseURL, basePath: basePath, unsafeHTML: unsafeHTML, timeZone: timeZone,
                              pagination: int(2...5), release: release, page: page,
                              templates: TemplateChoice.random(using: &self))

        // Leak-inducing additions: none for two sites in five.
        var leaks = LeakAdditions()
        let additions = chance(0.4) ? 0 : (chance(0.75) ? 1 : 2)
        for _ in 0..<additions {
            addLeak(for: pick(held), into: &leaks, frame: &frame)
        }

        let clean = frame.files(base: files, leaks: nil)
        var leaky: [String: Data] = [:]
        if !leaks.kinds.isEmpty {
            for (path, bytes) in frame.files(base: files, leaks: leaks) where clean[path] != bytes { leaky[path] = bytes }
        }
        let settings = "base_url \(baseURL), time zone \(timeZone)\(unsafeHTML ? ", unsafe_html" : ""), templates: \(frame.templates.summary)"
        return LeakSite(seed: seed, clean: clean, leaky: leaky, leakKinds: leaks.kinds, held: held.map(\.label),
                        heldPaths: held.map(\.sourcePath),
                        markers: held.flatMap(\.markers), buildCleanFirst: chance(0.5), threads: int(1...2),
                        settings: settings)
    }

    mutating func publishedTitle() -> String {
        "\(pick(LeakWords.published).capitalized) \(pick(LeakWords.published)) program announced for \(pick(LeakWords.published))"
    }

    mutating func publishedParagraph() -> String {
        "Our " + words(int(10...16), from: LeakWords.published) + "."
    }

    static func release(front: [String], paragraphs: [String]) -> String {
        "---\n" + front.joined(separator: "\n") + "\n---\n" + paragraphs.joined(separator: "\n\n") + "\n"
    }
}
