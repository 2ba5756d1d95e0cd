import Foundation
import SigilCore

/// Paste any JWT: it is decoded and checked against the pool its issuer names, and
/// every problem is listed.
public struct TokenInspectorModel: Sendable {
    public enum Reply: Sendable {
        case inspected(String, TokenReport)
    }

    public private(set) var input = TextInput(limit: 16_384)
    public private(set) var report: TokenReport?
    public private(set) var scroll = 0
    public private(set) var editing = true
    /// The text last checked, so a paste is checked once it has all arrived.
    private var checked = ""

    public init() {}

    public var capturesText: Bool { editing }

    public var keyHelp: [KeyHelp] {
        editing
            ? [KeyHelp("paste", "a JWT"), KeyHelp("Enter", "check"), KeyHelp("^U", "clear"), KeyHelp("Esc", "stop editing")]
            : [KeyHelp("i /", "edit the token"), KeyHelp("↑↓", "scroll"), KeyHelp("^R", "check again")]
    }

    mutating func check() -> [Command] {
        let token = input.text
        checked = token
        guard !token.trimmingCharacters(in: .whitespaces).isEmpty else {
            report = nil
            return []
        }
        return [.engine(EngineCall { engine in await .tokens(.inspected(token, TokenReport.inspect(token, engine: engine))) })]
    }

    public mutating func receive(_ reply: Reply) -> [Command] {
        switch reply {
        case .inspected(let token, let result):
            if token == input.text {
                report = result
                scroll = 0
            }
        }
        return []
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        if editing {
            switch key {
            case .enter:
                editing = false
                return check()
            case .escape:
                editing = false
                return []
            default:
                _ = input.handle(key)
                return []
            }
        }
        switch key {
        case .character("i"), .character("/"):
            editing = true
        case .up, .character("k"): scroll = max(0, scroll - 1)
        case .down, .character("j"): scroll += 1
        case .control("r"): return check()
        default: return nil
        }
        return []
    }

    /// Checks what was typed or pasted since the last check, and re-checks as the clock
    /// moves, so expiry shows.
    public mutating func tick() -> [Command] {
        input.text != checked || report != nil ? check() : []
    }
}
