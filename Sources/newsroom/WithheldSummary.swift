import NewsroomKit

/// "Held back 3 releases (in no output file):", then one line per release or page below it.
struct WithheldSummary {
    let withheld: [WithheldRelease]
    let pages: [String]

    init(_ withheld: [WithheldRelease], pages: [String]) {
        self.withheld = withheld
        self.pages = pages
    }

    var text: String {
        var counts: [String] = []
        if !withheld.isEmpty { counts.append("\(withheld.count) release\(withheld.count == 1 ? "" : "s")") }
        if !pages.isEmpty { counts.append("\(pages.count) draft page\(pages.count == 1 ? "" : "s")") }
        var lines = ["Held back \(counts.joined(separator: " and ")) (in no output file):"]
        for item in withheld {
            lines.append("  \(item.release.sourcePath): \(item.hold)")
        }
        for page in pages {
            lines.append("  \(page): \(PublicationPolicy.Hold.draft)")
        }
        return lines.joined(separator: "\n")
    }
}
