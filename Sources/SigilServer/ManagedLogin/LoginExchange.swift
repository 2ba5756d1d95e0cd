import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SigilCore

/// One request to managed login's pages: the engine, the browser's cookies and origin,
/// and the answers a page can give (a page, an error page, a redirect).
struct LoginExchange {
    let engine: Engine
    let browser: BrowserExchange
    let origin: RequestOrigin
    let csrf: (value: String, isNew: Bool)

    init(engine: Engine, request: Request, context: SigilRequestContext) {
        self.engine = engine
        browser = BrowserExchange(request)
        origin = SigilHTTPServer.origin(request, context, requestId: RandomUUID.make())
        csrf = browser.csrfToken
    }

    /// The authorize request the query or form carries, checked again on every page.
    func authorizeRequest(_ fields: [String: String]) async throws -> AuthorizeRequest {
        try await engine.authorizeRequest(fields, host: browser.host)
    }

    func page(_ page: LoginPage, status: HTTPResponse.Status = .ok) async -> Response {
        var page = page
        if let request = page.request, page.settings == nil { page.settings = try? await engine.loginPageSettings(request) }
        let cookies = csrf.isNew ? [browser.cookie(BrowserExchange.csrfCookie, csrf.value, maxAge: 86_400)] : []
        return BrowserExchange.html(Pages.render(page.template, page.context(csrf: csrf.value)), status: status, cookies: cookies)
    }

    func errorPage(_ detail: String, status: HTTPResponse.Status = .badRequest) async -> Response {
        await page(LoginPage(template: "error", title: "Something is wrong with this sign-in", values: ["detail": detail]), status: status)
    }

    /// A refused authorize request: an error page, or the app told at its redirect URI.
    func refusal(_ refusal: AuthorizeRefusal) async -> Response {
        switch refusal {
        case .page(let detail):
            return await errorPage(detail)
        case .redirect(let uri, let error, let description, let state):
            var fields = [("error", error), ("error_description", description)]
            if let state { fields.append(("state", state)) }
            return BrowserExchange.redirect(Engine.appending(fields, to: uri))
        }
    }

    /// Where a finished sign-in goes, remembering it in the single sign-on cookie.
    func signedIn(redirect: String, ssoSession: String) -> Response {
        BrowserExchange.redirect(
            redirect, cookies: [browser.cookie(BrowserExchange.sessionCookie, ssoSession, maxAge: Int(3_600))])
    }
}
