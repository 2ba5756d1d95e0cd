import SigilCore

extension ScreenKind {
    public static let signIn = ScreenKind("signIn")
}

/// The hosted sign-in screen. Whenever who is signed in changes, it tells the credentials
/// screen, which gets identity-pool credentials for that session.
extension SignInModel: Screen {
    public static let info = ScreenInfo(
        kind: .signIn, title: "Hosted sign-in", shortTitle: "Sign-in", needsPool: true, command: "signin",
        summary: "hosted sign-in: sign in, sign up, MFA, tokens")

    public mutating func open(context: ScreenContext) -> [Command] {
        reportingSession { $0.open(poolId: context.poolId) }
    }

    public mutating func handle(_ key: Key, context: ScreenContext) -> [Command]? {
        let before = session
        guard let commands = handleKey(key, context: context) else { return nil }
        return commands + sessionNotice(since: before)
    }

    public mutating func handle(_ mouse: MouseEvent, context: ScreenContext) -> [Command] {
        guard mouse.kind == .press, page != .tokens else { return [] }
        let layout = SignInLayout(self, area: context.area)
        let field = layout.formRect.contains(x: mouse.x, y: mouse.y) ? form.fieldIndex(atRow: mouse.y - layout.formRect.y) : nil
        let button = layout.buttons.firstIndex { $0.contains(x: mouse.x, y: mouse.y) }
        return reportingSession { $0.click(field: field, button: button) }
    }

    public mutating func tick(context: ScreenContext) -> [Command] { tick() }

    public mutating func receive(_ reply: Reply, context: ScreenContext) -> [Command] {
        reportingSession { $0.receiveReply(reply, context: context) }
    }

    public func render(into canvas: inout Canvas, context: ScreenContext, theme: Theme) {
        SignInView.render(self, &canvas, context: context, theme: theme)
    }

    private mutating func reportingSession(_ body: (inout SignInModel) -> [Command]) -> [Command] {
        let before = session
        return body(&self) + sessionNotice(since: before)
    }

    private func sessionNotice(since before: SignInSession?) -> [Command] {
        session == before ? [] : [.deliver(.credentials(.session(session)))]
    }
}

extension Message {
    public static func signIn(_ reply: SignInModel.Reply) -> Message { SignInModel.message(reply) }
}

extension Command {
    /// Put a code from the outbox into the sign-in prompt waiting for one.
    public static func useCode(_ code: String) -> Command { .deliver(.signIn(.fillCode(code))) }
}

extension AppModel {
    public var signIn: SignInModel { self[SignInModel.self] }
}
