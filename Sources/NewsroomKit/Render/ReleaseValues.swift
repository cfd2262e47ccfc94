import Foundation
import Templating

/// The releases' values as templates see them (`TemplateContext.release`), each made the first
/// time a page or a fingerprint needs it and then shared. A build that renders a few pages, and
/// knows the other releases' digests from the last build (`ReleaseValueMemo`), makes only the
/// values of the releases those pages show.
///
/// Safe from every thread: each value is made under the lock of its stripe, once.
final class ReleaseValues: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<TemplateValue?>
    private let locks: [NSLock]
    private let make: @Sendable (Int) -> TemplateValue
    /// - Parameter make: the value of the release at an index; called at most once for each.
    init(count: Int, make: @escaping @Sendable (Int) -> TemplateValue) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
        locks = (0 ..< 64).map { _ in NSLock() }
        self.make = make
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    var count: Int { slots.count }

    subscript(index: Int) -> TemplateValue {
        let lock = locks[index & 63]
        lock.lock()
        defer { lock.unlock() }
        if let value = slots[index] { return value }
        let value = make(index)
        slots[index] = value
        return value
    }

    /// How many values have been made; asked once no other thread makes any.
    var madeCount: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}
