import Foundation
import SigilCore

/// Everything the console reacts to, merged into one stream by the runtime.
public enum AppEvent: Sendable {
    /// A key, a mouse report or a resize from the terminal.
    case input(InputEvent)
    /// The time, about once a second (for the clock, countdowns and toasts).
    case tick(ClockReading)
    /// Something happened in the engine (a sign-in, a message, a write).
    case engine(EngineEvent)
    /// An engine call finished.
    case message(Message)
    /// The backend has something to say (a remote API throttling requests).
    case notice(String)
}

/// What the clock says, and whether it runs as the wall clock does.
public struct ClockReading: Sendable, Equatable {
    public var now: Date
    public var frozen: Bool
    public var offset: TimeInterval

    public init(now: Date, frozen: Bool = false, offset: TimeInterval = 0) {
        self.now = now
        self.frozen = frozen
        self.offset = offset
    }
}

/// A key and what it does, for the key-hint bar and the help overlay.
public struct KeyHelp: Sendable, Equatable {
    public var keys: String
    public var action: String
    /// Whether it earns a place in the key-hint bar (the help overlay lists them all).
    public var inBar: Bool

    public init(_ keys: String, _ action: String, inBar: Bool = true) {
        self.keys = keys
        self.action = action
        self.inBar = inBar
    }
}
