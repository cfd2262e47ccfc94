/// Variables visible while rendering: the caller's context at the bottom and one frame per
/// template body, loop iteration, block and include above it. `set` writes to the top frame, so
/// an assignment inside a loop or an included template does not leak out of it.
struct Scope: Sendable {
    private let globals: TemplateObject
    private var frames: [[String: TemplateValue]] = [[:]]

    init(globals: TemplateObject) {
        self.globals = globals
    }

    func lookup(_ name: String) -> TemplateValue? {
        for frame in frames.reversed() {
            if let value = frame[name] { return value }
        }
        return globals[name]
    }

    mutating func set(_ name: String, _ value: TemplateValue) {
        frames[frames.count - 1][name] = value
    }

    mutating func push() {
        frames.append([:])
    }

    mutating func pop() {
        if frames.count > 1 { frames.removeLast() }
    }

    /// Every visible name, for "did you mean" suggestions.
    var names: Set<String> {
        var result = Set(globals.keys)
        for frame in frames {
            result.formUnion(frame.keys)
        }
        return result
    }
}
