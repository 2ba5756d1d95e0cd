import SigilCore

extension ScreenKind {
    public static let settings = ScreenKind("settings")
}

extension PoolSettingsModel: Screen {
    public static let info = ScreenInfo(
        kind: .settings, title: "Pool settings", shortTitle: "Settings", needsPool: true, command: "settings",
        summary: "the current pool's settings")

    public mutating func open(context: ScreenContext) -> [Command] { open(poolId: context.poolId) }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        scroll(by: mouse.kind == .wheelUp ? -3 : mouse.kind == .wheelDown ? 3 : 0, context: context)
        return []
    }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] { receive(reply) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        PoolSettingsView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func settings(_ reply: PoolSettingsModel.Reply) -> Message { PoolSettingsModel.message(reply) }
}

extension AppModel {
    public var settings: PoolSettingsModel { self[PoolSettingsModel.self] }
}
