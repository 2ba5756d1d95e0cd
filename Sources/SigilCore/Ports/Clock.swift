import Foundation
import Synchronization

/// Where the engine reads the time. A port so that tests and the console can freeze
/// or advance time, which makes code and token expiry demonstrable.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The wall clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualClock: Clock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
