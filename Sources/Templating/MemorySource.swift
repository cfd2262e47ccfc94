/// Templates held in memory, keyed by name; handy for tests and for a theme compiled into the binary.
public struct MemorySource: TemplateSource {
    private let templates: [String: String]

    public init(_ templates: [String: String]) {
        self.templates = templates
    }

    public func templateNames() throws(TemplateError) -> [String] {
        templates.keys.sorted()
    }

    public func text(of name: String) throws(TemplateError) -> String? {
        templates[name]
    }
}
