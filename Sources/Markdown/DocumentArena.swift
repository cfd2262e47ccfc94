/// The memory cmark uses for one document: its parser, nodes, texts and rendered buffers, taken
/// from a few large chunks and given back all at once when the document is done.
///
/// cmark allocates every node with `calloc`, which glibc serves without its per-thread cache;
/// a body of a few kilobytes makes hundreds of nodes, and that allocation was a large part of
/// loading a site. Freeing a single block does nothing: everything lives until the arena goes.
///
/// Each block has a 16-byte header holding its size (for `reallocate`), and blocks are 16-byte
/// aligned. The last block of the current chunk grows in place, as cmark's buffers do.
final class DocumentArena {
    private static let chunkSize = 64 * 1024
    private static let header = 16

    private var blocks: [UnsafeMutableRawPointer] = []
    private var chunk: UnsafeMutableRawPointer?
    private var used = 0
    private var last: UnsafeMutableRawPointer?

    deinit {
        for block in blocks { block.deallocate() }
    }

    func allocate(_ size: Int, zeroed: Bool) -> UnsafeMutableRawPointer {
        let needed = Self.header + Self.rounded(size)
        let start: UnsafeMutableRawPointer
        if needed > Self.chunkSize / 4 {
            start = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 16)
            blocks.append(start)
        } else {
            if chunk == nil || used + needed > Self.chunkSize {
                let fresh = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
                blocks.append(fresh)
                chunk = fresh
                used = 0
            }
            start = chunk! + used
            used += needed
        }
        start.storeBytes(of: size, as: Int.self)
        let block = start + Self.header
        if needed <= Self.chunkSize / 4 { last = block }
        if zeroed { block.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
        return block
    }

    func reallocate(_ block: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
        guard let block else { return allocate(size, zeroed: false) }
        let start = block - Self.header
        let oldSize = start.load(as: Int.self)
        if block == last, let chunk {
            let offset = chunk.distance(to: start)
            let needed = Self.header + Self.rounded(size)
            if needed <= Self.chunkSize / 4, offset + needed <= Self.chunkSize {
                start.storeBytes(of: size, as: Int.self)
                used = offset + needed
                return block
            }
        }
        let moved = allocate(size, zeroed: false)
        moved.copyMemory(from: block, byteCount: min(oldSize, size))
        return moved
    }

    private static func rounded(_ size: Int) -> Int { (max(size, 1) + 15) & ~15 }
}
