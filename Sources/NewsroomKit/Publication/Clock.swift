public import Foundation

/// The build's notion of now: the real time, or `--now`. Nothing below the command line reads the system clock.
public struct Clock: Sendable, Equatable {
    public var now: Date

    public init(now: Date) {
        self.now = now
    }
}
