import Foundation
import Hummingbird
import SigilCore
import SigilCrypto
import SigilQR

/// The pages of a sign-in's challenges: a code sent by SMS or email, an authenticator
/// code, a choice of MFA method, authenticator enrolment and a new password.
enum ChallengePages {
    /// The page for a challenge the engine put. Enrolment first associates a new
    /// authenticator secret, which the page shows as a QR code and as text.
    static func show(
        _ name: ChallengeNameType, session: String, parameters: [String: String], request: AuthorizeRequest, username: String,
        exchange: LoginExchange, error: String? = nil
    ) async throws -> Response {
        var hint = parameters["CODE_DELIVERY_DESTINATION"].map { "\(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] ?? "")|\($0)" } ?? ""
        var session = session
        var options = (parameters["MFAS_CAN_CHOOSE"]).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        if name == .mfaSetup {
            let associated = try await exchange.engine.associateSoftwareToken(AssociateSoftwareTokenRequest(session: session))
            session = associated.session ?? session
            hint = associated.secretCode ?? ""
        }
        if let required = parameters["requiredAttributes"] {
            options = (try? JSONDecoder().decode([String].self, from: Data(required.utf8))) ?? []
        }
        return await page(
            name, session: session, hint: hint, options: options, request: request, username: username, exchange: exchange, error: error)
    }

    private static func page(
        _ name: ChallengeNameType, session: String, hint: String, options: [String], request: AuthorizeRequest, username: String,
        exchange: LoginExchange, error: String?
    ) async -> Response {
        var values: [String: Any] = [
            "challenge": name.rawValue, "session": session, "hint": hint, "optionsText": options.joined(separator: ","), "username": username,
        ]
        let template: String
        let title: String
        switch name {
        case .smsMfa, .emailOtp, .softwareTokenMfa:
            template = "challenge-code"
            title = "Enter your sign-in code"
            if name == .softwareTokenMfa {
                values["destinationText"] = "Open your authenticator app and enter the code it shows."
                values["codeLabel"] = "Authenticator code"
            } else {
                let parts = hint.split(separator: "|", maxSplits: 1).map(String.init)
                values["destinationText"] = LoginPage.deliveryText(medium: parts.first, destination: parts.count > 1 ? parts[1] : nil)
                values["codeLabel"] = name == .smsMfa ? "Code from the text message" : "Code from the email"
            }
        case .selectMfaType:
            template = "challenge-select"
            title = "Choose a sign-in method"
            let labels = ["SMS_MFA": "Text message (SMS)", "SOFTWARE_TOKEN_MFA": "Authenticator app", "EMAIL_OTP": "Email"]
            values["options"] = options.enumerated().map { ["value": $1, "label": labels[$1] ?? $1, "first": $0 == 0] }
        case .mfaSetup:
            template = "challenge-setup"
            title = "Set up an authenticator app"
            let issuer = request.clientName
            let uri =
                "otpauth://totp/\(Engine.queryEscaped(issuer)):\(Engine.queryEscaped(username))?secret=\(hint)&issuer=\(Engine.queryEscaped(issuer))"
            values["secretKey"] = hint
            values["qrImage"] = QRMatrix(uri).map { Data($0.svg().utf8).base64EncodedString() } ?? ""
        case .newPasswordRequired:
            template = "challenge-new-password"
            title = "Change your password"
            values["fields"] = LoginPage.attributeFields(options.map { $0.replacingOccurrences(of: "userAttributes.", with: "") })
        default:
            return await exchange.errorPage("Managed login cannot answer the challenge \(name.rawValue).")
        }
        return await exchange.page(
            LoginPage(template: template, title: title, request: request, error: error, values: values), status: error == nil ? .ok : .badRequest)
    }

    /// A challenge page's form: answered, it leads to the next page; refused, the same
    /// page comes back with the reason (a spent or expired session sends the user back
    /// to sign in).
    static func answer(_ form: [String: String], exchange: LoginExchange) async throws -> Response {
        let request = try await exchange.authorizeRequest(form)
        let username = form["username"] ?? ""
        guard let name = form["challenge"].flatMap(ChallengeNameType.init(rawValue:)), let session = form["session"], !session.isEmpty else {
            return await exchange.page(LoginRoutes.signInPage(request, error: "The sign-in was interrupted. Sign in again."), status: .badRequest)
        }
        let hint = form["hint"] ?? ""
        let options = (form["options"] ?? "").split(separator: ",").map(String.init)
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let prompts: [(name: String, prompt: String)] =
            switch name {
            case .newPasswordRequired: [("password", "Enter a new password.")]
            case .selectMfaType: [("answer", "Choose a method.")]
            default: [("code", "Enter the code.")]
            }
        if let prompt = LoginPage.missing(form, prompts) {
            return await page(
                name, session: session, hint: hint, options: options, request: request, username: username, exchange: exchange, error: prompt)
        }
        do {
            let step: LoginStep
            switch name {
            case .mfaSetup:
                step = try await exchange.engine.loginVerifyAuthenticator(request, session: session, code: code, context: exchange.origin)
            case .newPasswordRequired:
                guard form["password"] == form["confirm"] else {
                    throw CognitoError.invalidParameter("The two passwords are not the same.")
                }
                var responses = ["NEW_PASSWORD": form["password"] ?? ""]
                for (key, value) in form where key.hasPrefix("attr:") { responses["userAttributes." + key.dropFirst(5)] = value }
                step = try await answer(name, responses, session: session, request: request, exchange: exchange)
            case .selectMfaType:
                step = try await answer(name, ["ANSWER": form["answer"] ?? ""], session: session, request: request, exchange: exchange)
            case .smsMfa:
                step = try await answer(name, ["SMS_MFA_CODE": code], session: session, request: request, exchange: exchange)
            case .emailOtp:
                step = try await answer(name, ["EMAIL_OTP_CODE": code], session: session, request: request, exchange: exchange)
            default:
                step = try await answer(name, ["SOFTWARE_TOKEN_MFA_CODE": code], session: session, request: request, exchange: exchange)
            }
            return try await LoginRoutes.respond(step, request: request, username: username, exchange: exchange)
        } catch let error as CognitoError {
            if error.name == .notAuthorizedException, error.message.hasPrefix("Invalid session") {
                return await exchange.page(
                    LoginRoutes.signInPage(request, username: username, error: "Your sign-in took too long or was already used. Sign in again."),
                    status: .badRequest)
            }
            let message = error.name == .codeMismatchException ? "That code is not right. Try again." : error.message
            return await page(
                name, session: session, hint: hint, options: options, request: request, username: username, exchange: exchange, error: message)
        }
    }

    private static func answer(
        _ name: ChallengeNameType, _ responses: [String: String], session: String, request: AuthorizeRequest, exchange: LoginExchange
    ) async throws -> LoginStep {
        try await exchange.engine.loginAnswer(request, challenge: name, responses: responses, session: session, context: exchange.origin)
    }
}
