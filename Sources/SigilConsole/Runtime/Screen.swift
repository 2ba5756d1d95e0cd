import Foundation
import SigilCore

/// One screen of the console: its state, how it takes keys, clicks, ticks, engine events
/// and the replies to its own engine calls, and how it draws.
///
/// A screen is a folder under `Screens/` with a type that conforms to this protocol, plus
/// one line in `ScreenRegistry.all`. The shell holds one instance of each registered
/// screen, routes input to the one on view, and delivers each message to the screen it is
/// addressed to (on view or not). Everything a screen asks of the world goes out as
/// `Command`s; it never touches the terminal or the engine itself.
public protocol Screen: Sendable {
    /// What the screen's engine calls (and its dialogs) answer with.
    associatedtype Reply: Sendable

    /// The screen's name, titles and place in the command palette.
    static var info: ScreenInfo { get }
    /// More palette entries than the one that opens the screen (each opens it and presses
    /// a key there).
    static var paletteCommands: [Palette.Entry] { get }

    init()

    /// The keys this screen uses, for the key-hint bar and the help overlay.
    var keyHelp: [KeyHelp] { get }
    /// Whether the screen takes typed text now (so letters are not shortcuts).
    var capturesText: Bool { get }

    /// The screen comes into view: read fresh data.
    mutating func open(context: ScreenContext) -> [Command]
    /// A key; nil when the screen has no use for it (the shell then tries its own).
    mutating func handle(_ key: Key, context: ScreenContext) -> [Command]?
    mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command]
    /// About once a second, while on view.
    mutating func tick(context: ScreenContext) -> [Command]
    /// Something happened in the engine, while on view.
    mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command]
    /// The answer to one of this screen's engine calls or dialogs.
    mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command]
    /// Draws the screen in `context.area`.
    func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme)
}

extension Screen {
    public static var paletteCommands: [Palette.Entry] { [] }
    public var capturesText: Bool { false }
    public mutating func open(context: ScreenContext) -> [Command] { [] }
    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] { [] }
    public mutating func tick(context: ScreenContext) -> [Command] { [] }
    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { [] }

    /// A message for this screen.
    public static func message(_ reply: Reply) -> Message { .screen(info.kind, reply) }

    /// Takes a reply of any type: its own are received, others ignored.
    mutating func receive(any reply: any Sendable, context: ScreenContext) -> [Command] {
        guard let reply = reply as? Reply else { return [] }
        return receive(reply, context: context)
    }
}

/// Which screen: the name of one registered screen. Each screen's folder adds its own
/// constant (`ScreenKind.directory`).
public struct ScreenKind: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// What the registry says of this screen.
    public var info: ScreenInfo? { ScreenRegistry.type(of: self)?.info }
    public var title: String { info?.title ?? name }
    public var shortTitle: String { info?.shortTitle ?? name }
    public var needsPool: Bool { info?.needsPool ?? false }
    /// The number key that opens the screen: its place in the registry, for the first nine,
    /// and 0 for the tenth.
    public var number: Character? {
        guard let index = ScreenRegistry.all.firstIndex(where: { $0.info.kind == self }), index < 10 else { return nil }
        return index == 9 ? "0" : Character(String(index + 1))
    }
}

/// What the shell shows of a screen.
public struct ScreenInfo: Sendable {
    public var kind: ScreenKind
    public var title: String
    /// The title in a narrow status bar.
    public var shortTitle: String
    /// Whether the screen shows one pool (and so needs a current pool).
    public var needsPool: Bool
    /// The palette entry that opens the screen: what to type, and what it is.
    public var command: String
    public var summary: String

    public init(kind: ScreenKind, title: String, shortTitle: String? = nil, needsPool: Bool, command: String, summary: String) {
        self.kind = kind
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.needsPool = needsPool
        self.command = command
        self.summary = summary
    }
}

/// Every screen of the console, in the order of their number keys.
public enum ScreenRegistry {
    public static let all: [any Screen.Type] = [
        PoolsModel.self, DirectoryModel.self, GroupsModel.self, PoolSettingsModel.self, SignInModel.self, OutboxModel.self,
        TokenInspectorModel.self, RiskDashboardModel.self, CredentialsModel.self, FunctionsModel.self,
    ]

    static func type(of kind: ScreenKind) -> (any Screen.Type)? { all.first { $0.info.kind == kind } }

    /// The palette entries of every screen: one that opens it, then its own commands.
    static var paletteEntries: [Palette.Entry] {
        all.flatMap { screen in [Palette.Entry(screen.info.command, screen.info.summary, .show(screen.info.kind))] + screen.paletteCommands }
    }
}
