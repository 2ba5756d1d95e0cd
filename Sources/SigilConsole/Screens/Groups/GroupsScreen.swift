import SigilCore

extension ScreenKind {
    public static let groups = ScreenKind("groups")
}

extension GroupsModel: Screen {
    public static let info = ScreenInfo(kind: .groups, title: "Groups", needsPool: true, command: "groups", summary: "groups and their members")
    public static let paletteCommands = [Palette.Entry("group new", "create a group in the current pool", .press(.groups, .character("c")))]

    public mutating func open(context: ScreenContext) -> [Command] { open(poolId: context.poolId) }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { engineEvent(event) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        GroupsView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func groups(_ reply: GroupsModel.Reply) -> Message { GroupsModel.message(reply) }
}

extension AppModel {
    public var groups: GroupsModel { self[GroupsModel.self] }
}
