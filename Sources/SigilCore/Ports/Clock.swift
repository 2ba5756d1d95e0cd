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

/// The wall clock, with an offset and a pause: what the console runs on, so an operator
/// can freeze time or jump ahead to show codes and tokens expiring.
public final class AdjustableClock: Clock {
    private struct State {
        var offset: TimeInterval = 0
        var frozenAt: Date?
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Date {
        state.withLock { $0.frozenAt ?? Date().addingTimeInterval($0.offset) }
    }

    /// Whether time stands still.
    public var isFrozen: Bool { state.withLock { $0.frozenAt != nil } }

    /// How far this clock is from the wall clock, in seconds.
    public var offset: TimeInterval { state.withLock { $0.frozenAt.map { $0.timeIntervalSinceNow } ?? $0.offset } }

    public func freeze() {
        state.withLock { if $0.frozenAt == nil { $0.frozenAt = Date().addingTimeInterval($0.offset) } }
    }

    /// Lets time run again from where it stood.
    public func resume() {
        state.withLock { state in
            if let frozenAt = state.frozenAt { state.offset = frozenAt.timeIntervalSinceNow }
            state.frozenAt = nil
        }
    }

    public func advance(by seconds: TimeInterval) {
        state.withLock { state in
            if let frozenAt = state.frozenAt { state.frozenAt = frozenAt.addingTimeInterval(seconds) } else { state.offset += seconds }
        }
    }

    /// Back to the wall clock, running.
    public func reset() {
        state.withLock { $0 = State() }
    }
}
