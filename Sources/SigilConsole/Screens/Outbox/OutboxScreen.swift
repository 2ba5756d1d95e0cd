import SigilCore

extension ScreenKind {
    public static let outbox = ScreenKind("outbox")
}

extension OutboxModel: Screen {
    public static let info = ScreenInfo(
        kind: .outbox, title: "Outbox", needsPool: false, command: "outbox", summary: "messages the service sent, with their codes")

    public mutating func open(context: ScreenContext) -> [Command] { open(poolId: context.poolId) }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { engineEvent(event) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        OutboxView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func outbox(_ reply: OutboxModel.Reply) -> Message { OutboxModel.message(reply) }
}

extension AppModel {
    public var outbox: OutboxModel { self[OutboxModel.self] }
}
