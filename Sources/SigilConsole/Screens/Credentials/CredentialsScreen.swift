import SigilCore

extension ScreenKind {
    public static let credentials = ScreenKind("credentials")
}

extension CredentialsModel: Screen {
    public static let info = ScreenInfo(
        kind: .credentials, title: "Identity credentials", shortTitle: "Credentials", needsPool: false, command: "credentials",
        summary: "identity pools: credentials, roles, policy simulator")

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] { receive(reply) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        CredentialsView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func credentials(_ reply: CredentialsModel.Reply) -> Message { CredentialsModel.message(reply) }
}

extension AppModel {
    public var credentials: CredentialsModel { self[CredentialsModel.self] }
}
