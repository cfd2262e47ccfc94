public import Foundation

/// `newsroom build --report FILE`: what a CI job needs to decide whether to deploy. Counts, the
/// held releases with the instant each is due, `next_due`, and a manifest of every output file
/// (the marker file aside) with its SHA-256. The output is deterministic, so two builds that
/// publish the same things give the same manifest, and a scheduled job can skip the deploy
/// when it has not changed.
public enum PublishReport {
    /// The report as JSON text (keys sorted, one line per key at most two levels deep).
    public static func json(_ report: BuildReport) throws -> Data {
        let manifest = try manifest(of: report.outputDirectory)
        let withheld: [[String: Any]] = report.schedule.entries.map { entry in
            ["path": entry.sourcePath, "state": entry.reason, "due": entry.dueUTC.map { $0 as Any } ?? NSNull()]
        } + report.withheldPages.map { ["path": $0, "state": "draft", "due": NSNull()] }
        let object: [String: Any] = [
            "releases": report.publishedReleases,
            "pages": report.pages,
            "files": report.files,
            "written": report.filesWritten,
            "unchanged": report.filesUnchanged,
            "warnings": report.diagnostics.count { $0.severity == .warning },
            "withheld": withheld,
            "next_due": report.schedule.next?.dueUTC.map { $0 as Any } ?? NSNull(),
            "manifest": manifest,
        ]
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Every file under `folder` (relative path → SHA-256), read a megabyte at a time.
    public static func manifest(of folder: String) throws -> [String: String] {
        var digests: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [:] }
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            guard relative != OutputWriter.markerName,
                  (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular,
                  let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
            digests[relative] = hasher.finalizeHex()
        }
        return digests
    }
}
