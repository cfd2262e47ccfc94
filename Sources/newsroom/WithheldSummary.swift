import NewsroomKit

/// "Held back 3 releases (in no output file):", then one line per release or page below it.
struct WithheldSummary {
    let withheld: [WithheldRelease]
    let pages: [String]

    init(_ withheld: [WithheldRelease], pages: [String]) {
        self.withheld = withheld
        self.pages = pages
    }

    /// "; held: 1 embargoed, 1 scheduled, 2 drafts" for the build's one summary line; empty when nothing is held.
    var counts: String {
        var embargoed = 0, scheduled = 0, drafts = pages.count
        for item in withheld {
            switch item.hold {
            case .draft: drafts += 1
            case .embargoed: embargoed += 1
            case .scheduled: scheduled += 1
            }
        }
        let parts = [(embargoed, "embargoed", "embargoed"), (scheduled, "scheduled", "scheduled"), (drafts, "draft", "drafts")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }
        return parts.isEmpty ? "" : "; held: " + parts.joined(separator: ", ")
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
