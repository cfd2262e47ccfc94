import Foundation
import Templating

/// The releases' values as templates see them (`TemplateContext.release`), each made the first
/// time a page or a fingerprint needs it and then shared. A build that renders a few pages, and
/// knows the other releases' digests from the last build (`ReleaseValueMemo`), makes only the
/// values of the releases those pages show.
///
/// Safe from every thread: each value is made under the lock of its stripe, once.
///
/// A page that shows every release (the search index) can read the values without keeping them
/// (`value(_:keeping:)`): an incremental build that renders it, and a few other pages, then holds
/// one value at a time instead of every release's (300 MB at 100,000 releases).
final class ReleaseValues: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<TemplateValue?>
    /// Whether each release's value was made, kept or not.
    private let made: UnsafeMutableBufferPointer<Bool>
    /// The value each stripe made last without keeping it, for a template that reads it twice in a row.
    private let recent: UnsafeMutableBufferPointer<(index: Int, value: TemplateValue)?>
    /// How many values each stripe made a second time.
    private let remade: UnsafeMutableBufferPointer<Int>
    private let locks: [NSLock]
    private let make: @Sendable (Int) -> TemplateValue
    /// - Parameter make: the value of the release at an index; called at most once for each.
    init(count: Int, make: @escaping @Sendable (Int) -> TemplateValue) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
        made = .allocate(capacity: count)
        made.initialize(repeating: false)
        recent = .allocate(capacity: 64)
        recent.initialize(repeating: nil)
        remade = .allocate(capacity: 64)
        remade.initialize(repeating: 0)
        locks = (0 ..< 64).map { _ in NSLock() }
        self.make = make
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        made.deallocate()
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
        defer { lock.unlock() }
        if let value = slots[index] { return value }
        if !keeping, let last = recent[stripe], last.index == index { return last.value }
        let value = make(index)
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
