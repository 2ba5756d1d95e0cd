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

/// The screens of the console.
public enum ScreenKind: String, Sendable, CaseIterable {
    case pools, directory, groups, settings, signIn, outbox, tokens, risk, credentials

    public var title: String {
        switch self {
        case .pools: return "Pools"
        case .directory: return "Users"
        case .groups: return "Groups"
        case .settings: return "Pool settings"
        case .signIn: return "Hosted sign-in"
        case .outbox: return "Outbox"
        case .tokens: return "Token inspector"
        case .risk: return "Risk dashboard"
        case .credentials: return "Identity credentials"
        }
    }

    /// The title in a narrow status bar.
    public var shortTitle: String {
        switch self {
        case .settings: return "Settings"
        case .signIn: return "Sign-in"
        case .tokens: return "Tokens"
        case .risk: return "Risk"
        case .credentials: return "Credentials"
        case .pools, .directory, .groups, .outbox: return title
        }
    }

    /// Whether the screen shows one pool (and so needs a current pool).
    public var needsPool: Bool {
        switch self {
        case .directory, .groups, .settings, .signIn, .risk: return true
        case .pools, .outbox, .tokens, .credentials: return false
        }
    }

    /// The number key that opens the screen.
    public var number: Character? {
        switch self {
        case .pools: return "1"
        case .directory: return "2"
        case .groups: return "3"
        case .settings: return "4"
        case .signIn: return "5"
        case .outbox: return "6"
        case .tokens: return "7"
        case .risk: return "8"
        case .credentials: return "9"
        }
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
