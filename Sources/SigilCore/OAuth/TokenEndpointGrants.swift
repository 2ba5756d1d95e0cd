import Foundation
import SigilCrypto

/// What the token endpoint checks for every grant, and the refresh token grant.
extension Engine {
    /// The client and its pool, once the client has shown its secret (if it has one) and
    /// the pool has a domain to serve the endpoint.
    func tokenEndpointClient(_ clientId: String, secret: String?, in reader: any DirectoryReader) async throws -> (
        pool: StoredPool, client: UserPoolClientType
    ) {
        guard let client = try await reader.client(id: clientId), let poolId = client.userPoolId, let pool = try await reader.pool(id: poolId) else {
            throw OAuthError(.invalidClient)
        }
        switch (client.clientSecret, secret) {
        case (let expected?, let given?) where constantTimeEquals(Array(expected.utf8), Array(given.utf8)): break
        case (nil, nil): break
        default: throw OAuthError(.invalidClient)
        }
        guard try await !reader.domains(poolKey: pool.key).isEmpty else {
            throw OAuthError(.invalidRequest, "The user pool \(poolId) has no domain; create one with CreateUserPoolDomain.")
        }
        return (pool, client)
    }

    /// New ID and access tokens for a refresh token, as REFRESH_TOKEN_AUTH gives them (the
    /// same sign-in; a new refresh token only when the client rotates them).
    public func refreshTokenGrant(clientId: String, clientSecret: String?, refreshToken: String, context: RequestOrigin) async throws
        -> OAuthTokens
    {
        let (pool, client) = try await read { reader in try await tokenEndpointClient(clientId, secret: clientSecret, in: reader) }
        let step: AuthStep
        do {
            step = try await finishTokens(
                try await refreshSignIn(["REFRESH_TOKEN": refreshToken], pool: pool, client: client, context: context, secretVerified: true),
                metadata: nil)
        } catch let error as CognitoError where error.name == .notAuthorizedException {
            throw OAuthError(.invalidGrant)
        }
        guard let result = step.result, let access = result.accessToken else { throw OAuthError(.invalidGrant) }
        return OAuthTokens(accessToken: access, idToken: result.idToken, refreshToken: result.refreshToken, expiresIn: result.expiresIn ?? 3_600)
    }
}

/// The authorization code grant: a code from managed login, for the client it was issued
/// to, at the redirect URI it was sent to, with the PKCE verifier when the app sent a
/// challenge. A code is spent by its first redemption, right or wrong.
extension Engine {
    public func authorizationCodeGrant(
        clientId: String, clientSecret: String?, code: String, redirectUri: String?, codeVerifier: String?, context: RequestOrigin
    ) async throws -> OAuthTokens {
        let outcome = try await write { writer -> Result<TokenGrant, OAuthError> in
            let (pool, client) = try await tokenEndpointClient(clientId, secret: clientSecret, in: writer)
            guard client.allowedOAuthFlowsUserPoolClient == true, client.allowedOAuthFlows?.contains(.code) == true else {
                return .failure(OAuthError(.unauthorizedClient))
            }
            guard let session = try await writer.authSession(hash: Self.tokenHash(code)), session.challenge == Self.authorizationCodeKind,
                session.clientId == clientId, session.poolKey == pool.key, let grant = session.state.oauth
            else { return .failure(OAuthError(.invalidGrant)) }
            if session.used || clock.now >= session.expires { return .failure(OAuthError(.invalidGrant)) }
            try await spend(session, writer: writer)
            guard let redirectUri, redirectUri == grant.redirectUri else { return .failure(OAuthError(.invalidGrant)) }
            if let challenge = grant.codeChallenge {
                guard let codeVerifier, !codeVerifier.isEmpty else { return .failure(OAuthError(.invalidRequest, "code_verifier is missing.")) }
                let computed = Base64URL.encode(SHA256.hash(Array(codeVerifier.utf8)))
                guard constantTimeEquals(computed, challenge) else { return .failure(OAuthError(.invalidGrant)) }
            }
            guard let user = try await writer.user(id: session.userId), user.enabled else { return .failure(OAuthError(.invalidGrant)) }
            return .success(
                TokenGrant(
                    user: user, pool: pool, client: client, authTime: grant.authTime ?? session.created, originJti: Identifiers.uuidV4(),
                    eventId: grant.eventId ?? context.requestId ?? Identifiers.uuidV4(), withRefreshToken: true, scopes: grant.scopes ?? [],
                    nonce: grant.nonce))
        }
        var grant = try outcome.get()
        try await preTokenGeneration(&grant, source: "TokenGeneration_HostedAuth", metadata: nil)
        let issued = grant
        let result = try await write { writer in try await issueTokens(issued, writer: writer) }
        return OAuthTokens(
            accessToken: result.accessToken ?? "", idToken: result.idToken, refreshToken: result.refreshToken, expiresIn: result.expiresIn ?? 3_600)
    }
}
