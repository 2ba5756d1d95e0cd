import Foundation
import SigilCrypto
import SigilJSON

/// The client credentials grant: a confidential app client trades its id and secret for an
/// access token carrying custom scopes, with no user behind it (machine to machine).
extension Engine {
    /// An access token for the client. `scope` is the space-separated list asked for; left
    /// out, the client gets every custom scope it is allowed. Scopes a resource server no
    /// longer offers are left out of the token, as Cognito does.
    public func clientCredentialsToken(clientId: String, clientSecret: String?, scope: String?) async throws -> OAuthTokens {
        let now = clock.now
        let (pool, client, granted, known) = try await read { reader in
            let (pool, client) = try await tokenEndpointClient(clientId, secret: clientSecret, in: reader)
            // The grant is for confidential clients only.
            guard client.clientSecret != nil else { throw OAuthError(.invalidClient) }
            guard client.allowedOAuthFlowsUserPoolClient == true, client.allowedOAuthFlows?.contains(.clientCredentials) == true else {
                throw OAuthError(.unauthorizedClient)
            }
            let offered = try await customScopes(poolKey: pool.key, in: reader)
            let allowed = (client.allowedOAuthScopes ?? []).filter(offered.contains)
            let asked = scope.map { $0.split(separator: " ").map(String.init) }
            if let asked, asked.contains(where: { !(client.allowedOAuthScopes ?? []).contains($0) }) { throw OAuthError(.invalidScope) }
            let granted = asked.map { $0.filter(offered.contains) } ?? allowed
            guard !granted.isEmpty else { throw OAuthError(.invalidScope) }
            return (pool, client, granted, try await existingPoolKeys(pool, reader: reader))
        }
        let keys: PoolKeys
        if let known {
            keys = known
        } else {
            keys = try await write { writer in try await ensurePoolKeys(pool, writer: writer) }
        }
        let iat = Int(now.timeIntervalSince1970)
        let lifetime = AppClientSettings.lifetimes(of: client).access
        var scopes = granted
        let overrides = try await clientCredentialsOverrides(pool: pool, clientId: clientId, scopes: granted)
        if let overrides {
            scopes = scopes.filter { !overrides.scopesSuppressed.contains($0) }
            scopes += overrides.scopesAdded.filter { !scopes.contains($0) && !overrides.scopesSuppressed.contains($0) }
        }
        var claims: [String: JSONValue] = [
            "sub": .string(clientId), "token_use": "access", "scope": .string(scopes.joined(separator: " ")), "auth_time": .int(iat),
            "iss": .string(issuer(poolId: pool.id)), "exp": .int(iat + lifetime), "iat": .int(iat), "version": 2,
            "jti": .string(Identifiers.uuidV4()), "client_id": .string(clientId),
        ]
        if let overrides { TokenOverrides.apply(overrides.accessClaims, overrides.accessSuppressed, to: &claims) }
        let token = try await BlockingWork.run { try JWT.sign(claims: claims, kid: keys.accessKid, key: keys.accessKey) }
        return OAuthTokens(accessToken: token, expiresIn: lifetime)
    }
}

extension Engine {
    /// PreTokenGeneration for a machine-to-machine token (`TokenGeneration_ClientCredentials`):
    /// only a version 3 trigger is asked, and only the access token's claims and scopes
    /// can change. The event has no user.
    func clientCredentialsOverrides(pool: StoredPool, clientId: String, scopes: [String]) async throws -> TokenOverrides? {
        guard let (arn, version) = preTokenTrigger(pool), version == 3 else { return nil }
        let request: [String: JSONValue] = [
            "userAttributes": [:], "scopes": .array(scopes.map(JSONValue.string)),
            "groupConfiguration": ["groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": .null],
        ]
        var event = triggerEvent(
            "TokenGeneration_ClientCredentials", pool: pool, username: "", clientId: clientId, request: request,
            response: ["claimsAndScopeOverrideDetails": .null], version: "3")
        if case .object(var fields) = event {
            fields["userName"] = nil
            event = .object(fields)
        }
        let response = try await runTrigger("PreTokenGeneration", arn: arn, event: event)
        return try Self.tokenOverrides(response["claimsAndScopeOverrideDetails"], version: 3)
    }
}
