/// A tag and the published releases that carry it (as a tag or as their category).
struct TagGroup: Sendable {
    var name: String
    var slug: String
    /// Indices into the plan's sorted releases, newest first.
    var releases: [Int]
    var url: String { Route.tag(slug) }

    /// Groups by slug; the name shown is the one the newest release uses. Sorted by name, then slug.
    static func group(_ releases: [Release]) -> [TagGroup] {
        var groups: [String: TagGroup] = [:]
        var order: [String] = []
        for (index, release) in releases.enumerated() {
            for name in release.tagNames {
                let slug = Slug.make(name)
                if groups[slug] == nil {
                    groups[slug] = TagGroup(name: name, slug: slug, releases: [])
                    order.append(slug)
                }
                if groups[slug]?.releases.last != index { groups[slug]?.releases.append(index) }
            }
        }
        return order.compactMap { groups[$0] }.sorted {
            let left = $0.name.lowercased(), right = $1.name.lowercased()
            return left != right ? left < right : $0.slug < $1.slug
        }
    }
}

extension Release {
    /// The release's tags with its category among them (the category first), one per slug.
    var tagNames: [String] {
        guard let category = self.category else { return self.tags }
        let slug = Slug.make(category)
        return [category] + self.tags.filter { Slug.make($0) != slug }
    }
}
