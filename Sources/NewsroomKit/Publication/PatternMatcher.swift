import Foundation

/// Finds many byte patterns in one pass over a text (Aho–Corasick), so the leak scan reads
/// each output file once whatever the number of held releases.
///
/// The automaton is a trie of the patterns with failure links. The root's moves are a full
/// table (most bytes of a text leave the scan at the root); deeper states keep their few
/// moves in a flat, sorted run of `edges`.
struct PatternMatcher: Sendable {
    let patterns: [[UInt8]]
    /// For state s: its moves are `edges[edgeStart[s] ..< edgeStart[s + 1]]`, sorted by byte.
    private var edgeStart: [Int32] = []
    private var edges: [(byte: UInt8, target: Int32)] = []
    private var rootMoves = [Int32](repeating: 0, count: 256)
    private var failure: [Int32] = []
    /// Patterns that end at each state, including those ending at its failure chain (-1: none).
    private var firstOutput: [Int32] = []
    /// Output lists as linked entries: (pattern, next entry or -1).
    private var outputs: [(pattern: Int32, next: Int32)] = []

    init(_ patterns: [[UInt8]]) {
        self.patterns = patterns
        // Build the trie with dictionaries, then flatten it.
        var children: [[UInt8: Int32]] = [[:]]
        var ends: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                if let next = children[state][byte] {
                    state = Int(next)
                } else {
                    children.append([:])
                    ends.append([])
                    children[state][byte] = Int32(children.count - 1)
                    state = children.count - 1
                }
            }
            ends[state].append(Int32(index))
        }
        let count = children.count
        edgeStart.reserveCapacity(count + 1)
        for state in 0..<count {
            edgeStart.append(Int32(edges.count))
            for byte in children[state].keys.sorted() {
                edges.append((byte, children[state][byte] ?? 0))
            }
        }
        edgeStart.append(Int32(edges.count))
        for (byte, target) in children[0] { rootMoves[Int(byte)] = target }

        // Failure links, breadth first; outputs chain to the failure state's outputs.
        failure = [Int32](repeating: 0, count: count)
        firstOutput = [Int32](repeating: -1, count: count)
        var queue: [Int32] = []
        func addOutputs(of state: Int, inheriting inherited: Int32) {
            var head = inherited
            for pattern in ends[state].reversed() {
                outputs.append((pattern, head))
                head = Int32(outputs.count - 1)
            }
            firstOutput[state] = head
        }
        addOutputs(of: 0, inheriting: -1)
        for byte in children[0].keys.sorted() {
            let child = children[0][byte] ?? 0
            queue.append(child)
            addOutputs(of: Int(child), inheriting: -1)
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            for byte in children[state].keys.sorted() {
                let child = Int(children[state][byte] ?? 0)
                var fallback = Int(failure[state])
                while fallback != 0, children[fallback][byte] == nil { fallback = Int(failure[fallback]) }
                let target = children[fallback][byte].map(Int.init) ?? 0
                failure[child] = Int32(target == child ? 0 : target)
                addOutputs(of: child, inheriting: firstOutput[Int(failure[child])])
                queue.append(Int32(child))
            }
        }
    }

    var isEmpty: Bool { patterns.allSatisfy(\.isEmpty) }

    /// Calls `found(pattern, end)` for every occurrence, `end` being the index just past it.
    /// `found` returns false to stop the scan.
    func scan(_ bytes: UnsafeRawBufferPointer, _ found: (_ pattern: Int, _ end: Int) -> Bool) {
        var state = 0
        scan(bytes, range: 0..<bytes.count, state: &state, found)
    }

    /// `scan(_:_:)` over `bytes[range]`, going on from `state` (0 at the start of a text) and
    /// leaving in it where the scan stands: a text scanned in parts, each part's range
    /// following the last, finds what a scan of it whole finds, in the same order.
    func scan(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, state: inout Int,
              _ found: (_ pattern: Int, _ end: Int) -> Bool) {
        guard !isEmpty, !range.isEmpty, let text = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "the range lies outside the text")
        precondition(state >= 0 && state < failure.count, "the state is not one of this matcher's")
        // The tables read in place, without a bounds check a byte: the scan is most of the
        // leak scan's time, and every state and entry in them was made in range by `init`.
        rootMoves.withUnsafeBufferPointer { rootMoves in
        edgeStart.withUnsafeBufferPointer { edgeStart in
        edges.withUnsafeBufferPointer { edges in
        failure.withUnsafeBufferPointer { failure in
        firstOutput.withUnsafeBufferPointer { firstOutput in
        outputs.withUnsafeBufferPointer { outputs in
            var current = state
            defer { state = current }
            var index = range.lowerBound
            let end = range.upperBound
            while index < end {
                // At the root, where a scan spends most bytes: one table read a byte, and no
                // output (no pattern is empty).
                if current == 0 {
                    while index < end, rootMoves[Int(text[index])] == 0 { index += 1 }
                    guard index < end else { return }
                    current = Int(rootMoves[Int(text[index])])
                } else {
                    let byte = text[index]
                    while true {
                        if current == 0 {
                            current = Int(rootMoves[Int(byte)])
                            break
                        }
                        var low = Int(edgeStart[current]), high = Int(edgeStart[current + 1])
                        var next: Int32 = -1
                        while low < high {
                            let middle = (low + high) / 2
                            let edge = edges[middle]
                            if edge.byte == byte { next = edge.target; break }
                            if edge.byte < byte { low = middle + 1 } else { high = middle }
                        }
                        if next >= 0 {
                            current = Int(next)
                            break
                        }
                        current = Int(failure[current])
                    }
                }
                var entry = firstOutput[current]
                while entry >= 0 {
                    if !found(Int(outputs[Int(entry)].pattern), index + 1) { return }
                    entry = outputs[Int(entry)].next
                }
                index += 1
            }
        }
        }
        }
        }
        }
        }
    }

    /// The indices of the patterns that occur in `bytes`.
    func occurring(in bytes: some ContiguousBytes) -> Set<Int> {
        var seen = Set<Int>()
        bytes.withUnsafeBytes { raw in
            scan(raw) { pattern, _ in
                seen.insert(pattern)
                return seen.count < patterns.count
            }
        }
        return seen
    }
}
