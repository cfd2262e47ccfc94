import Foundation
import TestFolders
import NewsroomKit

/// Paths and helpers shared by the end-to-end tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func site(_ name: String) -> String {
        repository.appendingPathComponent("seeds/fixtures/\(name)").path
    }

    /// A fresh empty folder, removed with the others when the test process ends (`TestFolders`).
    static func temporaryDirectory(_ label: String = "test") -> String {
        TestFolders.make(label)
    }

    /// Copies a fixture site into a temporary folder, so a test may change it.
    static func copy(_ name: String) throws -> String {
        let destination = temporaryDirectory(name) + "/site"
        try FileManager.default.copyItem(atPath: site(name), toPath: destination)
        return destination
    }

    /// The names of what lies beside an output folder and bears its name (its staging and
    /// pending folders, its lock): a build that ends leaves only the output itself.
    static func beside(_ output: String) -> [String] {
        let folder = URL(fileURLWithPath: output)
        let name = folder.lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)) ?? []
        return entries.filter { $0.contains(name) }.sorted()
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func build(
        _ site: String, output: String, now: String = "2026-03-15T00:00:00Z",
        drafts: Bool = false, future: Bool = false, strict: Bool = false, threads: Int = 0
    ) throws(BuildFailure) -> BuildReport {
        try Builder.build(BuildOptions(
            siteDirectory: site, outputDirectory: output, includeDrafts: drafts, includeFuture: future,
            strict: strict, clock: Clock(now: date(now)), threads: threads))
    }
}

/// A whole output folder read into memory: relative path → bytes.
struct OutputTree: Equatable {
    var files: [String: Data]

    init(_ root: String) {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: path) ?? Data()
            }
        }
        self.files = files
    }

    var paths: [String] { files.keys.sorted() }

    func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }

    var htmlPaths: [String] { paths.filter { $0.hasSuffix(".html") } }
}
