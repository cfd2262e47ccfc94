import Foundation
import Templating

/// The releases' values as templates see them (`TemplateContext.release`), each made the first
/// time a page or a fingerprint needs it and then shared. A build that renders a few pages, and
/// knows the other releases' digests from the last build (`ReleaseValueMemo`), makes only the
/// values of the releases those pages show.
///
/// Safe from every thread: each value is made once, outside the lock of its stripe, so that a
/// thread making one does not hold up the others. Making values is where a build's memory
/// grows most at once (250 MB at 100,000 releases), and a value made under the lock held a
/// stripe for as long as the kernel took to back a new page of the heap: the thread that
/// needed that stripe next waited, and the other core sat idle for half of that pass or more.
///
/// A page that shows every release (the search index) can read the values without keeping them
/// (`value(_:keeping:)`): an incremental build that renders it, and a few other pages, then holds
/// one value at a time instead of every release's (300 MB at 100,000 releases).
final class ReleaseValues: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<TemplateValue?>
    /// Whether each release's value was made, kept or not.
    private let made: UnsafeMutableBufferPointer<Bool>
    /// Whether a thread is making each release's value now: another that wants it waits.
    private let making: UnsafeMutableBufferPointer<Bool>
    /// The value each stripe made last without keeping it, for a template that reads it twice in a row.
    private let recent: UnsafeMutableBufferPointer<(index: Int, value: TemplateValue)?>
    /// How many values each stripe made a second time.
    private let remade: UnsafeMutableBufferPointer<Int>
    /// Each stripe's lock, and where a thread waits for a value another is making.
    private let locks: [NSCondition]
    private let make: @Sendable (Int) -> TemplateValue
    /// - Parameter make: the value of the release at an index; called at most once for each.
    init(count: Int, make: @escaping @Sendable (Int) -> TemplateValue) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
        made = .allocate(capacity: count)
        made.initialize(repeating: false)
        making = .allocate(capacity: count)
        making.initialize(repeating: false)
        recent = .allocate(capacity: 64)
        recent.initialize(repeating: nil)
        remade = .allocate(capacity: 64)
        remade.initialize(repeating: 0)
        locks = (0 ..< 64).map { _ in NSCondition() }
        self.make = make
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        made.deallocate()
        making.deallocate()
        recent.deinitialize()
        recent.deallocate()
        remade.deallocate()
    }

    var count: Int { slots.count }

    subscript(index: Int) -> TemplateValue { value(index, keeping: true) }

    /// The value of the release at `index`: kept once made, or without `keeping`, made and not
    /// kept unless a page has kept it already, or it was made before: a page that reads the
    /// releases over and over (a search template that sorts its entries) makes each at most twice.
    func value(_ index: Int, keeping: Bool) -> TemplateValue {
        let stripe = index & 63
        let lock = locks[stripe]
        lock.lock()
        while true {
            if let value = slots[index] {
                lock.unlock()
                return value
            }
            if !keeping, let last = recent[stripe], last.index == index {
                lock.unlock()
                return last.value
            }
            guard making[index] else { break }
            lock.wait()
        }
        making[index] = true
        lock.unlock()
        let value = make(index)
        lock.lock()
        defer {
            lock.broadcast()
            lock.unlock()
        }
        making[index] = false
        if made[index] { remade[stripe] += 1 }
        if keeping || made[index] { slots[index] = value } else { recent[stripe] = (index, value) }
        made[index] = true
        return value
    }

    /// How many releases' values have been made, kept or not; asked once no other thread makes any.
    var madeCount: Int { made.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// How many values were made a second time (read without keeping, then again); asked once no
    /// other thread makes any.
    var remadeCount: Int { remade.reduce(0, +) }

    /// Lets go of every value made, on `threads` cores; once no page reads them.
    func letGo(threads: Int) {
        _ = ParallelMap.runs(of: slots.count, run: 4096, threads: threads) { range in
            for index in range { self.slots[index] = nil }
        }
        for index in recent.indices { recent[index] = nil }
    }

    /// How many values are kept; asked once no other thread makes any.
    var keptCount: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}
