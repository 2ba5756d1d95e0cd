import SigilCore

extension ScreenKind {
    public static let pools = ScreenKind("pools")
}

extension PoolsModel: Screen {
    public static let info = ScreenInfo(kind: .pools, title: "Pools", needsPool: false, command: "pools", summary: "all user pools")
    public static let paletteCommands = [Palette.Entry("pool new", "create a user pool", .press(.pools, .character("c")))]

    public mutating func open(context: ScreenContext) -> [Command] { load() }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { engineEvent(event) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        PoolsView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func pools(_ reply: PoolsModel.Reply) -> Message { PoolsModel.message(reply) }
}

extension AppModel {
    public var pools: PoolsModel { self[PoolsModel.self] }
}
