import Foundation

/// Finds many byte patterns in one pass over a text (Aho–Corasick), so the leak scan reads
/// each output file once whatever the number of held releases.
///
/// The automaton is a trie of the patterns with failure links. The root's moves are a full
/// table (most bytes of a text leave the scan at the root); deeper states keep their few
/// moves in a flat, sorted run of edges. Every table lives in one array (`Tables`), which the
/// scan reads in place.
struct PatternMatcher: Sendable {
    let patterns: [[UInt8]]
    private let tables: [Int32]
    private let at: Tables
    private let stateCount: Int

    /// Where each table starts in `tables`; the root's 256 moves come first, at 0.
    /// - `edgeStart`: for state s, its moves are the edges `edgeStart[s] ..< edgeStart[s + 1]`,
    ///   sorted by byte (`edgeByte`, `edgeTarget`);
    /// - `failure`: each state's failure link;
    /// - `firstOutput`: the first of the patterns that end at each state, including those ending
    ///   along its failure chain (-1: none), a list linked by `outputNext` (`outputPattern`).
    private struct Tables: Sendable {
        var edgeStart = 0, edgeByte = 0, edgeTarget = 0, failure = 0, firstOutput = 0, outputPattern = 0, outputNext = 0
    }

    init(_ patterns: [[UInt8]]) {
        self.patterns = patterns
        var edgeStart: [Int32] = []
        var edges: [(byte: UInt8, target: Int32)] = []
        var rootMoves = [Int32](repeating: 0, count: 256)
        var failure: [Int32] = []
        var firstOutput: [Int32] = []
        var outputs: [(pattern: Int32, next: Int32)] = []
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
        stateCount = count
        var at = Tables()
        var tables = rootMoves
        tables.reserveCapacity(256 + edgeStart.count + 2 * edges.count + 2 * count + 2 * outputs.count)
        at.edgeStart = tables.count
        tables += edgeStart
        at.edgeByte = tables.count
        tables += edges.map { Int32($0.byte) }
        at.edgeTarget = tables.count
        tables += edges.map(\.target)
        at.failure = tables.count
        tables += failure
        at.firstOutput = tables.count
        tables += firstOutput
        at.outputPattern = tables.count
        tables += outputs.map(\.pattern)
        at.outputNext = tables.count
        tables += outputs.map(\.next)
        self.tables = tables
        self.at = at
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
        precondition(state >= 0 && state < stateCount, "the state is not one of this matcher's")
        // The tables read in place, without a bounds check a byte: the scan is most of the
        // leak scan's time, and every state and entry in them was made in range by `init`.
        let at = at
        tables.withUnsafeBufferPointer { table in
            var current = state
            defer { state = current }
            var index = range.lowerBound
            let end = range.upperBound
            while index < end {
                // At the root, where a scan spends most bytes: one table read a byte, and no
                // output (no pattern is empty).
                if current == 0 {
                    while index < end, table[Int(text[index])] == 0 { index += 1 }
                    guard index < end else { return }
                    current = Int(table[Int(text[index])])
                } else {
                    let byte = Int32(text[index])
                    while current != 0 {
                        var low = Int(table[at.edgeStart + current]), high = Int(table[at.edgeStart + current + 1])
                        var next: Int32 = -1
                        while low < high {
                            let middle = (low + high) / 2
                            let edge = table[at.edgeByte + middle]
                            if edge == byte { next = table[at.edgeTarget + middle]; break }
                            if edge < byte { low = middle + 1 } else { high = middle }
                        }
                        if next >= 0 {
                            current = Int(next)
                            break
                        }
                        current = Int(table[at.failure + current])
                    }
                    if current == 0 { current = Int(table[Int(byte)]) }
                }
                var entry = Int(table[at.firstOutput + current])
                while entry >= 0 {
                    if !found(Int(table[at.outputPattern + entry]), index + 1) { return }
                    entry = Int(table[at.outputNext + entry])
                }
                index += 1
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
