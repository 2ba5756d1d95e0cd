import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore

/// Managed login: /oauth2/authorize and the pages it leads to, at the server's own address
/// or a pool's domain. Every page carries the authorize request in its query or hidden
/// fields, checked again on each step; forms carry the browser's form token.
enum LoginRoutes {
    static let authorizePath = "/oauth2/authorize"
    static let logoutPath = "/logout"

    static func add(to router: Router<SigilRequestContext>, engine: Engine, limit: Int) {
        get(authorizePath, on: router, engine: engine) { exchange, query in
            let request = try await exchange.authorizeRequest(query)
            if let provider = query["identity_provider"] ?? query["idp_identifier"], provider != "COGNITO" {
                return await exchange.errorPage("The identity provider \(provider) is not available to the app client \(request.clientId).")
            }
            // OIDC's prompt: `login` asks again whatever the session; `none` never shows a page.
            let prompt = query["prompt"]
            if prompt != "login",
                let redirect = try await exchange.engine.loginWithSSOSession(
                    request, session: exchange.browser.cookies[BrowserExchange.sessionCookie], context: exchange.origin)
            {
                return BrowserExchange.redirect(redirect)
            }
            if prompt == "none" {
                throw AuthorizeRefusal.redirect(
                    to: request.redirectUri, error: "login_required", description: "The user is not signed in.", state: request.state)
            }
            return BrowserExchange.redirect("/login?" + Engine.formEncoded(request.parameters.map { ($0.name, $0.value) }))
        }
        get("/login", on: router, engine: engine) { exchange, query in
            await exchange.page(signInPage(try await exchange.authorizeRequest(query)))
        }
        form("/login", on: router, engine: engine, limit: limit) { exchange, form in
            let request = try await exchange.authorizeRequest(form)
            let username = form["username"] ?? ""
            if let prompt = LoginPage.missing(form, [("username", "Enter your username."), ("password", "Enter your password.")]) {
                return await exchange.page(signInPage(request, username: username, error: prompt), status: .badRequest)
            }
            do {
                let step = try await exchange.engine.loginWithPassword(
                    request, username: username, password: form["password"] ?? "", context: exchange.origin)
                return try await respond(step, request: request, username: username, exchange: exchange)
            } catch let error as CognitoError {
                return try await signInRefused(error, request: request, username: username, exchange: exchange)
            }
        }
        form("/challenge", on: router, engine: engine, limit: limit) { exchange, form in
            try await ChallengePages.answer(form, exchange: exchange)
        }
        get(logoutPath, on: router, engine: engine) { exchange, query in
            try await logout(query, exchange: exchange)
        }
        AccountPages.add(to: router, engine: engine, limit: limit)
    }

    static func signInPage(_ request: AuthorizeRequest, username: String = "", error: String? = nil, notice: String? = nil) -> LoginPage {
        LoginPage(template: "login", title: "Sign in", request: request, error: error, notice: notice, values: ["username": username])
    }

    /// The next page of a sign-in: the app's redirect, or a challenge.
    static func respond(_ step: LoginStep, request: AuthorizeRequest, username: String, exchange: LoginExchange) async throws -> Response {
        switch step {
        case .signedIn(let redirect, let sso):
            return exchange.signedIn(redirect: redirect, ssoSession: sso)
        case .challenge(let name, let session, let parameters):
            return try await ChallengePages.show(
                name, session: session, parameters: parameters, request: request, username: username, exchange: exchange)
        }
    }

    /// A sign-in the engine refused: an unconfirmed user is sent a new code and asked
    /// for it; a user whose password must be reset is sent a reset code; otherwise the
    /// form comes back with the reason.
    static func signInRefused(_ error: CognitoError, request: AuthorizeRequest, username: String, exchange: LoginExchange) async throws
        -> Response
    {
        switch error.name {
        case .userNotConfirmedException:
            return try await AccountPages.resendCode(request, username: username, exchange: exchange, notice: "Confirm your account to sign in.")
        case .passwordResetRequiredException:
            return try await AccountPages.sendResetCode(request, username: username, exchange: exchange, notice: "Your password must be reset.")
        default:
            return await exchange.page(signInPage(request, username: username, error: error.message), status: .badRequest)
        }
    }

    /// /logout: ends the single sign-on session, then goes to `logout_uri` (one of the
    /// client's sign-out URLs) or, given `redirect_uri` and `response_type`, back to the
    /// sign-in page. Any other address is refused, never followed.
    static func logout(_ query: [String: String], exchange: LoginExchange) async throws -> Response {
        guard let clientId = query["client_id"], !clientId.isEmpty else { return await exchange.errorPage("The request has no client_id.") }
        let cleared = exchange.browser.cookie(BrowserExchange.sessionCookie, "", maxAge: 0)
        if let logoutURI = query["logout_uri"] {
            guard try await exchange.engine.isLogoutURL(logoutURI, clientId: clientId) else {
                return await exchange.errorPage("\(logoutURI) is not one of the app client's sign-out URLs.")
            }
            try await exchange.engine.endSSOSession(exchange.browser.cookies[BrowserExchange.sessionCookie])
            return BrowserExchange.redirect(logoutURI, cookies: [cleared])
        }
        guard query["redirect_uri"] != nil, query["response_type"] != nil else {
            return await exchange.errorPage("Sign-out needs logout_uri, or redirect_uri and response_type.")
        }
        let request = try await exchange.authorizeRequest(query)
        try await exchange.engine.endSSOSession(exchange.browser.cookies[BrowserExchange.sessionCookie])
        return BrowserExchange.redirect("/login?" + Engine.formEncoded(request.parameters.map { ($0.name, $0.value) }), cookies: [cleared])
    }

    // MARK: - Route helpers

    typealias Handler = @Sendable (LoginExchange, [String: String]) async throws -> Response

    /// A page answering GET; its query holds the authorize request.
    static func get(_ path: String, on router: Router<SigilRequestContext>, engine: Engine, handle: @escaping Handler) {
        router.get(RouterPath(path)) { request, context -> Response in
            let exchange = LoginExchange(engine: engine, request: request, context: context)
            let fields = FormBody.parse(Data((request.uri.query ?? "").utf8))
            return await run(exchange) { try await handle(exchange, fields) }
        }
    }

    /// A form posted to a page; refused unless it carries the browser's form token.
    static func form(_ path: String, on router: Router<SigilRequestContext>, engine: Engine, limit: Int, handle: @escaping Handler) {
        router.post(RouterPath(path)) { request, context -> Response in
            let exchange = LoginExchange(engine: engine, request: request, context: context)
            guard let body = try await BoundedBody.collect(request, upTo: limit, channel: context.channel) else {
                return await exchange.errorPage("The form is too large.", status: .contentTooLarge)
            }
            let form = FormBody.parse(Data(buffer: body))
            guard exchange.browser.acceptsForm(form) else {
                return await exchange.errorPage(
                    "This form has expired or was sent from another site. Go back, reload the page and try again.", status: .forbidden)
            }
            return await run(exchange) { try await handle(exchange, form) }
        }
    }

    /// Runs a page on a work thread; refusals become their pages.
    private static func run(_ exchange: LoginExchange, _ body: @escaping @Sendable () async throws -> Response) async -> Response {
        do {
            return try await BlockingWork.run { try await body() }
        } catch let refusal as AuthorizeRefusal {
            return await exchange.refusal(refusal)
        } catch let error as CognitoError {
            return await exchange.errorPage(error.message)
        } catch {
            return await exchange.errorPage("The sign-in could not go on: \(error).", status: .internalServerError)
        }
    }
}
