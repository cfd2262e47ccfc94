import Foundation
@testable import NewsroomKit
import Testing

@Suite struct BuiltinThemeTests {
    /// The theme compiled into the binary is generated from Templates/ by `make theme`.
    @Test func compiledThemeMatchesTemplatesFolder() throws {
        let templates = Fixtures.repository.appendingPathComponent("Templates").path
        let onDisk = OutputTree(templates).files.filter { !($0.key as NSString).lastPathComponent.hasPrefix(".") }
        var compiled: [String: Data] = [:]
        for (path, bytes) in BuiltinTheme.decodedFiles { compiled[path] = bytes }
        #expect(compiled.keys.sorted() == onDisk.keys.sorted(), "run `make theme`")
        for (path, bytes) in onDisk {
            #expect(compiled[path] == bytes, "\(path) differs from the compiled theme: run `make theme`")
        }
    }
}
