/// Several sources seen as one: for every name, the first source that has it wins, so site
/// templates can override a built-in theme one file at a time.
public struct OverlaySource: TemplateSource {
    private let sources: [any TemplateSource]

    public init(_ sources: [any TemplateSource]) {
        self.sources = sources
    }

    public func templateNames() throws(TemplateError) -> [String] {
        var names = Set<String>()
        for source in sources {
            names.formUnion(try source.templateNames())
        }
        return names.sorted()
    }

    public func text(of name: String) throws(TemplateError) -> String? {
        for source in sources {
            if let text = try source.text(of: name) {
                return text
            }
        }
        return nil
    }
}
