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
    /// Where each frame's bindings start in `names`.
    private var frameStarts: [Int] = [0]

    init(globals: TemplateObject) {
        self.globals = globals
        names.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    func lookup(_ name: String) -> TemplateValue? {
        var index = names.count - 1
        while index >= 0 {
            if names[index] == name { return values[index] }
            index -= 1
        }
        return globals[name]
    }

    mutating func set(_ name: String, _ value: TemplateValue) {
        var index = names.count - 1
        let start = frameStarts[frameStarts.count - 1]
        while index >= start {
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
        frameStarts.append(names.count)
    }

    mutating func pop() {
        guard frameStarts.count > 1, let start = frameStarts.popLast() else { return }
        names.removeSubrange(start...)
        values.removeSubrange(start...)
    }

    /// Every visible name, for "did you mean" suggestions.
    var visibleNames: Set<String> {
        Set(globals.keys).union(names)
    }
}
