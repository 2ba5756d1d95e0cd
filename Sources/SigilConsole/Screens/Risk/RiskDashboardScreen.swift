import SigilCore

extension ScreenKind {
    public static let risk = ScreenKind("risk")
}

extension RiskDashboardModel: Screen {
    public static let info = ScreenInfo(
        kind: .risk, title: "Risk dashboard", shortTitle: "Risk", needsPool: true, command: "risk",
        summary: "risk dashboard: sign-ins scored, blocked, reported")

    public mutating func open(context: ScreenContext) -> [Command] { open(poolId: context.poolId, context: context) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        RiskDashboardView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func risk(_ reply: RiskDashboardModel.Reply) -> Message { RiskDashboardModel.message(reply) }
}

extension AppModel {
    public var risk: RiskDashboardModel { self[RiskDashboardModel.self] }
}
