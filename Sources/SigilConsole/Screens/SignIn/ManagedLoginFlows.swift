import Foundation
import SigilCore
import SigilCrypto

/// The console as an app that signs users in through managed login (the OAuth 2.0 code
/// flow with PKCE): the authorize address it would send a browser to, the pages' steps,
/// the redirect with the code, and the exchange at the token endpoint.
public struct OAuthRun: Sendable, Equatable {
    public var request: AuthorizeRequest
    /// The /oauth2/authorize address a browser opens.
    public var url: String
    public var verifier: String
    public var state: String
    public var nonce: String

    /// The callback URL the code flow returns to: the client's first.
    static let scope = "openid email phone profile aws.cognito.signin.user.admin"
}

enum ManagedLoginFlows {
    /// Checks the client can sign in through managed login and makes the authorize address
    /// (PKCE S256, a random state and nonce), asking only for the scopes the client has.
    static func start(_ engine: any ConsoleBackend, _ client: SignInClient) async throws -> OAuthRun {
        guard
            let described = try await engine.describeUserPoolClient(
                DescribeUserPoolClientRequest(userPoolId: client.poolId, clientId: client.clientId)
            ).userPoolClient, let callback = described.callbackURLs?.first
        else {
            throw CognitoError.invalidParameter(
                "\(client.clientName) has no callback URL; give it one, the code flow and scopes (Settings screen) to use managed login.")
        }
        let verifier = Base64URL.encode(SecureRandom.bytes(32))
        let state = Base64URL.encode(SecureRandom.bytes(12))
        let nonce = Base64URL.encode(SecureRandom.bytes(12))
        let scopes = OAuthRun.scope.split(separator: " ").map(String.init).filter { (described.allowedOAuthScopes ?? []).contains($0) }
        let fields: [(String, String)] = [
            ("client_id", client.clientId), ("response_type", "code"), ("redirect_uri", callback),
            ("scope", scopes.joined(separator: " ")), ("state", state), ("nonce", nonce),
            ("code_challenge", Base64URL.encode(SHA256.hash(Array(verifier.utf8)))), ("code_challenge_method", "S256"),
        ]
        let request: AuthorizeRequest
        do {
            request = try await engine.authorizeRequest(Dictionary(uniqueKeysWithValues: fields), host: nil)
        } catch let refusal as AuthorizeRefusal {
            throw CognitoError.invalidParameter("Managed login refuses this client: \(refusal.message)")
        }
        let url = Engine.appending(fields, to: engine.apiEndpoint + "/oauth2/authorize")
        return OAuthRun(request: request, url: url, verifier: verifier, state: state, nonce: nonce)
    }

    static func signIn(_ engine: any ConsoleBackend, _ run: OAuthRun, username: String, password: String, origin: RequestOrigin) async throws
        -> SignInStep
    {
        step(try await engine.loginWithPassword(run.request, username: username, password: password, context: origin), username: username)
    }

    static func respond(
        _ engine: any ConsoleBackend, _ run: OAuthRun, _ challenge: ChallengeNameType, session: String?, username: String, answers: [String: String],
        origin: RequestOrigin
    ) async throws -> SignInStep {
        let next = try await engine.loginAnswer(run.request, challenge: challenge, responses: answers, session: session ?? "", context: origin)
        return step(next, username: username)
    }

    static func verifyAuthenticator(
        _ engine: any ConsoleBackend, _ run: OAuthRun, session: String?, username: String, code: String, origin: RequestOrigin
    )
        async throws -> SignInStep
    {
        step(try await engine.loginVerifyAuthenticator(run.request, session: session ?? "", code: code, context: origin), username: username)
    }

    private static func step(_ step: LoginStep, username: String) -> SignInStep {
        switch step {
        case .signedIn(let redirect, _): return .redirected(redirect)
        case .challenge(let name, let session, let parameters): return .challenge(name, session: session, parameters: parameters, username: username)
        }
    }

    /// The code a redirect carries, once its state is this run's.
    static func code(in redirect: String, run: OAuthRun) throws -> String {
        let text = redirect.trimmingCharacters(in: .whitespaces)
        guard let parts = URLComponents(string: text), text.hasPrefix(run.request.redirectUri) else {
            throw CognitoError.invalidParameter("That is not an address at the callback \(run.request.redirectUri).")
        }
        let fields = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        if let error = fields["error"] {
            throw CognitoError.invalidParameter("Managed login refused the sign-in: \(error) \(fields["error_description"] ?? "")")
        }
        guard fields["state"] == run.state else {
            throw CognitoError.invalidParameter("The redirect's state is not this sign-in's: it may be forged or from another attempt.")
        }
        guard let code = fields["code"], !code.isEmpty else { throw CognitoError.invalidParameter("The redirect carries no code.") }
        return code
    }

    /// Trades the code for tokens at the token endpoint, with the PKCE verifier.
    static func exchange(_ engine: any ConsoleBackend, _ client: SignInClient, _ run: OAuthRun, code: String, origin: RequestOrigin) async throws
        -> SignInStep
    {
        let tokens: OAuthTokens
        do {
            tokens = try await engine.authorizationCodeGrant(
                clientId: client.clientId, clientSecret: client.clientSecret, code: code, redirectUri: run.request.redirectUri,
                codeVerifier: run.verifier, context: origin)
        } catch let error as OAuthError {
            throw CognitoError.notAuthorized("The token endpoint refused the code: \(error.description)")
        }
        let username = (try? JWT.decode(tokens.accessToken))?.claims["username"]?.stringValue ?? ""
        return .signedIn(
            AuthenticationResultType(
                accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, tokenType: tokens.tokenType, refreshToken: tokens.refreshToken,
                idToken: tokens.idToken),
            username: username)
    }

    /// Opens the address in the operator's browser when there is a display; otherwise
    /// says where to open it.
    static func openInBrowser(_ url: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else {
            return "No display here: open the address above in a browser, then paste where it lands."
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "xdg-open could not run (\(error.localizedDescription)): open the address above in a browser."
        }
        return "Opened in the browser. Sign in there, then paste the address it lands on."
    }
}
