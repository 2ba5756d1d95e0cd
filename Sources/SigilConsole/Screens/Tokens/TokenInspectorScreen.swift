import SigilCore

extension ScreenKind {
    public static let tokens = ScreenKind("tokens")
}

extension TokenInspectorModel: Screen {
    public static let info = ScreenInfo(
        kind: .tokens, title: "Token inspector", shortTitle: "Tokens", needsPool: false, command: "tokens",
        summary: "token inspector: paste a JWT and check it")

    public mutating func tick(context: ScreenContext) -> [Command] { tick() }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] { receive(reply) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        TokenInspectorView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func tokens(_ reply: TokenInspectorModel.Reply) -> Message { TokenInspectorModel.message(reply) }
}

extension AppModel {
    public var tokens: TokenInspectorModel { self[TokenInspectorModel.self] }
}
