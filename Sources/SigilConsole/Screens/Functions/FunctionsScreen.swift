import SigilCore

extension ScreenKind {
    public static let functions = ScreenKind("functions")
}

extension FunctionsModel: Screen {
    public static let info = ScreenInfo(
        kind: .functions, title: "Functions", needsPool: false, command: "functions",
        summary: "trigger functions: mappings and a live log of their runs")

    public mutating func open(context: ScreenContext) -> [Command] { load() }

    public mutating func engineEvent(_ event: EngineEvent, context: ScreenContext) -> [Command] { engineEvent(event) }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        FunctionsView.render(self, &canvas, context: context, theme: theme)
    }
}

extension Message {
    public static func functions(_ reply: FunctionsModel.Reply) -> Message { FunctionsModel.message(reply) }
}

extension AppModel {
    public var functions: FunctionsModel { self[FunctionsModel.self] }
}
