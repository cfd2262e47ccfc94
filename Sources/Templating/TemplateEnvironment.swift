/// A checked set of templates and filters, ready to render.
///
/// Loading parses every template once and checks everything that can be checked without data:
/// syntax, filter names and keyword arguments, `extends`/`include`/`import` targets and cycles,
/// and every macro call (resolved to its macro here, `TemplateLinker`). Rendering then only reads
/// immutable values, so one environment serves any number of concurrent renders.
public struct TemplateEnvironment: Sendable {
    let templates: [String: ParsedTemplate]
    let filters: [String: TemplateFilter]
    /// The templates as they render (`Compiler`).
    private let compiled: [String: CompiledTemplate]
    private let limits: Limits

    /// How much work one `render` may do before it fails with a `.tooLarge` error instead of
    /// running for hours or exhausting memory: nested loops multiply (twenty nested loops over
    /// three items are 3^20 turns) and `{% set x = x ~ x %}` doubles at every turn. The defaults
    /// are far above what a real page needs, even an archive of thousands of releases.
    public struct Limits: Sendable, Equatable {
        /// Loop turns, includes and blocks rendered.
        public var steps: Int
        /// UTF-8 bytes of the output, and of any string built while rendering.
        public var bytes: Int
        /// Items of any list or object built while rendering.
        public var items: Int

        public init(steps: Int = 1_000_000, bytes: Int = 16 * 1024 * 1024, items: Int = 1_000_000) {
            self.steps = steps
            self.bytes = bytes
            self.items = items
        }
    }

    /// Every loaded template name, sorted.
    public let templateNames: [String]

    /// The text each template was parsed from, so that a caller can fingerprint exactly what renders.
    public let templateTexts: [String: String]

    /// The filters every environment starts with.
    public static var builtInFilters: [String: TemplateFilter] { Filters.builtIn }

    /// Loads and parses every template of the source once, and checks every extends/include target exists and that there is no inheritance or include cycle. All problems found are thrown together.
    /// The given filters are added to (and may replace) the built-ins.
    public init(source: any TemplateSource, filters: [String: TemplateFilter] = [:], limits: Limits = Limits()) throws(TemplateErrors) {
        let allFilters = Filters.builtIn.merging(filters) { _, given in given }
        let filterNames = Set(allFilters.keys)
        // Keyword arguments follow the built-ins' parameters, not those of a filter that replaces one.
        let filterSignatures = Filters.parameters.filter { filters[$0.key] == nil }
        let names: [String]
        do {
            names = try source.templateNames()
        } catch {
            throw TemplateErrors([error])
        }
        var errors: [TemplateError] = []
        var parsed: [String: ParsedTemplate] = [:]
        var texts: [String: String] = [:]
        for name in names {
            let text: String?
            do {
                text = try source.text(of: name)
            } catch {
                errors.append(error)
                continue
            }
            guard let text else {
                errors.append(TemplateError(
                    kind: .unreadable,
                    location: TemplateLocation(template: name, line: 1, column: 1),
                    message: "template is listed by its source but cannot be read"
                ))
                continue
            }
            texts[name] = text
            let (template, problems) = Parser.parse(text, name: name, filterNames: filterNames, filterSignatures: filterSignatures)
            errors += problems
            if let template {
                parsed[name] = template
            }
        }
        let known = Set(names)
        for name in parsed.keys.sorted() {
            for reference in parsed[name]?.references ?? [] where !known.contains(reference.target) {
                var message = "template '\(reference.target)' not found"
                if let suggestion = NameSuggestion.closest(to: reference.target, among: names) {
                    message += "; did you mean '\(suggestion)'?"
                }
                errors.append(TemplateError(kind: .missingTemplate, location: reference.location, message: message))
            }
        }
        errors += ReferenceGraph(parsed).cycleErrors()
        let linked = TemplateLinker.link(parsed)
        errors += linked.errors
        parsed = linked.templates
        guard errors.isEmpty else {
            throw TemplateErrors(errors)
        }
        self.templates = parsed
        self.compiled = Compiler(filters: allFilters).compile(parsed)
        self.filters = allFilters
        self.limits = limits
        self.templateNames = names.sorted()
        self.templateTexts = texts
    }

    public func hasTemplate(_ name: String) -> Bool {
        templates[name] != nil
    }

    /// Renders one template with the given global context, escaping for the format its name
    /// gives (`OutputFormat(templateName:)`). Thread-safe: the newsroom renders many pages
    /// concurrently from one environment.
    /// - Parameter limits: this render's limits, in place of the environment's (a page that
    ///   lists a whole site grows with it).
    /// - Parameter capacity: the bytes of room the output starts with. Room for all the limits
    ///   allow is address space, resident only as the output fills it: an output that never
    ///   outgrows its room is never copied into a larger one (a copy holds both at once).
    public func render(_ name: String, context: TemplateObject, limits: Limits? = nil, capacity: Int = 16_384) throws(TemplateError) -> String {
        let template = compiled[name]
        var renderer = Renderer(templates: compiled, limits: limits ?? self.limits, context: context,
                                format: template?.format ?? OutputFormat(templateName: name))
        if capacity > 16_384 { renderer.output.reserveCapacity(capacity) }
        try renderer.renderTemplate(name, template, referencedAt: nil)
        return renderer.output
    }

    /// `render`, handing the output to `sink` as it goes rather than returning it: a part of at
    /// least `partSize` bytes each time the render counts a step with that much (a loop turn,
    /// an include, a block), and the rest at the end. Only the page's own output is handed on:
    /// what a `{% set %}` body, a macro or `super()` renders stays with the render until it is
    /// printed. A page that lists a whole site is then never held whole.
    public func render(_ name: String, context: TemplateObject, limits: Limits? = nil, partSize: Int,
                       into sink: (String) -> Void) throws(TemplateError) {
        let template = compiled[name]
        var renderer = Renderer(templates: compiled, limits: limits ?? self.limits, context: context,
                                format: template?.format ?? OutputFormat(templateName: name))
        try withoutActuallyEscaping(sink) { (sink) throws(TemplateError) in
            // The renderer lets go of the sink however the render ends.
            renderer.sink = sink
            defer { renderer.sink = nil }
            renderer.partSize = max(partSize, 1)
            try renderer.renderTemplate(name, template, referencedAt: nil)
            renderer.handOn(to: sink)
        }
    }
}
