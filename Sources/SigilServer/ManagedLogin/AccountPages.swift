import Foundation
import Hummingbird
import SigilCore

/// Managed login's account pages: sign-up and its confirmation code, and a forgotten
/// password. They call the engine's public operations, with the SECRET_HASH the pages
/// make as the app's own sign-in pages.
enum AccountPages {
    static func add(to router: Router<SigilRequestContext>, engine: Engine, limit: Int) {
        LoginRoutes.get("/signup", on: router, engine: engine) { exchange, query in
            let request = try await exchange.authorizeRequest(query)
            guard request.allowsSignUp else { return await exchange.errorPage("Only administrators can create users in this user pool.") }
            return await exchange.page(signUpPage(request))
        }
        LoginRoutes.form("/signup", on: router, engine: engine, limit: limit) { exchange, form in
            try await signUp(form, exchange: exchange)
        }
        LoginRoutes.form("/confirmUser", on: router, engine: engine, limit: limit) { exchange, form in
            let request = try await exchange.authorizeRequest(form)
            let username = form["username"] ?? ""
            if let prompt = LoginPage.missing(form, [("code", "Enter the code we sent you.")]) {
                return await exchange.page(confirmPage(request, username: username, error: prompt), status: .badRequest)
            }
            do {
                _ = try await exchange.engine.confirmSignUp(
                    ConfirmSignUpRequest(
                        clientId: request.clientId, secretHash: try await secretHash(request, username, exchange), username: username,
                        confirmationCode: (form["code"] ?? "").trimmingCharacters(in: .whitespaces)),
                    context: exchange.origin)
            } catch let error as CognitoError {
                return await exchange.page(confirmPage(request, username: username, error: error.message), status: .badRequest)
            }
            return await exchange.page(LoginRoutes.signInPage(request, username: username, notice: "Your account is confirmed. Sign in."))
        }
        LoginRoutes.form("/resendCode", on: router, engine: engine, limit: limit) { exchange, form in
            let request = try await exchange.authorizeRequest(form)
            return try await resendCode(request, username: form["username"] ?? "", exchange: exchange, notice: "We sent a new code.")
        }
        LoginRoutes.get("/forgotPassword", on: router, engine: engine) { exchange, query in
            await exchange.page(forgotPage(try await exchange.authorizeRequest(query)))
        }
        LoginRoutes.form("/forgotPassword", on: router, engine: engine, limit: limit) { exchange, form in
            let request = try await exchange.authorizeRequest(form)
            if let prompt = LoginPage.missing(form, [("username", "Enter your \(LoginPage.usernameField(request.usernameKind).noun).")]) {
                return await exchange.page(forgotPage(request, error: prompt), status: .badRequest)
            }
            return try await sendResetCode(request, username: form["username"] ?? "", exchange: exchange, notice: nil)
        }
        LoginRoutes.form("/confirmForgotPassword", on: router, engine: engine, limit: limit) { exchange, form in
            try await confirmForgotPassword(form, exchange: exchange)
        }
    }

    static func signUpPage(_ request: AuthorizeRequest, username: String = "", values: [String: String] = [:], error: String? = nil) -> LoginPage {
        LoginPage(
            template: "signup", title: "Sign up", request: request, error: error,
            values: ["username": username, "fields": LoginPage.attributeFields(request.signUpAttributes, values: values)])
    }

    static func confirmPage(
        _ request: AuthorizeRequest, username: String, delivery: CodeDeliveryDetailsType? = nil, error: String? = nil, notice: String? = nil
    )
        -> LoginPage
    {
        LoginPage(
            template: "confirm", title: "Confirm your account", request: request, error: error, notice: notice,
            values: [
                "username": username,
                "destinationText": LoginPage.deliveryText(medium: delivery?.deliveryMedium?.rawValue, destination: delivery?.destination),
            ])
    }

    static func forgotPage(_ request: AuthorizeRequest, username: String = "", error: String? = nil, notice: String? = nil) -> LoginPage {
        LoginPage(template: "forgot", title: "Forgot your password?", request: request, error: error, notice: notice, values: ["username": username])
    }

    static func resetPage(
        _ request: AuthorizeRequest, username: String, delivery: CodeDeliveryDetailsType?, error: String? = nil, notice: String? = nil
    )
        -> LoginPage
    {
        LoginPage(
            template: "reset", title: "Reset your password", request: request, error: error, notice: notice,
            values: [
                "username": username,
                "destinationText": LoginPage.deliveryText(medium: delivery?.deliveryMedium?.rawValue, destination: delivery?.destination),
            ])
    }

    private static func signUp(_ form: [String: String], exchange: LoginExchange) async throws -> Response {
        let request = try await exchange.authorizeRequest(form)
        guard request.allowsSignUp else { return await exchange.errorPage("Only administrators can create users in this user pool.") }
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        var values: [String: String] = [:]
        for (key, value) in form where key.hasPrefix("attr:") { values[String(key.dropFirst(5))] = value.trimmingCharacters(in: .whitespaces) }
        let label = LoginPage.usernameField(request.usernameKind)
        if let prompt = LoginPage.missing(form, [("username", "Enter your \(label.noun)."), ("password", "Choose a password.")]) {
            return await exchange.page(signUpPage(request, username: username, values: values, error: prompt), status: .badRequest)
        }
        if request.usernameKind != "username", values[request.usernameKind] == nil { values[request.usernameKind] = username }
        do {
            let response = try await exchange.engine.signUp(
                SignUpRequest(
                    clientId: request.clientId, secretHash: try await secretHash(request, username, exchange), username: username,
                    password: form["password"] ?? "",
                    userAttributes: values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map {
                        AttributeType(name: $0.key, value: $0.value)
                    }),
                context: exchange.origin)
            if response.userConfirmed {
                return await exchange.page(LoginRoutes.signInPage(request, username: username, notice: "Your account is ready. Sign in."))
            }
            return await exchange.page(confirmPage(request, username: username, delivery: response.codeDeliveryDetails))
        } catch let error as CognitoError {
            return await exchange.page(signUpPage(request, username: username, values: values, error: error.message), status: .badRequest)
        }
    }

    /// Sends a new sign-up code and asks for it.
    static func resendCode(_ request: AuthorizeRequest, username: String, exchange: LoginExchange, notice: String?) async throws -> Response {
        do {
            let sent = try await exchange.engine.resendConfirmationCode(
                ResendConfirmationCodeRequest(
                    clientId: request.clientId, secretHash: try await secretHash(request, username, exchange), username: username),
                context: exchange.origin)
            return await exchange.page(confirmPage(request, username: username, delivery: sent.codeDeliveryDetails, notice: notice))
        } catch let error as CognitoError {
            return await exchange.page(confirmPage(request, username: username, error: error.message), status: .badRequest)
        }
    }

    /// Sends a password reset code and shows the form that takes it.
    static func sendResetCode(_ request: AuthorizeRequest, username: String, exchange: LoginExchange, notice: String?) async throws -> Response {
        do {
            let sent = try await exchange.engine.forgotPassword(
                ForgotPasswordRequest(clientId: request.clientId, secretHash: try await secretHash(request, username, exchange), username: username),
                context: exchange.origin)
            return await exchange.page(resetPage(request, username: username, delivery: sent.codeDeliveryDetails, notice: notice))
        } catch let error as CognitoError {
            return await exchange.page(forgotPage(request, username: username, error: error.message), status: .badRequest)
        }
    }

    private static func confirmForgotPassword(_ form: [String: String], exchange: LoginExchange) async throws -> Response {
        let request = try await exchange.authorizeRequest(form)
        let username = form["username"] ?? ""
        if let prompt = LoginPage.missing(form, [("code", "Enter the code we sent you."), ("password", "Choose a new password.")]) {
            return await exchange.page(resetPage(request, username: username, delivery: nil, error: prompt), status: .badRequest)
        }
        do {
            guard form["password"] == form["confirm"] else { throw CognitoError.invalidParameter("The two passwords are not the same.") }
            _ = try await exchange.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(
                    clientId: request.clientId, secretHash: try await secretHash(request, username, exchange), username: username,
                    confirmationCode: (form["code"] ?? "").trimmingCharacters(in: .whitespaces), password: form["password"] ?? ""),
                context: exchange.origin)
        } catch let error as CognitoError {
            return await exchange.page(resetPage(request, username: username, delivery: nil, error: error.message), status: .badRequest)
        }
        return await exchange.page(LoginRoutes.signInPage(request, username: username, notice: "Your password is changed. Sign in with it."))
    }

    private static func secretHash(_ request: AuthorizeRequest, _ username: String, _ exchange: LoginExchange) async throws -> String? {
        try await exchange.engine.managedLoginSecretHash(clientId: request.clientId, username: username)
    }
}
