import Foundation
import NewsroomKit
import Testing

/// The core promise as a property over random sites: a held release or page (draft, embargoed,
/// scheduled, draft page) reaches no output file, in any spelling or encoding.
///
/// Each seed makes one small site (`LeakSite`) with held items full of unique markers and, in
/// three sites out of five, content that reaches one of them: a link in some spelling, a quote
/// of its title or of a whole paragraph, a template or setting that prints it, a copy of its file.
/// - A site without such content must build, and no output file may hold a marker.
/// - A site with such content must fail with `BuildFailure` (the leak scan's job), and the output
///   folder must be exactly as before: absent, or the previous build of the clean variant.
/// Markers are searched raw and decoded (`LeakSearch`), case-insensitively.
///
/// Reproduce one site with `LEAK_SEEDS=17 swift test --filter LeakPropertyTests` (also `1-500` or
/// `3,5,8`); `LEAK_KEEP=1` keeps its folder and prints where it is; `LEAK_VERBOSE=1` prints what
/// each site with leak-inducing content adds and how its build ended.
@Suite struct LeakPropertyTests {
    static let seeds: [UInt64] = {
        guard let text = ProcessInfo.processInfo.environment["LEAK_SEEDS"], !text.isEmpty else {
            return Array(1...80)
        }
        return text.split(separator: ",").flatMap { part -> [UInt64] in
            let bounds = part.split(separator: "-").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            guard let first = bounds.first else { return [] }
            return bounds.count == 2 && bounds[1] >= first ? Array(first...bounds[1]) : [first]
        }
    }()

    @Test(.timeLimit(.minutes(2)), arguments: seeds)
    func heldItemsReachNoOutputFile(seed: UInt64) throws {
        let site = LeakSite.make(seed: seed)
        let folder = Fixtures.temporaryDirectory("leak-property-\(seed)")
        let keep = ProcessInfo.processInfo.environment["LEAK_KEEP"] != nil
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let siteDirectory = folder + "/site", output = folder + "/out/public"
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        var problems: [String] = []

        // The clean variant: must build, and leak nothing.
        if site.leakKinds.isEmpty || site.buildCleanFirst {
            try write(site.clean, into: siteDirectory)
            switch build(site, siteDirectory, output) {
            case .failure(let failure):
                problems.append("the site without leak-inducing content did not build:\n" + indent(failure.errors.map(\.description)))
            case .success:
                let hits = LeakSearch.hits(in: OutputTree(output).files, markers: site.markers)
                if !hits.isEmpty {
                    problems.append("held markers in the output of the site without leak-inducing content:\n" + indent(hits.map(\.description)))
                }
            }
        }

        // The variant with leak-inducing content: must fail and leave the output as it was.
        if !site.leakKinds.isEmpty {
            let before = FileManager.default.fileExists(atPath: output) ? OutputTree(output) : nil
            let siblingsBefore = try FileManager.default.contentsOfDirectory(atPath: folder + "/out").sorted()
            if site.buildCleanFirst {
                try write(site.leaky, into: siteDirectory)
            } else {
                try write(site.clean.merging(site.leaky) { $1 }, into: siteDirectory)
            }
            let outcome = build(site, siteDirectory, output)
            if ProcessInfo.processInfo.environment["LEAK_VERBOSE"] != nil {
                let result: String
                switch outcome {
                case .failure(let failure): result = "failed: " + failure.errors.map(\.description).joined(separator: " | ")
                case .success: result = "built"
                }
                print("leak-property seed \(seed): \(site.leakKinds.joined(separator: "; ")) ⇒ \(result)")
            }
            switch outcome {
            case .failure(let failure):
                if !failure.errors.contains(where: { site.isAboutHeldItems($0) }) {
                    problems.append("the build failed, but for another reason than a held item (a bug of the generator?):\n" + indent(failure.errors.map(\.description)))
                }
                let after = FileManager.default.fileExists(atPath: output) ? OutputTree(output) : nil
                if after != before {
                    problems.append("a failed build changed the output folder (before: \(before?.paths.count ?? 0) files, after: \(after?.paths.count ?? 0))")
                }
                let siblingsAfter = try FileManager.default.contentsOfDirectory(atPath: folder + "/out").sorted()
                if siblingsAfter != siblingsBefore {
                    problems.append("a failed build left \(siblingsAfter) beside the output (before: \(siblingsBefore))")
                }
            case .success:
                let hits = LeakSearch.hits(in: OutputTree(output).files, markers: site.markers)
                problems.append("the build succeeded although the site has leak-inducing content"
                                + (hits.isEmpty ? " (and no marker was found: is the generator honest?)" : "; held markers in the output:\n" + indent(hits.map(\.description))))
            }
        }

        if !problems.isEmpty {
            Issue.record(Comment(rawValue: report(site, problems: problems, folder: keep ? folder : nil)))
        }
    }

    func build(_ site: LeakSite, _ siteDirectory: String, _ output: String) -> Result<BuildReport, BuildFailure> {
        Result { () throws(BuildFailure) -> BuildReport in
            try Builder.build(BuildOptions(siteDirectory: siteDirectory, outputDirectory: output,
                                           clock: Clock(now: Fixtures.date(LeakSite.now)), threads: site.threads))
        }
    }

    func write(_ files: [String: Data], into root: String) throws {
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
    }

    func indent(_ lines: [String], limit: Int = 12) -> String {
        var shown = lines.prefix(limit).map { "    " + $0 }
        if lines.count > limit { shown.append("    … and \(lines.count - limit) more") }
        return shown.joined(separator: "\n")
    }

    func report(_ site: LeakSite, problems: [String], folder: String?) -> String {
        var lines = ["seed \(site.seed) (reproduce: LEAK_SEEDS=\(site.seed) LEAK_KEEP=1 swift test --filter LeakPropertyTests)"]
        lines.append("  site: \(site.settings); clean build first: \(site.buildCleanFirst)")
        lines.append("  held: " + site.held.joined(separator: "; "))
        lines.append("  leak-inducing: " + (site.leakKinds.isEmpty ? "none" : site.leakKinds.joined(separator: "; ")))
        if let folder { lines.append("  kept in \(folder)") }
        for problem in problems { lines.append("  " + problem) }
        return lines.joined(separator: "\n")
    }
}

extension LeakSite {
    /// Whether an error of a failed build is about a held item: it sits in a held item's file, or
    /// says why something is held. A build that fails only for other reasons proves nothing.
    func isAboutHeldItems(_ diagnostic: Diagnostic) -> Bool {
        let message = diagnostic.message.lowercased()
        return heldPaths.contains(diagnostic.location.path)
            || ["held", "embargo", "draft", "scheduled"].contains { message.contains($0) }
    }
}

/// The search itself: each encoding the output uses must still be found, so that a passing
/// property means something.
@Suite struct LeakSearchTests {
    static let title = "Amber & Basalt's \"Zqkvtr\" <Cinder> at the Café quartz"

    @Test(arguments: [
        ("raw", title),
        ("HTML, engine", "Amber &amp; Basalt&#39;s &quot;Zqkvtr&quot; &lt;Cinder&gt; at the Caf&eacute; quartz"),
        ("HTML, cmark with smart punctuation", "Amber &amp; Basalt’s “Zqkvtr” &lt;Cinder&gt; at the Café quartz"),
        ("hex entities", "Amber &#x26; Basalt&#x27;s &#x22;Zqkvtr&#x22; &#x3C;Cinder&#x3E; at the Caf&#xE9; quartz"),
        ("JSON for HTML", "Amber \\u0026 Basalt\\u0027s \\\"Zqkvtr\\\" \\u003cCinder\\u003e at the Caf\\u00e9 quartz"),
        ("JSON inside HTML", "Amber \\u0026amp; Basalt\\u0026#39;s \\u0026quot;Zqkvtr\\u0026quot; \\u0026lt;Cinder\\u0026gt; at the Café quartz"),
        ("percent-encoded", "Amber%20%26%20Basalt%27s%20%22Zqkvtr%22%20%3CCinder%3E%20at%20the%20Caf%C3%A9%20quartz"),
        ("NFD", title.decomposedStringWithCanonicalMapping),
        ("upper case, wrapped", "AMBER &amp; BASALT&#39;S\n  &quot;ZQKVTR&quot; &lt;CINDER&gt; AT THE CAFÉ QUARTZ"),
    ])
    func findsTheTitle(form: String, text: String) {
        let hits = LeakSearch.hits(in: ["page.html": Data(("<p>" + text + "</p>").utf8)],
                                   markers: [LeakMarker(text: Self.title, what: "title")])
        #expect(hits.count == 1, "\(form)")
    }

    @Test func findsATokenInAFileName() {
        let hits = LeakSearch.hits(in: ["releases/2026/held-%5Aqkvtr/index.html": Data()],
                                   markers: [LeakMarker(text: "zqkvtr", what: "slug token")])
        #expect(hits.map(\.form) == ["name"])
    }

    @Test func findsNothingInOtherText() {
        let hits = LeakSearch.hits(in: ["a.html": Data("Amber & Basalt's <Cinder> at the Café quartz 100% &unknown; \\x".utf8)],
                                   markers: [LeakMarker(text: Self.title, what: "title")])
        #expect(hits.isEmpty)
    }
}
