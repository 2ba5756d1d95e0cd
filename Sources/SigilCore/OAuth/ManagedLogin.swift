import Foundation
import SigilCrypto

/// Where a managed login page leads next.
public enum LoginStep: Sendable, Equatable {
    /// A challenge to put to the user: its name, the session that answers it, and what it
    /// says (where a code was sent, the methods to choose from …).
    case challenge(ChallengeNameType, session: String, parameters: [String: String])
    /// Signed in: where to send the browser (the app's redirect URI with a code, or with
    /// tokens for the implicit grant), and the single sign-on session to keep as a cookie.
    case signedIn(redirect: String, ssoSession: String)
}

/// Managed login's sign-in: the same users, flows, challenges and threat protection as
/// the API, ending in an authorization code (or implicit tokens) for the app's redirect
/// URI, and in a single sign-on session that lets the next /oauth2/authorize skip the
/// form for an hour.
extension Engine {
    /// How long a single sign-on session lasts, as Cognito's cookie.
    static let ssoSessionSeconds: TimeInterval = 3_600
    /// How long an authorization code may wait to be redeemed.
    static let authorizationCodeSeconds: TimeInterval = 300
    static let authorizationCodeKind = "AUTHORIZATION_CODE"
    static let ssoSessionKind = "SSO_SESSION"

    /// Signs in with a username and password typed on the sign-in page.
    public func loginWithPassword(_ request: AuthorizeRequest, username: String, password: String, context: RequestOrigin) async throws
        -> LoginStep
    {
        let step = try await startSignIn(
            flow: .userPasswordAuth, parameters: ["USERNAME": username, "PASSWORD": password], clientId: request.clientId, poolId: nil,
            context: context, managedLogin: true)
        return try await loginStep(step, request: request)
    }

    /// Answers the challenge a page showed.
    public func loginAnswer(
        _ request: AuthorizeRequest, challenge: ChallengeNameType, responses: [String: String], session: String, context: RequestOrigin
    ) async throws -> LoginStep {
        let step = try await answer(
            challenge, responses: responses, session: session, clientId: request.clientId, poolId: nil, context: context, managedLogin: true)
        return try await loginStep(step, request: request)
    }

    /// MFA_SETUP from the pages: the authenticator's first code verifies the secret the
    /// page showed, and the sign-in completes.
    public func loginVerifyAuthenticator(_ request: AuthorizeRequest, session: String, code: String, context: RequestOrigin) async throws
        -> LoginStep
    {
        let verified = try await verifySoftwareToken(VerifySoftwareTokenRequest(session: session, userCode: code))
        guard let next = verified.session else { throw CognitoError.notAuthorized("Invalid session for the user.") }
        return try await loginAnswer(request, challenge: .mfaSetup, responses: [:], session: next, context: context)
    }

    /// The SECRET_HASH the pages send with sign-up, confirmation and password reset, which
    /// they make themselves as the app's own sign-in pages; nil for a client without a secret.
    public func managedLoginSecretHash(clientId: String, username: String) async throws -> String? {
        let client = try await read { reader in try await reader.client(id: clientId) }
        return client?.clientSecret.map { Self.secretHash(username: username, clientId: clientId, clientSecret: $0) }
    }

    /// The redirect for a browser that already has a live single sign-on session for the
    /// request's pool; nil when it has none (the form is shown).
    public func loginWithSSOSession(_ request: AuthorizeRequest, session handle: String?, context: RequestOrigin) async throws -> String? {
        guard let handle, !handle.isEmpty else { return nil }
        let found = try await read { reader -> (AuthSessionRecord, UserRecord, StoredPool)? in
            guard let session = try await reader.authSession(hash: Self.tokenHash(handle)), session.challenge == Self.ssoSessionKind,
                !session.used, clock.now < session.expires, let user = try await reader.user(id: session.userId), user.enabled,
                let pool = try await reader.pool(id: request.poolId), pool.key == session.poolKey
            else { return nil }
            return (session, user, pool)
        }
        guard let (session, user, _) = found else { return nil }
        let signedIn = ManagedSignIn(
            user: user, authTime: session.state.oauth?.authTime ?? session.created,
            eventId: context.requestId ?? Identifiers.uuidV4())
        return try await authorizationRedirect(request, signedIn: signedIn)
    }

    /// Ends a single sign-on session (/logout).
    public func endSSOSession(_ handle: String?) async throws {
        guard let handle, !handle.isEmpty else { return }
        try await write { writer in
            guard let session = try await writer.authSession(hash: Self.tokenHash(handle)), session.challenge == Self.ssoSessionKind else { return }
            try await writer.markAuthSessionUsed(hash: session.handleHash)
        }
    }

    private func loginStep(_ step: AuthStep, request: AuthorizeRequest) async throws -> LoginStep {
        try await sendPendingMessage(step, metadata: nil)
        if let signedIn = step.signedIn {
            try await postAuthentication(step, clientId: request.clientId, metadata: nil)
            let redirect = try await authorizationRedirect(request, signedIn: signedIn)
            let sso = try await openSSOSession(signedIn, poolId: request.poolId)
            return .signedIn(redirect: redirect, ssoSession: sso)
        }
        guard let name = step.challengeName, let session = step.session else {
            throw CognitoError.notAuthorized("The sign-in did not finish.")
        }
        return .challenge(name, session: session, parameters: step.challengeParameters)
    }

    private func openSSOSession(_ signedIn: ManagedSignIn, poolId: String) async throws -> String {
        let handle = Base64URL.encode(SecureRandom.bytes(48))
        let now = clock.now
        try await write { writer in
            let pool = try await requirePool(poolId, in: writer)
            var state = AuthSessionState()
            state.oauth = OAuthGrant(authTime: signedIn.authTime, eventId: signedIn.eventId)
            try await writer.insertAuthSession(
                AuthSessionRecord(
                    handleHash: Self.tokenHash(handle), poolKey: pool.key, userId: signedIn.user.id ?? 0, clientId: "",
                    challenge: Self.ssoSessionKind, state: state, created: now, expires: now.addingTimeInterval(Self.ssoSessionSeconds)))
        }
        return handle
    }

    /// The app's redirect URI with an authorization code, or for the implicit grant with
    /// the tokens in the fragment; `state` goes back as it came.
    func authorizationRedirect(_ request: AuthorizeRequest, signedIn: ManagedSignIn) async throws -> String {
        let now = clock.now
        switch request.responseType {
        case .code:
            let code = Identifiers.uuidV4()
            try await write { writer in
                let pool = try await requirePool(request.poolId, in: writer)
                var state = AuthSessionState()
                state.oauth = OAuthGrant(
                    redirectUri: request.redirectUri, scopes: request.scopes, nonce: request.nonce, codeChallenge: request.codeChallenge,
                    authTime: signedIn.authTime, eventId: signedIn.eventId)
                try await writer.insertAuthSession(
                    AuthSessionRecord(
                        handleHash: Self.tokenHash(code), poolKey: pool.key, userId: signedIn.user.id ?? 0, clientId: request.clientId,
                        challenge: Self.authorizationCodeKind, state: state, created: now,
                        expires: now.addingTimeInterval(Self.authorizationCodeSeconds)))
            }
            return Self.appending([("code", code)] + (request.state.map { [("state", $0)] } ?? []), to: request.redirectUri)
        case .token:
            let (pool, client) = try await read { reader in try await requireClient(request.clientId, in: reader) }
            var grant = TokenGrant(
                user: signedIn.user, pool: pool, client: client, authTime: signedIn.authTime, originJti: Identifiers.uuidV4(),
                eventId: signedIn.eventId, withRefreshToken: false, scopes: request.scopes, nonce: request.nonce)
            try await preTokenGeneration(&grant, source: "TokenGeneration_HostedAuth", metadata: nil)
            let issued = grant
            let result = try await write { writer in try await issueTokens(issued, writer: writer) }
            var fields: [(String, String)] = []
            if let id = result.idToken { fields.append(("id_token", id)) }
            fields += [("access_token", result.accessToken ?? ""), ("token_type", "Bearer"), ("expires_in", String(result.expiresIn ?? 3_600))]
            if let state = request.state { fields.append(("state", state)) }
            return request.redirectUri + "#" + Self.formEncoded(fields)
        }
    }

    /// `url` with `fields` added to its query.
    public static func appending(_ fields: [(String, String)], to url: String) -> String {
        let base = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
        return base + (base.contains("?") ? "&" : "?") + formEncoded(fields)
    }

    /// `name=value&…`, each part percent-encoded for a URL's query or fragment.
    public static func formEncoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(Self.queryEscaped($0.0))=\(Self.queryEscaped($0.1))" }.joined(separator: "&")
    }

    static let queryAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func queryEscaped(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? "" }
}

extension Engine {
    /// Whether `url` is one of the client's sign-out URLs (LogoutURLs), exactly.
    public func isLogoutURL(_ url: String, clientId: String) async throws -> Bool {
        let client = try await read { reader in try await reader.client(id: clientId) }
        return client?.logoutURLs?.contains(url) ?? false
    }
}
