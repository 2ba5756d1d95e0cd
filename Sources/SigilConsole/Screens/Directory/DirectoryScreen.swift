import SigilCore

extension ScreenKind {
    public static let directory = ScreenKind("directory")
}

extension DirectoryModel: Screen {
    public static let info = ScreenInfo(
        kind: .directory, title: "Users", needsPool: true, command: "users", summary: "the directory of the current pool")
    public static let paletteCommands = [Palette.Entry("user new", "create a user in the current pool", .press(.directory, .character("c")))]

    public mutating func open(context: ScreenContext) -> [Command] { open(poolId: context.poolId, context: context) }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { engineEvent(event) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        DirectoryView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func directory(_ reply: DirectoryModel.Reply) -> Message { DirectoryModel.message(reply) }
}

extension Command {
    /// Show this user in the directory.
    public static func findUser(_ username: String) -> Command { .deliver(.directory(.find(username))) }
}

extension AppModel {
    public var directory: DirectoryModel { self[DirectoryModel.self] }
}
