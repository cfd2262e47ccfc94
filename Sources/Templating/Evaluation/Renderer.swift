/// Renders compiled templates (`Compiler`) into text. One renderer serves one `render` call; it
/// owns its output and scope, so concurrent renders from one environment share nothing mutable.
struct Renderer {
    /// Nested bodies (if, for, block) and includes a render may be inside at once. The parser
    /// caps nesting within one template; this caps it across includes.
    static let maximumDepth = 128
    /// The attributes of `loop`, in order; one list shared by every turn of every loop.
    /// `depth` and `depth0` are always 1 and 0: Jinja counts only the levels of a `recursive`
    /// loop, which templates here do not have.
    static let loopKeys = ["index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"]
    /// `loop`'s keys by turn: `previtem` is there after the first turn and `nextitem` before the
    /// last, as in Jinja (elsewhere they are undefined: `loop.previtem is defined` tells).
    static let loopKeysByTurn = (
        only: TemplateObject.Layout(uniqueKeys: loopKeys), first: TemplateObject.Layout(uniqueKeys: loopKeys + ["nextitem"]),
        last: TemplateObject.Layout(uniqueKeys: loopKeys + ["previtem"]),
        middle: TemplateObject.Layout(uniqueKeys: loopKeys + ["previtem", "nextitem"])
    )
    /// The longest inheritance chain a render follows.
    static let maximumInheritance = 32

    let templates: [String: CompiledTemplate]
    let limits: TemplateEnvironment.Limits
    /// What the output is, so that `{{ }}` escapes for it.
    let format: OutputFormat
    var scope: Scope
    var output = ""
    /// Where the page's output goes a part at a time, when it is handed on as it renders
    /// (`TemplateEnvironment.render(_:context:limits:partSize:into:)`), and from what size.
    var sink: ((String) -> Void)?
    var partSize = Int.max
    /// The bytes of the page's output already handed to `sink`.
    private var handedOn = 0
    /// How many captures are open (`{% set %}` bodies, `super()`, macro calls, `caller()`):
    /// `output` is then theirs, not the page's, and nothing of it is handed on.
    var capturing = 0
    var depth = 0
    private var steps = 0
    /// Every definition of each block in the inheritance chain being rendered, most derived first.
    private var blockDefinitions: [String: [CompiledBlock]] = [:]
    /// The block being rendered and which of its definitions, for `super()`.
    private var currentBlock: (name: String, level: Int)?
    /// The bodies of the `{% call %}` tags whose macros are running, innermost last, and which
    /// of them `caller()` runs in the current macro (nil outside a macro called by one, and in
    /// a call block's body).
    var callers: [CallerFrame] = []
    var currentCaller: Int?

    init(templates: [String: CompiledTemplate], limits: TemplateEnvironment.Limits, context: TemplateObject,
         format: OutputFormat = .html) {
        self.templates = templates
        self.limits = limits
        self.format = format
        self.scope = Scope(globals: context)
        output.reserveCapacity(16_384)
    }

    /// Renders a template and its inheritance chain: the root-most parent's body is rendered with
    /// each block replaced by its most derived definition. Top-level `set` statements of the
    /// child templates run first (in the child's order), so a child can configure its parent;
    /// everything else outside blocks in a child is ignored.
    mutating func renderTemplate(_ name: String, referencedAt reference: TemplateLocation?) throws(TemplateError) {
        try renderTemplate(name, templates[name], referencedAt: reference)
    }

    /// `renderTemplate(name)` with the template already looked up.
    mutating func renderTemplate(_ name: String, _ template: CompiledTemplate?, referencedAt reference: TemplateLocation?) throws(TemplateError) {
        guard let template else { throw Self.missing(name, referencedAt: reference) }
        let chain = try template.inheritance.get()
        let savedDefinitions = blockDefinitions
        let savedBlock = currentBlock
        blockDefinitions = chain.definitions
        currentBlock = nil
        defer {
            blockDefinitions = savedDefinitions
            currentBlock = savedBlock
        }
        for (variable, value) in chain.assignments {
            let assigned = try value.evaluate(&self)
            scope.set(variable, assigned)
        }
        do {
            try chain.body(&self)
        } catch var error {
            // An error in a parent layout, outside the child's blocks, says whose layout it is.
            let reached = error.chain.last?.template ?? error.location.template
            if reached != name { error.chain.append(.extended(by: name)) }
            throw error
        }
    }

    /// A template with its inheritance chain resolved: the root-most parent's body, every block's
    /// definitions (most derived first) and the top-level `set`s of the children, in order. The
    /// same for every render, so `Compiler` works it out once per template.
    struct Inheritance: Sendable {
        var nodes: [Node]
        var definitions: [String: [Block]]
        var assignments: [(String, Expression)]
    }

    static func inheritance(of name: String, in templates: [String: ParsedTemplate], referencedAt reference: TemplateLocation?) throws(TemplateError) -> Inheritance {
        guard let template = templates[name] else { throw missing(name, referencedAt: reference) }
        var chain = [template]
        while let parent = chain[chain.count - 1].parent {
            guard chain.count < Self.maximumInheritance else {
                throw TemplateError(kind: .tooDeep, location: parent.location, message: "inheritance chain too long (limit \(Self.maximumInheritance))")
            }
            guard let next = templates[parent.target] else {
                throw TemplateError(kind: .missingTemplate, location: parent.location, message: "template '\(parent.target)' not found")
            }
            guard !chain.contains(where: { $0.name == next.name }) else {
                throw TemplateError(kind: .circularInheritance, location: parent.location, message: "circular inheritance through '\(next.name)'")
            }
            chain.append(next)
        }
        var definitions: [String: [Block]] = [:]
        for member in chain {
            for (blockName, block) in member.blocks {
                definitions[blockName, default: []].append(block)
            }
        }
        var assignments: [(String, Expression)] = []
        for child in chain.dropLast() {
            for case .assignment(let variable, let value) in child.nodes { assignments.append((variable, value)) }
        }
        return Inheritance(nodes: chain[chain.count - 1].nodes, definitions: definitions, assignments: assignments)
    }

    static func missing(_ name: String, referencedAt reference: TemplateLocation?) -> TemplateError {
        TemplateError(kind: .missingTemplate, location: reference ?? TemplateLocation(template: name, line: 1, column: 1),
                      message: "template '\(name)' not found")
    }

    mutating func enter(at location: TemplateLocation, levels: Int = 1, macro: String? = nil) throws(TemplateError) {
        depth += levels
        if depth > Self.maximumDepth {
            var message = "templates nested too deeply while rendering (limit \(Self.maximumDepth))"
            if let macro { message += "; does macro '\(macro)' call itself without end?" }
            throw TemplateError(kind: .tooDeep, location: location, message: message)
        }
    }

    /// Counts one step of work (a loop turn, an include, a block) against `limits.steps`, and
    /// checks the output against `limits.bytes`. Between two steps a render does at most what the
    /// text of one template body says, so checking here bounds the whole render.
    mutating func step(at location: TemplateLocation) throws(TemplateError) {
        steps += 1
        if steps > limits.steps {
            throw TemplateError(kind: .tooLarge, location: location, message: "template does too much work (more than \(limits.steps) loop turns, includes and blocks; nested loops multiply)")
        }
        if output.utf8.count + (capturing == 0 ? handedOn : 0) > limits.bytes {
            throw TemplateError(kind: .tooLarge, location: location, message: "output too large (more than \(limits.bytes) bytes)")
        }
        if capturing == 0, output.utf8.count >= partSize, let sink { handOn(to: sink) }
    }

    /// Hands the page's output so far to `sink` and starts again in the same room.
    mutating func handOn(to sink: (String) -> Void) {
        handedOn += output.utf8.count
        sink(output)
        output.removeAll(keepingCapacity: true)
    }

    /// Returns `value`, or throws when it is larger than the limits allow (`limits.bytes` for a
    /// string, `limits.items` for a list or object).
    func checkSize(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        switch value {
        case .string(let text) where text.utf8.count > limits.bytes, .safe(let text) where text.utf8.count > limits.bytes:
            throw TemplateError(kind: .tooLarge, location: location, message: "text too long (more than \(limits.bytes) bytes)")
        case .array(let items) where items.count > limits.items:
            throw TemplateError(kind: .tooLarge, location: location, message: "list too long (more than \(limits.items) items)")
        case .object(let object) where object.count > limits.items:
            throw TemplateError(kind: .tooLarge, location: location, message: "object too large (more than \(limits.items) keys)")
        default:
            return value
        }
    }

    /// `{% include %}`: the template rendered in a frame of its own, seeing the variables here.
    mutating func renderInclude(_ name: String, at location: TemplateLocation) throws(TemplateError) {
        try step(at: location)
        try enter(at: location)
        scope.push()
        do {
            try renderTemplate(name, referencedAt: location)
        } catch var error {
            if error.location != location { error.chain.append(.included(from: location)) }
            throw error
        }
        scope.pop()
        depth -= 1
    }

    /// Writes what `{{ }}` shows of a value, escaped for the output format: plain strings
    /// escaped (HTML and XML) or written as JSON values (JSON, where none is `null` and lists and
    /// objects are JSON too); safe strings, already in the output's language, as they are; none
    /// as nothing outside JSON. Lists and objects have no text form in HTML, XML or text; printing
    /// one is a mistake worth reporting.
    mutating func print(_ value: TemplateValue, at location: TemplateLocation) throws(TemplateError) {
        switch value {
        case .safe(let text):
            output += text
        case .string(let text):
            switch format {
            case .html: Escaping.appendHTML(text, to: &output)
            case .xml: Escaping.appendXML(text, to: &output)
            case .text: output += text
            case .json: output += JSONText.encode(value, forHTML: false)
            }
        case .null, .bool, .int, .double:
            output += format == .json ? JSONText.encode(value, forHTML: false) : value.scalarText ?? ""
        case .array, .object:
            guard format == .json else {
                throw TemplateError(kind: .type, location: location, message: "cannot print \(value.typeName == "list" ? "a list" : "an object"); use a filter such as 'join' or 'json'")
            }
            output += JSONText.encode(value, forHTML: false)
        }
    }

    /// The branch of an `if` whose condition holds (not an `else`, which adds no nesting).
    mutating func renderBranch(_ body: Runner, at location: TemplateLocation) throws(TemplateError) {
        try enter(at: location)
        try body(&self)
        depth -= 1
    }

    mutating func renderLoop(_ loop: CompiledLoop) throws(TemplateError) {
        let sequence = try loop.sequence.evaluate(&self)
        var items = try loopItems(sequence, names: loop.names, at: loop.sequence.location)
        try enter(at: loop.location)
        defer { depth -= 1 }
        if let filter = loop.filter {
            var kept = LoopItems(firsts: [])
            for index in 0 ..< items.count {
                try step(at: loop.location)
                scope.push()
                bind(loop.names, to: items, at: index)
                let holds = try filter.evaluate(&self).isTruthy
                scope.pop()
                if holds { kept.append(items, at: index) }
            }
            items = kept
        }
        guard items.count > 0 else {
            try loop.otherwise(&self)
            return
        }
        for position in 0 ..< items.count {
            try step(at: loop.location)
            scope.push()
            bind(loop.names, to: items, at: position)
            if loop.bodyReadsLoop { scope.set("loop", loopObject(items, at: position, pairs: loop.names.count == 2)) }
            try loop.body(&self)
            scope.pop()
        }
    }

    /// What a loop binds, turn by turn: `firsts` to its first name and, when it has two,
    /// `seconds` to the second. A list looped over with one name is its own `firsts`, not a copy.
    private struct LoopItems {
        var firsts: [TemplateValue]
        var seconds: [TemplateValue] = []

        var count: Int { firsts.count }

        mutating func append(_ other: LoopItems, at index: Int) {
            firsts.append(other.firsts[index])
            if !other.seconds.isEmpty { seconds.append(other.seconds[index]) }
        }
    }

    /// `loop` on the turn at `position` of `items`.
    private func loopObject(_ items: LoopItems, at position: Int, pairs: Bool) -> TemplateValue {
        func item(_ index: Int) -> TemplateValue { pairs ? .array([items.firsts[index], items.seconds[index]]) : items.firsts[index] }
        let isFirst = position == 0, isLast = position == items.count - 1
        var values: [TemplateValue] = [
            .int(position + 1), .int(position), .int(items.count - position), .int(items.count - position - 1),
            .bool(isFirst), .bool(isLast), .int(items.count), .int(1), .int(0),
        ]
        if !isFirst { values.append(item(position - 1)) }
        if !isLast { values.append(item(position + 1)) }
        let keys = Self.loopKeysByTurn
        return .object(TemplateObject(isFirst ? (isLast ? keys.only : keys.first) : (isLast ? keys.last : keys.middle), values: values))
    }

    /// Sets a loop's names in the current scope to one turn's item (or its two parts).
    private mutating func bind(_ names: [String], to items: LoopItems, at index: Int) {
        scope.set(names[0], items.firsts[index])
        if names.count == 2 {
            scope.set(names[1], items.seconds[index])
        }
    }

    /// What a loop binds on each turn: items of a list (or the two items of each pair, or the
    /// grouper and list of each group, when two names are given), keys (or key and value) of an
    /// object, characters of a string.
    private func loopItems(_ sequence: TemplateValue, names: [String], at location: TemplateLocation) throws(TemplateError) -> LoopItems {
        let pairwise = names.count == 2
        switch sequence {
        case .array(let items):
            guard pairwise else { return LoopItems(firsts: items) }
            var pairs = LoopItems(firsts: [])
            for item in items {
                if let parts = item.groupParts {
                    pairs.firsts.append(parts.0)
                    pairs.seconds.append(parts.1)
                    continue
                }
                guard case .array(let pair) = item, pair.count == 2 else {
                    throw TemplateError(kind: .type, location: location, message: "cannot unpack \(Self.article(item)) into '\(names[0]), \(names[1])'; expected pairs")
                }
                pairs.firsts.append(pair[0])
                pairs.seconds.append(pair[1])
            }
            return pairs
        case .object(let object):
            return LoopItems(firsts: object.keys.map { .string($0) }, seconds: pairwise ? object.pairs.map(\.value) : [])
        case .string(let text), .safe(let text):
            guard !pairwise else {
                throw TemplateError(kind: .type, location: location, message: "cannot unpack a string into '\(names[0]), \(names[1])'")
            }
            return LoopItems(firsts: text.map { sequence.isSafe ? .safe(String($0)) : .string(String($0)) })
        case .null, .bool, .int, .double:
            throw TemplateError(kind: .type, location: location, message: "cannot loop over \(Self.article(sequence))")
        }
    }

    /// "a string", "an integer", "none" — for messages.
    static func article(_ value: TemplateValue) -> String {
        switch value {
        case .null: "none"
        case .int, .object: "an \(value.typeName)"
        default: "a \(value.typeName)"
        }
    }

    mutating func renderBlock(_ name: String, level: Int, at location: TemplateLocation) throws(TemplateError) {
        guard let definitions = blockDefinitions[name], level < definitions.count else { return }
        try step(at: location)
        try enter(at: location)
        scope.push()
        let savedBlock = currentBlock
        currentBlock = (name, level)
        try definitions[level].body(&self)
        currentBlock = savedBlock
        scope.pop()
        depth -= 1
    }

    /// `{% set name %}…{% endset %}`: the body rendered in a scope of its own, as safe text (it
    /// is already in the output's language).
    mutating func capture(_ body: Runner, at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        try enter(at: location)
        scope.push()
        let savedOutput = output
        output = ""
        capturing += 1
        try body(&self)
        capturing -= 1
        let text = output
        output = savedOutput
        scope.pop()
        depth -= 1
        return .safe(text)
    }

    /// `super()`: the next less derived definition of the current block, rendered to safe text.
    mutating func renderSuper(at location: TemplateLocation) throws(TemplateError) -> TemplateValue {
        guard let (name, level) = currentBlock, let definitions = blockDefinitions[name], level + 1 < definitions.count else {
            let blockName = currentBlock?.name ?? ""
            throw TemplateError(kind: .undefined, location: location, message: "block '\(blockName)' has no parent block for 'super()'")
        }
        let savedOutput = output
        output = ""
        capturing += 1
        try renderBlock(name, level: level + 1, at: location)
        capturing -= 1
        let text = output
        output = savedOutput
        return .safe(text)
    }
}
