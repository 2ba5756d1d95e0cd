/// The result of an engine call (or an answered dialog), addressed to the screen that
/// asked for it.
public enum Message: Sendable {
    case pools(PoolsModel.Reply)
    case directory(DirectoryModel.Reply)
    case groups(GroupsModel.Reply)
    case settings(PoolSettingsModel.Reply)
    case signIn(SignInModel.Reply)
    case outbox(OutboxModel.Reply)
    case tokens(TokenInspectorModel.Reply)
    case risk(RiskDashboardModel.Reply)
    case credentials(CredentialsModel.Reply)
    case shell(ShellReply)
}

/// Results the shell itself waits for.
public enum ShellReply: Sendable {
    case demoSeeded(Result<String, ConsoleError>)
    case declineDemo
    case seedDemo
}
