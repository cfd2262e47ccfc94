import Foundation

/// A value made when a template reads it, and by default not kept: a release's body, in a
/// newsroom of a hundred thousand releases, is read back from disk when a page shows it instead
/// of being held in every release's value for the whole build. `standIn` identifies what it
/// makes (a digest of it): objects compare it, and fingerprints hash it, without making the value.
public final class DeferredValue: Sendable {
    private let makeStandIn: @Sendable () -> String
    private let make: @Sendable () -> TemplateValue
    /// Whether making or comparing it is noted (`DeferredReads`).
    let noted: Bool
    /// The value once made, when it is kept.
    private let kept: Kept?

    /// - Parameter standIn: made only when asked for (a digest costs a pass over the text).
    /// - Parameter noted: a render tracked by `DeferredReads.tracking` learns whether it was read.
    /// - Parameter keeping: whether the value, once made, is kept for the reads after (by the
    ///   object that holds it, for as long as that object lives).
    public init(standIn: @escaping @Sendable () -> String, noted: Bool = false, keeping: Bool = false,
                _ make: @escaping @Sendable () -> TemplateValue) {
        makeStandIn = standIn
        self.noted = noted
        self.make = make
        kept = keeping ? Kept() : nil
    }

    public convenience init(standIn: String, _ make: @escaping @Sendable () -> TemplateValue) {
        self.init(standIn: { standIn }, make)
    }

    public var standIn: String {
        if noted { DeferredReads.note() }
        return makeStandIn()
    }

    public var value: TemplateValue {
        if noted { DeferredReads.note() }
        guard let kept else { return make() }
        return kept.value(make)
    }

    /// A value made once, by the first thread to ask; the others wait for it.
    private final class Kept: @unchecked Sendable {
        private let lock = NSLock()
        private var made: TemplateValue?

        func value(_ make: () -> TemplateValue) -> TemplateValue {
            lock.withLock {
                if let made { return made }
                let value = make()
                made = value
                return value
            }
        }
    }
}

/// Whether a piece of work on this thread (a page's render) read any deferred value made with
/// `noted: true`, in any way: made it, or compared it. Work that read none of them made the same
/// output whatever they hold, as long as everything else it read is the same.
public enum DeferredReads {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` and returns its result and whether it read a noted deferred value. Within
    /// another tracked piece of work, what `body` reads counts for that one too.
    public static func tracking<Result>(_ body: () throws -> Result) rethrows -> (result: Result, read: Bool) {
        var read = false
        let outer = pthread_getspecific(key)
        let result = try withUnsafeMutablePointer(to: &read) { flag in
            pthread_setspecific(key, flag)
            defer { pthread_setspecific(key, outer) }
            return try body()
        }
        if read { outer?.assumingMemoryBound(to: Bool.self).pointee = true }
        return (result, read)
    }

    static func note() {
        pthread_getspecific(key)?.assumingMemoryBound(to: Bool.self).pointee = true
    }
}
