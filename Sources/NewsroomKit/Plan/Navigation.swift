/// One link of the main navigation after "Releases" (which the theme always puts first).
struct NavItem: Sendable, Equatable {
    enum Kind: String, Sendable {
        case page, tags, archive, contacts
    }

    var kind: Kind
    /// A page's title; nil for the newsroom's own pages, which the theme names.
    var title: String?
    /// Site-relative: `about/`.
    var url: String
}

/// The main navigation: `nav` in newsroom.yml when given, in its order; else Tags, Archive, the
/// published pages without `nav: false` (by `nav_weight`, then title), and the contacts page.
enum Navigation {
    /// The newsroom's own pages a `nav` entry may name, by the path written without slashes.
    static let builtIn: [(name: String, kind: NavItem.Kind, url: String)] = [
        ("tags", .tags, Route.tags), ("archive", .archive, Route.archive), ("contacts", .contacts, Route.contacts),
    ]

    /// - Parameters:
    ///   - heldPages: pages held back; a `nav` entry naming one is left out, not an error.
    ///   - hasContactsPage: whether the site makes `/contacts/`.
    static func items(
        config: NewsroomConfig, pages: [StandalonePage], heldPages: [StandalonePage], hasContactsPage: Bool
    ) -> (items: [NavItem], diagnostics: Diagnostics) {
        let available = builtIn.filter { $0.kind != .contacts || hasContactsPage }
        guard let entries = config.nav else {
            let listed = pages.filter(\.inNav).sorted(by: navOrder).map(item)
            let generated = available.map { NavItem(kind: $0.kind, title: nil, url: $0.url) }
            return (generated.filter { $0.kind != .contacts } + listed + generated.filter { $0.kind == .contacts }, Diagnostics())
        }
        var diagnostics = Diagnostics()
        var items: [NavItem] = []
        var seen: Set<String> = []
        let held = Set(heldPages.map(\.slug))
        for entry in entries {
            let name = String(entry.text.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
            if name.isEmpty {
                diagnostics.error("nav entry '\(entry.text)' is the home page, which the navigation always starts with (as Releases); remove it",
                                  at: entry.location)
                continue
            }
            guard seen.insert(name).inserted else {
                diagnostics.warning("nav lists '\(entry.text)' twice; it is shown once, at its first place", at: entry.location)
                continue
            }
            if let page = pages.first(where: { $0.slug == name }) {
                items.append(item(page))
            } else if let own = available.first(where: { $0.name == name }) {
                items.append(NavItem(kind: own.kind, title: nil, url: own.url))
            } else if !held.contains(name) {
                let candidates = pages.map(\.slug) + heldPages.map(\.slug) + available.map(\.name)
                let guess = Suggestion.closest(to: name, in: candidates).map { "; did you mean '\($0)'? An" } ?? "; an"
                let contactsNote = name == "contacts" ? " (the contacts page is made only when newsroom.yml has contacts)" : ""
                let slugs = pages.map(\.slug).sorted().prefix(4)
                let pageNote = slugs.isEmpty ? "a page's slug" : "a page's slug (\(slugs.joined(separator: ", ")))"
                diagnostics.error(
                    "unknown nav entry '\(entry.text)'\(contactsNote)\(guess) entry is \(pageNote) or one of the newsroom's pages: \(available.map(\.name).joined(separator: ", "))",
                    at: entry.location)
            }
        }
        return (items, diagnostics)
    }

    /// Pages with a `nav_weight` first, lowest first; then by title, then by slug.
    static func navOrder(_ a: StandalonePage, _ b: StandalonePage) -> Bool {
        switch (a.navWeight, b.navWeight) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        let (left, right) = (a.title.lowercased(), b.title.lowercased())
        if left != right { return left < right }
        if a.title != b.title { return a.title < b.title }
        return a.slug < b.slug
    }

    private static func item(_ page: StandalonePage) -> NavItem {
        NavItem(kind: .page, title: page.title, url: page.slug + "/")
    }
}
