import Foundation
import SigilCore

/// What a screen asks for after handling an event. The shell carries out most of these
/// itself; engine calls and clock changes go to the runtime, which runs them off the
/// drawing thread and brings the results back as messages.
public enum Command: Sendable {
    /// Run work on the engine; its message comes back as an event.
    case engine(EngineCall)
    /// A short note at the bottom of the screen.
    case toast(Toast)
    /// Go to a screen (remembering where we came from).
    case show(ScreenKind)
    /// Back to the previous screen.
    case back
    /// Make this pool the current one.
    case usePool(String)
    /// Hand a message to its screen now, as if an engine call had answered (one screen
    /// asking another: show this user, fill in this code, inspect this token).
    case deliver(Message)
    /// Ask first; the message goes back to the screen if the answer is yes.
    case confirm(Confirmation)
    /// Show a form in a dialog.
    case form(FormDialog)
    /// Offer a list to pick from.
    case pick(Picker)
    /// Close the dialog (the form's work succeeded).
    case closeDialog
    /// Show an error in the open form and keep it open.
    case dialogError(String)
    /// Move the engine's clock.
    case clock(ClockChange)
    case quit

    /// Runs `work` on the engine and turns its outcome into a message.
    public static func call<T: Sendable>(
        _ work: @escaping @Sendable (any ConsoleBackend) async throws -> T, then done: @escaping @Sendable (Result<T, ConsoleError>) -> Message
    ) -> Command {
        .engine(
            EngineCall { engine in
                do {
                    return done(.success(try await work(engine)))
                } catch {
                    return done(.failure(ConsoleError(error)))
                }
            })
    }
}

/// Work for the engine, finished with a message for the console.
public struct EngineCall: Sendable {
    public let work: @Sendable (any ConsoleBackend) async -> Message

    public init(_ work: @escaping @Sendable (any ConsoleBackend) async -> Message) {
        self.work = work
    }
}

/// An engine failure as the console shows it: Cognito's exception name and message.
public struct ConsoleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error as Cognito names it (anything else the engine throws is an internal error),
    /// so screens can tell exceptions apart and show the API's own words.
    public let error: CognitoError

    public init(_ error: any Error) {
        self.error = (error as? CognitoError) ?? CognitoError.internalError("\(error)")
    }

    public var description: String { error.description }
}

/// A note shown for a few seconds.
public struct Toast: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case info
        case success
        case error
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }

    public static func success(_ text: String) -> Toast { Toast(text, kind: .success) }
    public static func error(_ text: String) -> Toast { Toast(text, kind: .error) }
}

/// A yes/no question.
public struct Confirmation: Sendable {
    public var title: String
    public var message: String
    /// The label of the yes button: "Delete", "Disable" …
    public var action: String
    public var destructive: Bool
    public var onConfirm: Message

    public init(title: String, message: String, action: String, destructive: Bool = true, onConfirm: Message) {
        self.title = title
        self.message = message
        self.action = action
        self.destructive = destructive
        self.onConfirm = onConfirm
    }
}

/// A form in a dialog; submitting hands its values to `submit`.
public struct FormDialog: Sendable {
    public var title: String
    public var form: Form
    public var submit: @Sendable ([String: String]) -> Message

    public init(title: String, form: Form, submit: @escaping @Sendable ([String: String]) -> Message) {
        self.title = title
        self.form = form
        self.submit = submit
    }
}

/// A list to choose one entry from.
public struct Picker: Sendable {
    public var title: String
    public var options: [String]
    public var onPick: @Sendable (String) -> Message

    public init(title: String, options: [String], onPick: @escaping @Sendable (String) -> Message) {
        self.title = title
        self.options = options
        self.onPick = onPick
    }
}

/// A change to the engine's clock.
public enum ClockChange: Sendable, Equatable {
    case freeze
    case resume
    case advance(TimeInterval)
    case reset
}
