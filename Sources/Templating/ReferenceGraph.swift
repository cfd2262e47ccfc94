/// The graph of `extends`, `include` and `import` references between parsed templates, checked
/// once at load time so that rendering can never loop through them (as Jinja would, running an
/// imported template that imports its importer).
struct ReferenceGraph {
    private let templates: [String: ParsedTemplate]

    init(_ templates: [String: ParsedTemplate]) {
        self.templates = templates
    }

    /// The first reference from `source` to `target`.
    private func reference(from source: String, to target: String) -> TemplateReference? {
        templates[source]?.references.first { $0.target == target }
    }

    /// Each distinct cycle reported once, at its first reference counted from the alphabetically
    /// smallest template in it. A cycle made only of `extends` is circular inheritance; one with
    /// any `import` a circular import; any other a circular include. Depth-first search is iterative so a long chain of
    /// templates cannot exhaust the stack.
    func cycleErrors() -> [TemplateError] {
        enum State { case active, done }
        var state: [String: State] = [:]
        var reported = Set<[String]>()
        var errors: [TemplateError] = []
        for start in templates.keys.sorted() where state[start] == nil {
            var path: [String] = [start]
            var nextEdge: [Int] = [0]
            state[start] = .active
            while let node = path.last {
                let targets = edges(of: node)
                let position = nextEdge[nextEdge.count - 1]
                guard position < targets.count else {
                    state[node] = .done
                    path.removeLast()
                    nextEdge.removeLast()
                    continue
                }
                nextEdge[nextEdge.count - 1] += 1
                let target = targets[position]
                switch state[target] {
                case nil:
                    state[target] = .active
                    path.append(target)
                    nextEdge.append(0)
                case .active:
                    guard let first = path.firstIndex(of: target) else { continue }
                    let cycle = normalized(Array(path[first...]))
                    if reported.insert(cycle).inserted, let error = error(for: cycle) {
                        errors.append(error)
                    }
                case .done:
                    continue
                }
            }
        }
        return errors
    }

    /// Distinct targets that exist, in the order the template names them.
    private func edges(of name: String) -> [String] {
        var seen = Set<String>()
        return (templates[name]?.references ?? []).compactMap { reference in
            guard templates[reference.target] != nil, seen.insert(reference.target).inserted else { return nil }
            return reference.target
        }
    }

    /// Rotates a cycle to start at its smallest name.
    private func normalized(_ cycle: [String]) -> [String] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[smallest...] + cycle[..<smallest])
    }

    private func error(for cycle: [String]) -> TemplateError? {
        let closed = cycle + [cycle[0]]
        var references: [TemplateReference] = []
        for (source, target) in zip(closed, closed.dropFirst()) {
            guard let reference = reference(from: source, to: target) else { return nil }
            references.append(reference)
        }
        let description = closed.joined(separator: " -> ")
        let (kind, what): (TemplateError.Kind, String) =
            if references.allSatisfy({ $0.kind == .extends }) { (.circularInheritance, "inheritance") }
            else if references.contains(where: { $0.kind == .import }) { (.circularImport, "import") }
            else { (.circularInclude, "include") }
        return TemplateError(kind: kind, location: references[0].location, message: "circular \(what): \(description)")
    }
}
