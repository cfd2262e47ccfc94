/// A tag and the published releases that carry it (as a tag or as their category).
struct TagGroup: Sendable {
    var name: String
    var slug: String
    /// Indices into the plan's sorted releases, newest first.
    var releases: [Int]
    var url: String { Route.tag(slug) }

    /// Groups by slug; the name shown is the one the newest release uses. Sorted by name, then slug.
    static func group(_ releases: [Release]) -> [TagGroup] {
        var groups: [TagGroup] = []
        // Each group's place by slug, and by each spelling of a name met (a name is slugged once,
        // not once for each of the thousands of releases that carry it); names through a
        // `PositionIndex`, whose digest costs half of a `Dictionary`'s for each release's tags.
        var placeOfSlug: [String: Int] = [:]
        var placeOfName = PathTable<Int>()
        for (index, release) in releases.enumerated() {
            for name in release.tagNames {
                let place: Int
                if let known = placeOfName[name] {
                    place = known
                } else {
                    let slug = Slug.make(name)
                    if let known = placeOfSlug[slug] {
                        place = known
                    } else {
                        place = groups.count
                        placeOfSlug[slug] = place
                        groups.append(TagGroup(name: name, slug: slug, releases: []))
                    }
                    placeOfName[name] = place
                }
                if groups[place].releases.last != index { groups[place].releases.append(index) }
            }
        }
        return groups.sorted {
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
