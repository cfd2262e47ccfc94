/// Finds the first few appearances of each of several needles in one pass over a text
/// (Aho–Corasick), so looking up many links on one long line costs one read of the line,
/// not one per link.
///
/// The automaton is a trie of the needles with failure links. Reporting skips needles that
/// already have all the appearances asked for (a union-find over the chain of needles that
/// end at a state), so the work is linear in the text, the needles and the appearances
/// asked for, however the needles overlap.
struct NeedleFinder {
    private let needleCount: Int
    /// The move from state `s` on byte `b` is `moves[s << 8 | b]`; the root's are `rootMoves`.
    private var moves: [Int: Int32] = [:]
    private var rootMoves = [Int32](repeating: 0, count: 256)
    private var depth: [Int32] = [0]
    private var failure: [Int32] = [0]
    /// The needle that ends at each state, or -1.
    private var needleEnding: [Int32] = [-1]
    /// The nearest state on each state's failure chain, itself included, where a needle
    /// ends (0: none).
    private var nearestEnd: [Int32] = [0]

    /// `needles` must be distinct; empty ones are never found.
    init(_ needles: [[UInt8]]) {
        needleCount = needles.count
        var parent: [Int32] = [0]
        var byteFromParent: [UInt8] = [0]
        for (index, needle) in needles.enumerated() where !needle.isEmpty {
            var state = 0
            for byte in needle {
                if let next = move(from: state, on: byte) {
                    state = next
                    continue
                }
                let next = depth.count
                parent.append(Int32(state))
                byteFromParent.append(byte)
                depth.append(depth[state] + 1)
                needleEnding.append(-1)
                if state == 0 {
                    rootMoves[Int(byte)] = Int32(next)
                } else {
                    moves[state << 8 | Int(byte)] = Int32(next)
                }
                state = next
            }
            needleEnding[state] = Int32(index)
        }

        // Failure links in order of depth, so a state's parent is done before it.
        let stateCount = depth.count
        failure = [Int32](repeating: 0, count: stateCount)
        nearestEnd = [Int32](repeating: 0, count: stateCount)
        var byDepth = Array(1..<stateCount)
        byDepth.sort { (depth[$0], $0) < (depth[$1], $1) }
        for state in byDepth {
            if depth[state] > 1 {
                let byte = byteFromParent[state]
                var fallback = Int(failure[Int(parent[state])])
                while true {
                    if let next = move(from: fallback, on: byte) {
                        failure[state] = Int32(next)
                        break
                    }
                    if fallback == 0 {
                        break
                    }
                    fallback = Int(failure[fallback])
                }
            }
            nearestEnd[state] = needleEnding[state] >= 0 ? Int32(state) : nearestEnd[Int(failure[state])]
        }
    }

    private func move(from state: Int, on byte: UInt8) -> Int? {
        let next = state == 0 ? Int(rootMoves[Int(byte)]) : moves[state << 8 | Int(byte)].map(Int.init) ?? 0
        return next == 0 ? nil : next
    }

    /// For each needle, the start indices (in `text`'s own indices, ascending) of its first
    /// `wanted[needle]` appearances, or of all of them when there are fewer. Appearances may
    /// overlap, each other and other needles'.
    func firstOccurrences(wanted: [Int], in text: ArraySlice<UInt8>) -> [[Int]] {
        var found = [[Int]](repeating: [], count: needleCount)
        var stillWanted = wanted
        var needlesLeft = stillWanted.count(where: { $0 > 0 })
        // Union-find over the states where needles end: a state whose needle still wants
        // appearances is its own representative; a satisfied one points further along its
        // failure chain.
        var live = Array(0..<Int32(depth.count))
        func nextLive(_ state: Int32) -> Int32 {
            var state = state
            while state != 0, live[Int(state)] != state {
                let skip = live[Int(state)]
                live[Int(state)] = live[Int(skip)]
                state = skip
            }
            return state
        }
        for (state, needle) in needleEnding.enumerated() where needle >= 0 && stillWanted[Int(needle)] <= 0 {
            live[state] = nearestEnd[Int(failure[state])]
        }

        var state = 0
        var index = text.startIndex
        while needlesLeft > 0, index < text.endIndex {
            let byte = text[index]
            while true {
                if let next = move(from: state, on: byte) {
                    state = next
                    break
                }
                if state == 0 {
                    break
                }
                state = Int(failure[state])
            }
            var ending = nextLive(nearestEnd[state])
            while ending != 0 {
                let end = Int(ending)
                let needle = Int(needleEnding[end])
                found[needle].append(index - Int(depth[end]) + 1)
                stillWanted[needle] -= 1
                let further = nearestEnd[Int(failure[end])]
                if stillWanted[needle] == 0 {
                    live[end] = further
                    needlesLeft -= 1
                }
                ending = nextLive(further)
            }
            index += 1
        }
        return found
    }
}
