import Foundation
import SigilCore
import SigilCrypto

/// The hosted sign-in, page by page as Cognito's hosted UI shows it: sign in, sign up,
/// confirm, forgot password, new password, the MFA prompts and TOTP enrolment, ending
/// on the tokens. Every page runs the engine's real flows.
public struct SignInModel: Sendable {
    public enum Page: Sendable, Equatable {
        case setup
        case signIn
        case signUp
        case confirmSignUp(username: String)
        case forgotPassword
        case resetPassword(username: String)
        case newPassword(username: String, session: String?, required: [String])
        case mfaCode(ChallengeNameType, username: String, session: String?, destination: String?)
        case selectMFA(username: String, session: String?, options: [String])
        case totpSetup(username: String, session: String?, secret: String?)
        /// CUSTOM_AUTH: the challenge the pool's CreateAuthChallenge handler wrote.
        case customChallenge(username: String, session: String?, parameters: [String: String])
        /// Managed login: where the browser landed, with the code to exchange.
        case redirect
        case tokens

        /// Pages with a code field that a code from the outbox can fill.
        var takesCode: Bool {
            switch self {
            case .confirmSignUp, .resetPassword: return true
            case .mfaCode(let challenge, _, _, _): return challenge != .softwareTokenMfa
            default: return false
            }
        }
    }

    /// What a button does.
    public enum Action: Sendable, Equatable {
        case start, signIn, toSignUp, toForgot, toSetup, toSignIn
        case signUp, confirmSignUp, resendCode, showCode
        case sendReset, resetPassword, setNewPassword, submitCode, selectMFA, verifyTOTP, answerCustom
        case refresh, signOut, globalSignOut, check
        case openBrowser, toRedirect, exchange
    }

    public struct Button: Sendable, Equatable {
        public var label: String
        public var action: Action
    }

    public enum Reply: Sendable {
        case clients(String, Result<[SignInClient], ConsoleError>)
        case step(Result<SignInStep, ConsoleError>)
        case code(Result<OutboxMessage?, ConsoleError>)
        case reports(TokenReport?, TokenReport?)
        case refreshed(Result<AuthenticationResultType, ConsoleError>)
        case signedOut(Result<String, ConsoleError>)
        case checked(Result<String, ConsoleError>)
        /// A code from the outbox for the prompt waiting for one.
        case fillCode(String)
        case oauthStarted(Result<OAuthRun, ConsoleError>)
        case opened(Result<String, ConsoleError>)
    }

    public internal(set) var poolId: String?
    public internal(set) var clients: [SignInClient] = []
    public internal(set) var client: SignInClient?
    public internal(set) var useSRP = true
    /// Sign in as an app using managed login does: the pages' flow, a code, PKCE.
    public internal(set) var useManagedLogin = false
    /// Sign in with CUSTOM_AUTH: the pool's challenge handlers decide the steps (with
    /// SRP first when a password is given).
    public internal(set) var useCustomAuth = false
    public internal(set) var oauth: OAuthRun?
    public internal(set) var origin = RequestOrigin(
        ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", deviceName: "Demo laptop")
    public internal(set) var page: Page = .setup
    public internal(set) var form = Form([])
    public internal(set) var buttons: [Button] = []
    /// Where the focus is: a field (0..<fields) or a button after them.
    public internal(set) var focus = 0
    public internal(set) var busy = false
    public internal(set) var notice: String?
    public internal(set) var error: String?
    /// After sign-in: the tokens and what the checks found.
    public internal(set) var tokens: AuthenticationResultType?
    public internal(set) var signedInAs: String?
    public internal(set) var idReport: TokenReport?
    public internal(set) var accessReport: TokenReport?
    public internal(set) var tokenTab = 0
    public internal(set) var tokenScroll = 0
    public internal(set) var tokenStatus: String?

    public init() {}

    /// Whether letters go to a field: only while a text or secret field has the focus (on a
    /// button or a choice, `?`, `q` and the screen numbers work as everywhere).
    public var capturesText: Bool {
        guard page != .tokens, form.fields.indices.contains(focus) else { return false }
        return [.text, .secret].contains(form.fields[focus].kind)
    }

    public var keyHelp: [KeyHelp] {
        if page == .tokens {
            return [
                KeyHelp("Tab ←→", "ID / access token"), KeyHelp("↑↓", "scroll claims"), KeyHelp("r", "refresh"), KeyHelp("o", "sign out"),
                KeyHelp("g", "global sign-out"), KeyHelp("c", "check with GetUser"), KeyHelp("n", "new sign-in"),
            ]
        }
        var keys = [KeyHelp("Tab ↑↓", "next field or button"), KeyHelp("Enter", "submit"), KeyHelp("Esc", "back")]
        if page.takesCode { keys.append(KeyHelp("^O", "code from the outbox")) }
        keys.append(KeyHelp("^R", "show password", inBar: false))
        keys.append(KeyHelp("F1", "help", inBar: false))
        return keys
    }

    // MARK: Opening

    public mutating func open(poolId: String?) -> [Command] {
        if poolId != self.poolId {
            self.poolId = poolId
            clients = []
            client = nil
            tokens = nil
            enter(.setup)
        }
        guard let poolId else { return [] }
        return [.call({ engine in try await SignInClient.all(engine, poolId: poolId) }) { .signIn(.clients(poolId, $0)) }]
    }

    /// Puts a code (from the outbox) in the page's code field.
    public mutating func fill(code: String) -> Bool {
        guard page.takesCode, form.fields.contains(where: { $0.id == "code" }) else { return false }
        form.set("code", code)
        focus = form.fields.firstIndex { $0.id == "code" } ?? 0
        form.focus = focus
        return true
    }

    // MARK: Pages

    mutating func enter(_ next: Page, notice: String? = nil) {
        page = next
        self.notice = notice
        error = nil
        busy = false
        focus = 0
        let username = form["username"].isEmpty ? signedInAs ?? "" : form["username"]
        switch next {
        case .setup:
            let names = clients.map { "\($0.clientName) (\($0.clientId))" }
            form = Form([
                Form.Field(
                    "client", "App client", kind: .choice(names.isEmpty ? ["(no app clients)"] : names),
                    value: client.map { "\($0.clientName) (\($0.clientId))" } ?? ""),
                Form.Field(
                    "method", "Sign-in flow", kind: .choice(Self.methods),
                    value: useCustomAuth
                        ? Self.methods[3] : useManagedLogin ? Self.methods[2] : useSRP ? Self.methods[0] : Self.methods[1]),
                Form.Field("ip", "Source IP", value: origin.ipAddress ?? ""),
                Form.Field("agent", "User agent", value: origin.userAgent ?? ""),
                Form.Field("device", "Device name", value: origin.deviceName ?? ""),
            ])
            buttons = [Button(label: "Open sign-in page", action: .start)]
        case .signIn:
            form = Form([
                Form.Field("username", usernameLabel, value: username),
                Form.Field("password", "Password", kind: .secret, hint: useCustomAuth ? "optional: with one, SRP comes first" : nil),
            ])
            buttons = [
                Button(label: "Sign in", action: .signIn), Button(label: "Sign up", action: .toSignUp),
                Button(label: "Forgot your password?", action: .toForgot), Button(label: "Change client", action: .toSetup),
            ]
            if oauth != nil {
                buttons += [Button(label: "Open in browser", action: .openBrowser), Button(label: "Paste redirect", action: .toRedirect)]
            }
            if !username.isEmpty { focus = 1 }
        case .signUp:
            var fields = [Form.Field("username", usernameLabel)]
            if client?.emailUsername != true { fields.append(Form.Field("email", "Email")) }
            fields.append(Form.Field("password", "Password", kind: .secret))
            form = Form(fields)
            buttons = [Button(label: "Sign up", action: .signUp), Button(label: "Back to sign in", action: .toSignIn)]
        case .confirmSignUp:
            form = Form([Form.Field("code", "Confirmation code")])
            buttons = [
                Button(label: "Confirm account", action: .confirmSignUp), Button(label: "Resend code", action: .resendCode),
                Button(label: "Code from outbox", action: .showCode),
            ]
        case .forgotPassword:
            form = Form([Form.Field("username", usernameLabel, value: username)])
            buttons = [Button(label: "Reset my password", action: .sendReset), Button(label: "Back to sign in", action: .toSignIn)]
        case .resetPassword:
            form = Form([Form.Field("code", "Code"), Form.Field("password", "New password", kind: .secret)])
            buttons = [Button(label: "Change password", action: .resetPassword), Button(label: "Code from outbox", action: .showCode)]
        case .newPassword(_, _, let required):
            form = Form(
                [Form.Field("password", "New password", kind: .secret)]
                    + required.map { Form.Field("userAttributes.\($0)", $0, hint: "required by the pool") })
            buttons = [Button(label: "Change password", action: .setNewPassword)]
        case .mfaCode(let challenge, _, _, _):
            form = Form([Form.Field("code", challenge == .softwareTokenMfa ? "Authenticator code" : "Code")])
            buttons = [Button(label: "Sign in", action: .submitCode)]
            if challenge != .softwareTokenMfa { buttons.append(Button(label: "Code from outbox", action: .showCode)) }
        case .selectMFA(_, _, let options):
            form = Form([Form.Field("choice", "Method", kind: .choice(options))])
            buttons = [Button(label: "Continue", action: .selectMFA)]
        case .totpSetup:
            form = Form([Form.Field("code", "Code")])
            buttons = [Button(label: "Verify", action: .verifyTOTP)]
        case .customChallenge:
            form = Form([Form.Field("answer", "Answer")])
            buttons = [Button(label: "Answer", action: .answerCustom), Button(label: "Back to sign in", action: .toSignIn)]
        case .redirect:
            form = Form([Form.Field("redirect", "Landed at", hint: "the address the browser was sent to")])
            buttons = [
                Button(label: "Exchange code for tokens", action: .exchange), Button(label: "Open in browser", action: .openBrowser),
                Button(label: "Back to sign in", action: .toSignIn),
            ]
        case .tokens:
            form = Form([])
            buttons = [
                Button(label: "Refresh", action: .refresh), Button(label: "Sign out", action: .signOut),
                Button(label: "Global sign-out", action: .globalSignOut), Button(label: "Check", action: .check),
                Button(label: "New sign-in", action: .toSignIn),
            ]
        }
        form.focus = min(focus, max(0, form.fields.count - 1))
    }

    private var usernameLabel: String { client?.emailUsername == true ? "Email" : "Username" }

    static let methods = [
        "SRP (USER_SRP_AUTH)", "Password (USER_PASSWORD_AUTH)", "Managed login (OAuth code flow, PKCE)", "Custom challenge (CUSTOM_AUTH)",
    ]

    // MARK: Keys

    mutating func handleKey(_ key: Key, context: ScreenContext) -> [Command]? {
        if page == .tokens { return tokenKey(key) }
        let stops = form.fields.count + buttons.count
        switch key {
        case .escape:
            switch page {
            case .setup: return nil
            case .signIn:
                enter(.setup)
                return []
            default:
                enter(.signIn)
                return []
            }
        case .tab, .down:
            moveFocus(by: 1, stops: stops)
            return []
        case .backTab, .up:
            moveFocus(by: -1, stops: stops)
            return []
        case .enter:
            guard !busy else { return [] }
            let action = focus >= form.fields.count ? buttons[focus - form.fields.count].action : buttons.first?.action
            return action.map { run($0) } ?? []
        case .control("o"):
            return page.takesCode ? run(.showCode) : []
        case .left where focus >= form.fields.count, .right where focus >= form.fields.count:
            moveFocus(by: key == .left ? -1 : 1, stops: stops)
            return []
        default:
            guard focus < form.fields.count else { return [] }
            _ = form.handle(key)
            return []
        }
    }

    private mutating func moveFocus(by delta: Int, stops: Int) {
        guard stops > 0 else { return }
        focus = (focus + delta + stops) % stops
        if focus < form.fields.count { form.focus = focus }
    }

    /// The field or button under a click, focused; a click on a button presses it.
    public mutating func click(field: Int?, button: Int?) -> [Command] {
        if let field, field < form.fields.count {
            focus = field
            form.focus = field
        } else if let button, button < buttons.count {
            focus = form.fields.count + button
            return busy ? [] : run(buttons[button].action)
        }
        return []
    }

    private mutating func tokenKey(_ key: Key) -> [Command]? {
        switch key {
        case .tab, .right, .left, .character("l"), .character("h"):
            tokenTab = 1 - tokenTab
            tokenScroll = 0
        case .up, .character("k"): tokenScroll = max(0, tokenScroll - 1)
        case .down, .character("j"): tokenScroll += 1
        case .character("r"): return run(.refresh)
        case .character("o"): return run(.signOut)
        case .character("g"): return run(.globalSignOut)
        case .character("c"): return run(.check)
        case .character("n"):
            enter(.signIn)
        case .enter:
            return run(.check)
        case .escape:
            enter(.signIn)
        default:
            return nil
        }
        return []
    }
}

/// Who is signed in on the hosted sign-in screen: the ID token and its user pool, for
/// identity pools.
public struct SignInSession: Sendable, Equatable {
    public var poolId: String
    public var idToken: String
}

extension SignInModel {
    public var session: SignInSession? {
        guard let poolId, let idToken = tokens?.idToken else { return nil }
        return SignInSession(poolId: poolId, idToken: idToken)
    }
}
