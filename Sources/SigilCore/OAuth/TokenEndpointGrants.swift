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
            step = try await refreshSignIn(["REFRESH_TOKEN": refreshToken], pool: pool, client: client, context: context, secretVerified: true)
        } catch let error as CognitoError where error.name == .notAuthorizedException {
            throw OAuthError(.invalidGrant)
        }
        guard let result = step.result, let access = result.accessToken else { throw OAuthError(.invalidGrant) }
        return OAuthTokens(accessToken: access, idToken: result.idToken, refreshToken: result.refreshToken, expiresIn: result.expiresIn ?? 3_600)
    }
}
