import Foundation

/// What the last build of an output folder needs to leave behind so that the next one, finding
/// nothing changed, can stop at once with the same report: the snapshot of its inputs and
/// options, the stretch of time in which the clock changes nothing it published, what the
/// templates saw of the clock, and its report.
struct UnchangedBuild: Sendable, Equatable {
    var inputs: Fingerprint
    /// The latest date or embargo of any release at or before the clock, and the earliest after it.
    var clockFrom: Date?
    var clockUntil: Date?
    var clockSeen: Fingerprint
    var report: StoredReport

    struct StoredReport: Sendable, Equatable {
        var diagnostics: [Diagnostic]
        var publishedReleases: Int
        var pages: Int
        var files: Int
        var withheld: [(release: Release, hold: PublicationPolicy.Hold)]
        var withheldPages: [String]
        var timeZone: String

        static func == (lhs: StoredReport, rhs: StoredReport) -> Bool {
            lhs.diagnostics == rhs.diagnostics && lhs.publishedReleases == rhs.publishedReleases && lhs.pages == rhs.pages
                && lhs.files == rhs.files && lhs.withheldPages == rhs.withheldPages && lhs.timeZone == rhs.timeZone
                && lhs.withheld.map(\.release.sourcePath) == rhs.withheld.map(\.release.sourcePath)
                && lhs.withheld.map(\.hold) == rhs.withheld.map(\.hold)
        }
    }

    /// The snapshot and every option that changes the output or the report.
    static func inputs(_ snapshot: InputSnapshot, options: BuildOptions, siteRoot: String, output: String) -> Fingerprint {
        var hasher = FingerprintHasher()
        hasher.combine(snapshot.fingerprint)
        hasher.combine(siteRoot)
        hasher.combine(output)
        hasher.combine(options.baseURL)
        hasher.combine(options.includeDrafts)
        hasher.combine(options.includeFuture)
        hasher.combine(options.strict)
        return hasher.finalize()
    }

    /// The window around `now` in which no release's date or embargo is passed.
    static func clockWindow(_ releases: [Release], now: Date) -> (from: Date?, until: Date?) {
        var from: Date?
        var until: Date?
        for release in releases {
            for instant in [release.date] + (release.embargo.map { [$0] } ?? []) {
                if instant <= now {
                    if from.map({ instant > $0 }) ?? true { from = instant }
                } else if until.map({ instant < $0 }) ?? true {
                    until = instant
                }
            }
        }
        return (from, until)
    }

    func covers(_ now: Date) -> Bool {
        (clockFrom.map { $0 <= now } ?? true) && (clockUntil.map { now < $0 } ?? true)
    }

    func replayed(outputDirectory: String) -> BuildReport {
        let timeZone = TimeZone(identifier: report.timeZone) ?? .gmt
        let withheld = report.withheld.map { WithheldRelease(release: $0.release, hold: $0.hold) }
        var replayed = BuildReport(
            outputDirectory: outputDirectory, diagnostics: report.diagnostics,
            publishedReleases: report.publishedReleases, pages: report.pages, files: report.files,
            filesWritten: 0, filesUnchanged: report.files, withheld: withheld, withheldPages: report.withheldPages,
            schedule: PublicationSchedule(withheld: withheld, timeZone: timeZone))
        replayed.upToDate = true
        return replayed
    }
}

extension BinaryWriter {
    mutating func write(_ record: UnchangedBuild) {
        write(record.inputs)
        for instant in [record.clockFrom, record.clockUntil] {
            write(instant != nil)
            if let instant { write(instant.timeIntervalSinceReferenceDate) }
        }
        write(record.clockSeen)
        let report = record.report
        write(report.diagnostics) { $0.write($1) }
        write(count: report.publishedReleases)
        write(count: report.pages)
        write(count: report.files)
        write(report.withheld) { writer, held in
            writer.write(held.release)
            switch held.hold {
            case .draft: writer.write(count: 0)
            case .embargoed(let until): writer.write(count: 1); writer.write(until.timeIntervalSinceReferenceDate)
            case .scheduled(let date): writer.write(count: 2); writer.write(date.timeIntervalSinceReferenceDate)
            }
        }
        write(report.withheldPages) { $0.write($1) }
        write(report.timeZone)
    }
}

extension BinaryReader {
    mutating func readUnchangedBuild() throws(CacheFormatError) -> UnchangedBuild {
        let inputs = try readFingerprint()
        let from = try readBool() ? Date(timeIntervalSinceReferenceDate: try readDouble()) : nil
        let until = try readBool() ? Date(timeIntervalSinceReferenceDate: try readDouble()) : nil
        let seen = try readFingerprint()
        let diagnostics = try readArray { reader throws(CacheFormatError) in try reader.readDiagnostic() }
        let published = try readCount(), pages = try readCount(), files = try readCount()
        let withheld = try readArray { reader throws(CacheFormatError) -> (release: Release, hold: PublicationPolicy.Hold) in
            let release = try reader.readRelease()
            switch try reader.readCount() {
            case 0: return (release, .draft)
            case 1: return (release, .embargoed(until: Date(timeIntervalSinceReferenceDate: try reader.readDouble())))
            case 2: return (release, .scheduled(for: Date(timeIntervalSinceReferenceDate: try reader.readDouble())))
            default: throw CacheFormatError(reason: "a hold has an unknown kind")
            }
        }
        let withheldPages = try readArray { reader throws(CacheFormatError) in try reader.readString() }
        return UnchangedBuild(
            inputs: inputs, clockFrom: from, clockUntil: until, clockSeen: seen,
            report: .init(diagnostics: diagnostics, publishedReleases: published, pages: pages, files: files,
                          withheld: withheld, withheldPages: withheldPages, timeZone: try readString()))
    }
}

extension UnchangedBuild {
    /// The report of the last build when nothing it depends on changed and its output is as it
    /// left it; nil when the build has to run.
    static func report(manifest: OutputManifest, inputs: Fingerprint, options: BuildOptions, site: SiteFiles, output: String) -> BuildReport? {
        guard let record = manifest.unchanged, record.inputs == inputs, record.covers(options.clock.now),
              clockSeen(site: site, baseURLOverride: options.baseURL, now: options.clock.now) == record.clockSeen else { return nil }
        let validated = manifest.validated(against: output, threads: options.threads)
        guard validated.isComplete, validated.files.count == record.report.files + 1 else { return nil }
        return record.replayed(outputDirectory: output)
    }

    /// What the templates print of the clock, from the settings and templates alone; nil when
    /// they do not load cleanly (the full build then says why).
    static func clockSeen(site: SiteFiles, baseURLOverride: String?, now: Date) -> Fingerprint? {
        guard let text = try? site.readText(ConfigLoader.path),
              let config = ConfigLoader.parse(text, baseURLOverride: baseURLOverride).config else { return nil }
        var diagnostics = Diagnostics()
        let theme = ThemeLoader.load(files: site, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors, let environment = try? SiteRenderer.environment(theme: theme, config: config) else {
            return nil
        }
        return SiteRenderer.clockSeen(by: environment, now: now, timeZone: config.timeZone)
    }
}

extension UnchangedBuild {
    /// What a build that found its inputs settled leaves for the next one.
    init(inputs: Fingerprint, releases: [Release], clock: Clock, clockSeen: Fingerprint, report: BuildReport) {
        let window = Self.clockWindow(releases, now: clock.now)
        self.init(
            inputs: inputs, clockFrom: window.from, clockUntil: window.until, clockSeen: clockSeen,
            report: StoredReport(
                diagnostics: report.diagnostics, publishedReleases: report.publishedReleases, pages: report.pages,
                files: report.files, withheld: report.withheld.map { ($0.release, $0.hold) },
                withheldPages: report.withheldPages, timeZone: report.schedule.timeZone))
    }
}
