/// The result of an engine call (or an answered dialog), addressed to the screen that
/// asked for it. Each screen's folder adds a constructor named after it
/// (`Message.directory(.loaded(…))`), so the reply's type is checked where it is made.
public enum Message: Sendable {
    /// A reply for a screen; it is delivered only if it is of that screen's `Reply` type.
    case screen(ScreenKind, any Sendable)
    case shell(ShellReply)
}

/// Results the shell itself waits for.
public enum ShellReply: Sendable {
    case demoSeeded(Result<String, ConsoleError>)
    case declineDemo
    case seedDemo
}
