import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

extension SignInModel {
    /// Carries out a button's action.
    mutating func run(_ action: Action) -> [Command] {
        let values = form.values
        switch action {
        case .toSignUp:
            enter(.signUp)
            return []
        case .toForgot:
            enter(.forgotPassword)
            return []
        case .toSetup:
            enter(.setup)
            return []
        case .toSignIn:
            tokens = nil
            enter(.signIn)
            return []
        case .start:
            guard !clients.isEmpty else {
                error = "This pool has no app clients. Create one (sigil client create) to sign in."
                return []
            }
            let chosen = values["client"] ?? ""
            client = clients.first { "\($0.clientName) (\($0.clientId))" == chosen } ?? clients.first
            useSRP = values["method"]?.hasPrefix("SRP") ?? true
            useManagedLogin = values["method"] == Self.methods[2]
            useCustomAuth = values["method"] == Self.methods[3]
            oauth = nil
            func optional(_ text: String?) -> String? { text.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
            origin = RequestOrigin(ipAddress: optional(values["ip"]), userAgent: optional(values["agent"]), deviceName: optional(values["device"]))
            if let ip = origin.ipAddress, !Self.isIPAddress(ip) {
                error = "Source IP \(ip) is not an IPv4 or IPv6 address"
                return []
            }
            if let client, useManagedLogin {
                busy = true
                return [.call({ engine in try await ManagedLoginFlows.start(engine, client) }) { .signIn(.oauthStarted($0)) }]
            }
            if let client {
                let allowed = useCustomAuth ? client.allowsCustom : useSRP ? client.allowsSRP : client.allowsPassword
                if !allowed {
                    let flow = useCustomAuth ? "ALLOW_CUSTOM_AUTH" : useSRP ? "ALLOW_USER_SRP_AUTH" : "ALLOW_USER_PASSWORD_AUTH"
                    error = "\(client.clientName) does not allow \(flow); choose another flow or another client"
                    return []
                }
            }
            enter(.signIn)
            return []
        case .showCode:
            guard let poolId, let username = currentUsername else { return [] }
            return [.call({ engine in try await SignInFlows.lastCode(engine, poolId: poolId, username: username) }) { .signIn(.code($0)) }]
        case .refresh, .signOut, .globalSignOut, .check:
            return tokenAction(action)
        case .openBrowser:
            guard let url = oauth?.url else { return [] }
            return [.call({ _ in try ManagedLoginFlows.openInBrowser(url) }) { .signIn(.opened($0)) }]
        case .toRedirect:
            enter(.redirect, notice: "Paste the address the browser landed on (the callback, with the code).")
            return []
        case .exchange:
            guard let client, let run = oauth else { return [] }
            let code: String
            do {
                code = try ManagedLoginFlows.code(in: values["redirect"] ?? "", run: run)
            } catch let failure as CognitoError {
                error = failure.message
                return []
            } catch {
                return []
            }
            busy = true
            let origin = origin
            return [.call({ engine in try await ManagedLoginFlows.exchange(engine, client, run, code: code, origin: origin) }) { .signIn(.step($0)) }]
        default:
            return submit(action, values: values)
        }
    }

    /// The user the current page is about.
    var currentUsername: String? {
        switch page {
        case .confirmSignUp(let username), .resetPassword(let username): return username
        case .newPassword(let username, _, _), .mfaCode(_, let username, _, _), .selectMFA(let username, _, _), .totpSetup(let username, _, _),
            .customChallenge(let username, _, _):
            return username
        case .tokens: return signedInAs
        default: return form["username"].isEmpty ? nil : form["username"]
        }
    }

    /// Sends a page's form to the engine.
    private mutating func submit(_ action: Action, values: [String: String]) -> [Command] {
        guard let client else { return [] }
        let origin = origin
        let srp = useSRP
        let custom = useCustomAuth
        let work: @Sendable (any ConsoleBackend) async throws -> SignInStep
        let username = values["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = values["password"] ?? ""
        let code = values["code"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let run = oauth
        switch (action, page) {
        case (.signIn, _):
            if let run {
                work = { engine in try await ManagedLoginFlows.signIn(engine, run, username: username, password: password, origin: origin) }
            } else if custom {
                work = { engine in try await SignInFlows.customSignIn(engine, client, username: username, password: password, origin: origin) }
            } else {
                work = { engine in
                    try await SignInFlows.signIn(engine, client, srp: srp, username: username, password: password, origin: origin)
                }
            }
        case (.signUp, _):
            let email = values["email"] ?? ""
            work = { engine in try await SignInFlows.signUp(engine, client, username: username, email: email, password: password, origin: origin) }
        case (.confirmSignUp, .confirmSignUp(let name)):
            work = { engine in try await SignInFlows.confirmSignUp(engine, client, username: name, code: code, origin: origin) }
        case (.resendCode, .confirmSignUp(let name)):
            work = { engine in try await SignInFlows.resend(engine, client, username: name, origin: origin) }
        case (.sendReset, _):
            work = { engine in try await SignInFlows.forgotPassword(engine, client, username: username, origin: origin) }
        case (.resetPassword, .resetPassword(let name)):
            work = { engine in
                try await SignInFlows.confirmForgotPassword(engine, client, username: name, code: code, password: password, origin: origin)
            }
        case (.setNewPassword, .newPassword(let name, let session, _)):
            var collected = values.filter { $0.key.hasPrefix("userAttributes.") }
            collected["NEW_PASSWORD"] = password
            let answers = collected
            work = { engine in
                try await Self.answer(engine, client, run, .newPasswordRequired, session: session, username: name, answers: answers, origin: origin)
            }
        case (.submitCode, .mfaCode(let challenge, let name, let session, _)):
            let key = challenge == .smsMfa ? "SMS_MFA_CODE" : challenge == .emailOtp ? "EMAIL_OTP_CODE" : "SOFTWARE_TOKEN_MFA_CODE"
            work = { engine in
                try await Self.answer(engine, client, run, challenge, session: session, username: name, answers: [key: code], origin: origin)
            }
        case (.selectMFA, .selectMFA(let name, let session, _)):
            let choice = values["choice"] ?? ""
            work = { engine in
                try await Self.answer(
                    engine, client, run, .selectMfaType, session: session, username: name, answers: ["ANSWER": choice], origin: origin)
            }
        case (.answerCustom, .customChallenge(let name, let session, _)):
            let answer = values["answer"] ?? ""
            work = { engine in
                try await Self.answer(
                    engine, client, run, .customChallenge, session: session, username: name, answers: ["ANSWER": answer], origin: origin)
            }
        case (.verifyTOTP, .totpSetup(let name, let session, _)):
            work = { engine in
                if let run {
                    return try await ManagedLoginFlows.verifyAuthenticator(engine, run, session: session, username: name, code: code, origin: origin)
                }
                return try await SignInFlows.verifyTOTP(engine, client, session: session, username: name, code: code, origin: origin)
            }
        default:
            return []
        }
        busy = true
        error = nil
        return [.call(work) { .signIn(.step($0)) }]
    }

    /// Answers a challenge as the API does, or on managed login's pages.
    private static func answer(
        _ engine: any ConsoleBackend, _ client: SignInClient, _ run: OAuthRun?, _ challenge: ChallengeNameType, session: String?, username: String,
        answers: [String: String], origin: RequestOrigin
    ) async throws -> SignInStep {
        if let run {
            return try await ManagedLoginFlows.respond(engine, run, challenge, session: session, username: username, answers: answers, origin: origin)
        }
        return try await SignInFlows.respond(engine, client, challenge, session: session, username: username, answers: answers, origin: origin)
    }

    // MARK: Replies

    mutating func receiveReply(_ reply: Reply, context: ScreenContext) -> [Command] {
        switch reply {
        case .oauthStarted(let result):
            busy = false
            switch result {
            case .success(let run):
                oauth = run
                enter(.signIn, notice: "Managed login. The app sends the browser to: \(run.url)")
            case .failure(let failure): error = failure.description
            }
            return []
        case .opened(let result):
            switch result {
            case .success(let text): notice = (oauth.map { "\($0.url)\n" } ?? "") + text
            case .failure(let failure): error = failure.description
            }
            return []
        case .fillCode(let code):
            guard fill(code: code) else { return [.toast(Toast("No sign-in prompt is waiting for a code"))] }
            return [.show(.signIn), .toast(Toast("Code \(code) is in the sign-in prompt"))]
        case .clients(let id, let result):
            guard id == poolId else { return [] }
            switch result {
            case .success(let list):
                clients = list
                if let current = client, !list.contains(current) { client = nil }
                if page == .setup { enter(.setup) }
                if list.isEmpty { error = "This pool has no app clients. Create one (sigil client create) to sign in." }
            case .failure(let failure): error = failure.description
            }
            return []
        case .step(let result):
            busy = false
            switch result {
            case .failure(let failure):
                error = failure.description
                return []
            case .success(let step):
                return advance(step)
            }
        case .code(let result):
            switch result {
            case .success(let message?):
                guard let code = message.code else { return [] }
                _ = fill(code: code)
                notice = "Code \(code) from the outbox (\(message.channel.rawValue.lowercased()) to \(message.destination))"
            case .success(nil): error = "The outbox has no code for \(currentUsername ?? "this user") yet"
            case .failure(let failure): error = failure.description
            }
            return []
        case .reports(let id, let access):
            idReport = id
            accessReport = access
            return []
        case .refreshed(let result):
            busy = false
            switch result {
            case .success(let fresh):
                var merged = fresh
                merged.refreshToken = fresh.refreshToken ?? tokens?.refreshToken
                tokens = merged
                tokenStatus = "Refreshed: new ID and access tokens"
                return inspectTokens()
            case .failure(let failure):
                tokenStatus = failure.description
                return []
            }
        case .signedOut(let result):
            busy = false
            switch result {
            case .success(let text):
                tokenStatus = text
                if text.hasPrefix("Signed out:") {
                    tokens = nil
                    enter(.signIn, notice: text)
                    return []
                }
                return tokenAction(.check)
            case .failure(let failure):
                tokenStatus = failure.description
                return []
            }
        case .checked(let result):
            busy = false
            switch result {
            case .success(let text): tokenStatus = text
            case .failure(let failure):
                let before = tokenStatus.flatMap { $0.hasPrefix("Signed out everywhere") ? $0 + " " : nil } ?? ""
                tokenStatus = before + "GetUser refuses the access token: \(failure.description)"
            }
            return []
        }
    }

    /// Moves to the page a step leads to.
    private mutating func advance(_ step: SignInStep) -> [Command] {
        switch step {
        case .signedIn(let result, let username):
            tokens = result
            signedInAs = username
            tokenTab = 0
            tokenScroll = 0
            tokenStatus = oauth.map { "From /oauth2/token: the code and the PKCE verifier; scopes \($0.request.scopes.joined(separator: " "))" }
            idReport = nil
            accessReport = nil
            enter(.tokens)
            return inspectTokens()
        case .signedUp(let username, let confirmed, let destination):
            if confirmed {
                enter(.signIn, notice: "Your account is ready. Sign in.")
                form.set("username", username)
            } else {
                enter(.confirmSignUp(username: username), notice: "We sent a code to \(destination ?? "you"). Enter it below.")
            }
        case .codeSent(let username, let destination):
            if case .confirmSignUp = page {
                notice = "We sent a new code to \(destination ?? "you")."
            } else {
                enter(.resetPassword(username: username), notice: "We sent a code to \(destination ?? "you"). Enter it and a new password.")
            }
        case .confirmed(let username):
            enter(.signIn, notice: "Your account is confirmed. Sign in.")
            form.set("username", username)
            focus = 1
            form.focus = 1
        case .passwordChanged(let username):
            enter(.signIn, notice: "Your password is changed. Sign in with it.")
            form.set("username", username)
            focus = 1
            form.focus = 1
        case .totpSecret(let secret, let session, let username):
            enter(
                .totpSetup(username: username, session: session, secret: secret),
                notice: "Scan the code with an authenticator app, or type the secret in it.")
        case .challenge(let name, let session, let parameters, let username):
            return challenge(name, session: session, parameters: parameters, username: username)
        case .redirected(let url):
            let code = oauth.flatMap { try? ManagedLoginFlows.code(in: url, run: $0) }
            enter(
                .redirect,
                notice: code == nil
                    ? "Managed login sent the browser back to the app without a code."
                    : "Signed in. Managed login sent the browser back to the app with a code (state matches); exchange it for tokens.")
            form.set("redirect", url)
            focus = form.fields.count
        }
        return []
    }

    private mutating func challenge(_ name: ChallengeNameType, session: String?, parameters: [String: String], username: String) -> [Command] {
        func list(_ key: String) -> [String] {
            guard let text = parameters[key], let value = try? JSONValue(json: Array(text.utf8)) else { return [] }
            return value.arrayValue?.compactMap(\.stringValue) ?? []
        }
        switch name {
        case .newPasswordRequired:
            let required = list("requiredAttributes").map { $0.replacingOccurrences(of: "userAttributes.", with: "") }
            enter(.newPassword(username: username, session: session, required: required), notice: "Choose a new password to finish signing in.")
        case .smsMfa, .emailOtp, .softwareTokenMfa:
            let destination = parameters["CODE_DELIVERY_DESTINATION"]
            let prompt =
                name == .softwareTokenMfa
                ? "Enter the code from your authenticator app." : "We sent a code to \(destination ?? "you"). Enter it below."
            enter(.mfaCode(name, username: username, session: session, destination: destination), notice: prompt)
        case .selectMfaType:
            enter(.selectMFA(username: username, session: session, options: list("MFAS_CAN_CHOOSE")), notice: "Choose how to get your sign-in code.")
        case .mfaSetup:
            let options = list("MFAS_CAN_SETUP")
            guard options.isEmpty || options.contains("SOFTWARE_TOKEN_MFA") else {
                error = "The pool asks to set up \(options.joined(separator: ", ")); the console enrols authenticator apps only"
                return []
            }
            enter(.totpSetup(username: username, session: session, secret: nil), notice: "This pool requires an authenticator app. Reading a secret…")
            busy = true
            return [.call({ engine in try await SignInFlows.associate(engine, session: session, username: username) }) { .signIn(.step($0)) }]
        case .customChallenge:
            var shown = parameters
            shown["USERNAME"] = nil
            let lines = shown.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            var notice =
                lines.isEmpty
                ? "The pool's CreateAuthChallenge handler asks for an answer."
                : "The pool's CreateAuthChallenge handler asks:\n" + lines.joined(separator: "\n")
            // Another challenge straight after an answer: that answer was not enough.
            if case .customChallenge = page { notice = "That answer was not accepted. " + notice }
            enter(.customChallenge(username: username, session: session, parameters: parameters), notice: notice)
        default:
            error = "The console can't answer the \(name.rawValue) challenge"
        }
        return []
    }

    // MARK: Tokens

    /// Decodes and checks the ID and access tokens at the engine's time.
    mutating func inspectTokens() -> [Command] {
        guard let tokens else { return [] }
        let id = tokens.idToken
        let access = tokens.accessToken
        return [
            .engine(
                EngineCall { engine in
                    let idReport = await id.asyncMap { await TokenReport.inspect($0, engine: engine) }
                    let accessReport = await access.asyncMap { await TokenReport.inspect($0, engine: engine) }
                    return .signIn(.reports(idReport, accessReport))
                })
        ]
    }

    /// Re-checks the tokens as time passes (expiry shows as it happens).
    public mutating func tick() -> [Command] {
        page == .tokens ? inspectTokens() : []
    }

    private mutating func tokenAction(_ action: Action) -> [Command] {
        guard let client, let tokens, !busy else { return [] }
        let username = signedInAs ?? ""
        busy = true
        switch action {
        case .refresh:
            guard let refresh = tokens.refreshToken else {
                busy = false
                return []
            }
            var collected = ["REFRESH_TOKEN": refresh]
            collected["SECRET_HASH"] = client.secretHash(username)
            let parameters = collected
            let origin = origin
            return [
                .call({ engine in
                    guard
                        let result = try await engine.initiateAuth(
                            InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: parameters, clientId: client.clientId), context: origin
                        ).authenticationResult
                    else { throw CognitoError.notAuthorized("No tokens came back") }
                    return result
                }) { .signIn(.refreshed($0)) }
            ]
        case .signOut:
            guard let refresh = tokens.refreshToken else {
                busy = false
                return []
            }
            return [
                .call({ engine in
                    _ = try await engine.revokeToken(RevokeTokenRequest(token: refresh, clientId: client.clientId, clientSecret: client.clientSecret))
                    return "Signed out: the refresh token is revoked."
                }) { .signIn(.signedOut($0)) }
            ]
        case .globalSignOut:
            guard let access = tokens.accessToken else {
                busy = false
                return []
            }
            return [
                .call({ engine in
                    _ = try await engine.globalSignOut(GlobalSignOutRequest(accessToken: access))
                    return "Signed out everywhere: every token of \(username) is revoked."
                }) { .signIn(.signedOut($0)) }
            ]
        default:
            guard let access = tokens.accessToken else {
                busy = false
                return []
            }
            return [
                .call({ engine in
                    let user = try await engine.getUser(GetUserRequest(accessToken: access))
                    return "GetUser accepts the access token (user \(user.username))"
                }) { .signIn(.checked($0)) }
            ]
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
