/// Variables visible while rendering: the caller's context at the bottom and one frame per
/// template body, loop iteration, block and include above it. `set` writes to the top frame, so
/// an assignment inside a loop or an included template does not leak out of it.
///
/// The frames are one list of bindings, searched from the top: a page has a handful of local
/// names, and comparing a few short strings is faster than hashing them into a table per frame.
struct Scope: Sendable {
    private let globals: TemplateObject
    private var names: [String] = []
    private var values: [TemplateValue] = []
    /// Where the top frame's bindings start in `names`, and below it those of the frames it covers.
    /// Nothing is allocated until a template sets a variable or enters a loop.
    private var topStart = 0
    private var lowerStarts: [Int] = []

    init(globals: TemplateObject) {
        self.globals = globals
    }

    func lookup(_ name: String) -> TemplateValue? {
        var index = names.count - 1
        while index >= 0 {
            if names[index] == name { return values[index] }
            index -= 1
        }
        return globals[name]
    }

    /// The variable `path[0]`'s attribute `path[1]`, its attribute `path[2]` and so on, read
    /// without copying the objects on the way; nil when any of them is missing.
    @_effects(readonly)
    func follow(_ path: [String]) -> TemplateValue? {
        var index = names.count - 1
        while index >= 0 {
            if names[index] == path[0] { return values.withUnsafeBufferPointer { TemplateObject.follow($0[index], path, from: 1) } }
            index -= 1
        }
        return globals.follow(path, from: 0)
    }

    mutating func set(_ name: String, _ value: TemplateValue) {
        var index = names.count - 1
        while index >= topStart {
            if names[index] == name {
                values[index] = value
                return
            }
            index -= 1
        }
        names.append(name)
        values.append(value)
    }

    mutating func push() {
        lowerStarts.append(topStart)
        topStart = names.count
    }

    mutating func pop() {
        guard let lower = lowerStarts.popLast() else { return }
        names.removeLast(names.count - topStart)
        values.removeLast(values.count - topStart)
        topStart = lower
    }

    /// The scope a macro's body runs in: under a new frame for its arguments, the globals and
    /// the bottom frame (the page's top-level `set`s), none of the frames above it (the caller's
    /// loop variables, an include's or a block's own). Without the context, nothing at all.
    func forMacro(withContext: Bool) -> Scope {
        var scope = Scope(globals: withContext ? globals : TemplateObject())
        if withContext {
            let end = lowerStarts.count > 1 ? lowerStarts[1] : lowerStarts.isEmpty ? names.count : topStart
            scope.names = Array(names[..<end])
            scope.values = Array(values[..<end])
        }
        scope.push()
        return scope
    }

    /// Every visible name, for "did you mean" suggestions.
    var visibleNames: Set<String> {
        Set(globals.keys).union(names)
    }
}
