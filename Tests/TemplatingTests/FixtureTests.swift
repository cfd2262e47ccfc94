import Foundation
import Templating
import Testing

/// Each folder under `Fixtures/` is one case: template files (`main.html` is rendered), an
/// optional `context.json`, and either `expected.html` (the exact output) or `expected.error`
/// (the exact `TemplateError` descriptions, one per line, from loading or rendering).
struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? [])
        .filter { !$0.hasPrefix(".") }
        .sorted()

    static let reservedNames: Set<String> = ["context.json", "expected.html", "expected.error"]

    /// Every fixture goes through `DirectorySource`, minus the case's bookkeeping files.
    struct FixtureSource: TemplateSource {
        let directory: DirectorySource

        func templateNames() throws(TemplateError) -> [String] {
            try directory.templateNames().filter { !FixtureTests.reservedNames.contains($0) }
        }

        func text(of name: String) throws(TemplateError) -> String? {
            FixtureTests.reservedNames.contains(name) ? nil : try directory.text(of: name)
        }
    }

    /// A filter fixtures can use to check that caller filters are registered.
    static let shout: TemplateFilter = { input, arguments throws(FilterError) in
        guard case .string(let text) = input else { throw FilterError("expected a string") }
        let marks = arguments.first.flatMap { if case .int(let count) = $0 { count } else { nil } } ?? 1
        return .string(text.uppercased() + String(repeating: "!", count: marks))
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func fixture(_ name: String) throws {
        let folder = Self.fixtures + "/" + name
        let contextPath = folder + "/context.json"
        var context = TemplateObject()
        if let data = FileManager.default.contents(atPath: contextPath) {
            guard case .object(let object) = try OrderedJSON.parse(String(decoding: data, as: UTF8.self)) else {
                Issue.record("context.json of \(name) is not an object")
                return
            }
            context = object
        }
        let expectedOutput = FileManager.default.contents(atPath: folder + "/expected.html").map { String(decoding: $0, as: UTF8.self) }
        let expectedErrors = FileManager.default.contents(atPath: folder + "/expected.error").map { String(decoding: $0, as: UTF8.self) }
        #expect((expectedOutput == nil) != (expectedErrors == nil), "\(name) needs exactly one of expected.html and expected.error")

        let actual: Result<String, TemplateErrors>
        do {
            let environment = try TemplateEnvironment(
                source: FixtureSource(directory: DirectorySource(directory: folder)),
                filters: ["shout": Self.shout]
            )
            do {
                actual = .success(try environment.render("main.html", context: context))
            } catch {
                actual = .failure(TemplateErrors([error]))
            }
        } catch {
            actual = .failure(error)
        }

        switch actual {
        case .success(let output):
            if let expectedOutput {
                #expect(output == expectedOutput)
            } else {
                Issue.record("expected errors but rendered:\n\(output)")
            }
        case .failure(let errors):
            if let expectedErrors {
                let lines = expectedErrors.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                #expect(errors.errors.map(\.description) == lines)
            } else {
                Issue.record("expected output but failed:\n\(errors)")
            }
        }
    }
}
