import Foundation
import SigilCrypto
import SigilJSON

/// A login from a `Logins` map, checked: who the provider says the user is, the key its
/// role mappings are stored under, and the token's claims.
struct VerifiedLogin: Sendable, Equatable {
    var login: IdentityLogin
    var mappingKey: String
    var claims: [String: JSONValue]
    /// For a developer token (from GetOpenIdTokenForDeveloperIdentity): the identity it
    /// was issued for, which it names directly.
    var identityId: String?
}

/// The tokens in `Logins` are checked as Cognito checks them: the provider must be one
/// the identity pool trusts, and the token signed by it, issued by it, for one of the
/// pool's clients, and unexpired (with five minutes' grace).
extension Engine {
    static let loginsDontMatch = CognitoError.notAuthorized(
        "Logins don't match. Please include at least one valid login for this identity or identity pool.")
    static let unsupportedProvider = CognitoError.notAuthorized("Token is not from a supported provider of this identity pool.")
    /// The clock skew tolerated on login tokens.
    static let loginLeeway: TimeInterval = 300

    func verifyLogins(_ logins: [String: String], pool: StoredIdentityPool, reader: any DirectoryReader) async throws -> [VerifiedLogin] {
        try await logins.sorted { $0.key < $1.key }.asyncMap { provider, token in
            if let userPool = UserPoolProvider(provider) {
                return try await verifyUserPoolLogin(userPool, token: token, pool: pool, reader: reader)
            }
            if provider == Self.developerLoginKey { return try await verifyDeveloperToken(token, pool: pool, reader: reader) }
            if Self.accessTokenProviders.contains(provider), let appIds = pool.pool.supportedLoginProviders?[provider] {
                return try await verifyAccessTokenLogin(provider, token: token, appIds: appIds)
            }
            return try await verifyOpenIDLogin(provider, token: token, pool: pool, reader: reader)
        }
    }

    /// An ID token of one of Sigil's user pools, for a client the identity pool lists.
    private func verifyUserPoolLogin(_ provider: UserPoolProvider, token: String, pool: StoredIdentityPool, reader: any DirectoryReader) async throws
        -> VerifiedLogin
    {
        let configured = (pool.pool.cognitoIdentityProviders ?? []).filter { $0.providerName == provider.name }
        guard !configured.isEmpty else { throw Self.unsupportedProvider }
        guard let decoded = try? JWT.decode(token) else {
            throw CognitoError.notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.")
        }
        let claims = decoded.claims
        let issuer = claims["iss"]?.stringValue
        guard issuer == self.issuer(poolId: provider.poolId) || issuer == "https://" + provider.name else {
            throw CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")
        }
        guard claims["aud"] != nil else { throw CognitoError.notAuthorized("Invalid login token. Missing a required claim: aud") }
        let unverifiable = CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token.")
        guard let stored = try await reader.pool(id: provider.poolId), let keys = try await existingPoolKeys(stored, reader: reader) else {
            throw unverifiable
        }
        let now = clock.now
        do {
            _ = try JWTValidator(keys: keys.verification, leeway: Self.loginLeeway).validate(token, now: now)
        } catch JWTError.expired {
            throw CognitoError.notAuthorized(
                "Invalid login token. Token expired: \(Int(now.timeIntervalSince1970)) >= \(claims["exp"]?.intValue ?? 0)")
        } catch {
            throw unverifiable
        }
        let audience = claims["aud"]?.stringValue ?? ""
        guard let client = configured.first(where: { $0.clientId == audience }) else { throw Self.unsupportedProvider }
        guard let sub = claims["sub"]?.stringValue else { throw CognitoError.notAuthorized("Invalid login token. Missing a required claim: sub") }
        if client.serverSideTokenCheck == true {
            // The user must still exist, be enabled and not be signed out.
            let users = try await reader.users(poolKey: stored.key, column: .sub, equalTo: sub, limit: 1)
            let revoked = try await claims["origin_jti"]?.stringValue.asyncMap { try await reader.isRevoked(originJti: $0) } ?? false
            guard let user = users.first, user.enabled, !revoked else {
                throw CognitoError.notAuthorized("Invalid login token. The token was revoked or its user no longer exists.")
            }
        }
        return VerifiedLogin(
            login: IdentityLogin(provider: provider.name, subject: sub), mappingKey: provider.name + ":" + audience, claims: claims)
    }

    /// A token from GetOpenIdTokenForDeveloperIdentity of this pool, unexpired.
    private func verifyDeveloperToken(_ token: String, pool: StoredIdentityPool, reader: any DirectoryReader) async throws -> VerifiedLogin {
        guard let developer = pool.pool.developerProviderName else { throw Self.unsupportedProvider }
        let unverifiable = CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token.")
        guard let keys = try await existingIdentityKeys(reader: reader) else { throw unverifiable }
        let claims: [String: JSONValue]
        do {
            claims = try JWTValidator(keys: keys.verification, issuer: identityIssuer, leeway: Self.loginLeeway).validate(token, now: clock.now)
        } catch JWTError.expired {
            throw CognitoError.notAuthorized("Invalid login token. Token expired.")
        } catch {
            throw unverifiable
        }
        guard claims["aud"]?.stringValue == pool.id, let identityId = claims["sub"]?.stringValue else { throw Self.unsupportedProvider }
        // Only GetOpenIdTokenForDeveloperIdentity's tokens count: a guest's GetOpenIdToken
        // token from the same issuer must not open the authenticated role.
        let amr = claims["amr"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard amr.contains("authenticated"), amr.contains(Self.developerMarker(poolId: pool.id, provider: developer)) else {
            throw CognitoError.notAuthorized("Invalid login token. It is not a developer-authenticated identity's token.")
        }
        return VerifiedLogin(
            login: IdentityLogin(provider: Self.developerLoginKey, subject: identityId), mappingKey: developer, claims: claims, identityId: identityId
        )
    }

    /// Social providers whose logins are OpenID Connect ID tokens, by Logins key.
    static let socialIssuers = ["accounts.google.com": "https://accounts.google.com", "appleid.apple.com": "https://appleid.apple.com"]

    /// An ID token from Google or Apple (for the app id the pool lists), or from an OpenID
    /// Connect provider the pool trusts (by its ARN, registered with its client ids; the key
    /// is the issuer without `https://`), checked against the keys the issuer publishes.
    /// The issuer a provider's tokens must come from and the audiences they may name.
    private func openIDIssuer(_ provider: String, pool: StoredIdentityPool, reader: any DirectoryReader) async throws -> (
        issuer: String, audiences: [String]
    ) {
        if let social = Self.socialIssuers[provider] {
            guard let appIds = pool.pool.supportedLoginProviders?[provider] else { throw Self.unsupportedProvider }
            return (social, appIds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if (pool.pool.samlProviderARNs ?? []).contains(provider) {
            throw CognitoError.notAuthorized("Invalid login token. Sigil can't verify SAML assertions (\(provider)).")
        }
        if (pool.pool.supportedLoginProviders ?? [:])[provider] != nil {
            throw CognitoError.notAuthorized("Invalid login token. Sigil can't verify \(provider) logins.")
        }
        guard let arn = (pool.pool.openIdConnectProviderARNs ?? []).first(where: { $0.hasSuffix(":oidc-provider/" + provider) }) else {
            throw Self.unsupportedProvider
        }
        guard let registered = try await reader.oidcProvider(arn: arn) else {
            throw CognitoError.notAuthorized("Invalid login token. The OpenID Connect provider \(arn) is not registered (sigil oidc-provider add).")
        }
        return (registered.url, registered.clientIds)
    }

    /// An outside token, decoded and checked for issuer and audience (before any key is
    /// fetched, so a token that can't be right costs nothing).
    private func outsideToken(_ token: String, issuer: String, audiences: [String]) throws -> DecodedJWT {
        guard let decoded = try? JWT.decode(token) else {
            throw CognitoError.notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.")
        }
        let claims = decoded.claims
        func trimmed(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
        let claimed = trimmed(claims["iss"]?.stringValue ?? "")
        guard claimed == trimmed(issuer) || "https://" + claimed == trimmed(issuer) else {
            throw CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")
        }
        guard RoleResolver.strings(claims["aud"]).contains(where: audiences.contains) else { throw Self.unsupportedProvider }
        return decoded
    }

    /// Fetches (into the key source's cache) the keys outside logins will need, before the
    /// caller opens a transaction: a slow or failing issuer then holds up only this request.
    func prefetchOutsideKeys(_ logins: [String: String]?, poolId: String? = nil, identityId: String? = nil) async {
        guard let logins, logins.keys.contains(where: { UserPoolProvider($0) == nil && $0 != Self.developerLoginKey }) else { return }
        let pool = try? await read { reader -> StoredIdentityPool? in
            if let poolId { return try await reader.identityPool(id: poolId) }
            guard let identityId, let identity = try await reader.identity(id: identityId) else { return nil }
            return try await reader.identityPool(key: identity.poolKey)
        }
        if let pool = pool ?? nil { await prefetchOutsideKeys(logins, pool: pool) }
    }

    private func prefetchOutsideKeys(_ logins: [String: String], pool: StoredIdentityPool) async {
        for (provider, token) in logins where Self.accessTokenProviders.contains(provider) && pool.pool.supportedLoginProviders?[provider] != nil {
            await prefetchAccessTokenLogin(provider, token: token)
        }
        guard let source = configuration.openIDKeys else { return }
        for (provider, token) in logins where UserPoolProvider(provider) == nil && provider != Self.developerLoginKey {
            guard let (issuer, audiences) = try? await read({ reader in try await openIDIssuer(provider, pool: pool, reader: reader) }),
                let decoded = try? outsideToken(token, issuer: issuer, audiences: audiences)
            else { continue }
            _ = try? await source.keys(issuer: issuer, kid: decoded.header["kid"]?.stringValue)
        }
    }

    private func verifyOpenIDLogin(_ provider: String, token: String, pool: StoredIdentityPool, reader: any DirectoryReader) async throws
        -> VerifiedLogin
    {
        let (issuer, audiences) = try await openIDIssuer(provider, pool: pool, reader: reader)
        let decoded = try outsideToken(token, issuer: issuer, audiences: audiences)
        let claims = decoded.claims
        guard let source = configuration.openIDKeys else {
            throw CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token: Sigil has no way to fetch \(issuer)'s keys.")
        }
        let keys: [String: RSAKey]
        do {
            keys = try await source.keys(issuer: issuer, kid: decoded.header["kid"]?.stringValue)
        } catch {
            throw CognitoError(.externalServiceException, "Could not fetch the signing keys of \(issuer): \(error)")
        }
        let now = clock.now
        do {
            _ = try JWTValidator(keys: keys, leeway: Self.loginLeeway).validate(token, now: now)
        } catch JWTError.expired {
            throw CognitoError.notAuthorized(
                "Invalid login token. Token expired: \(Int(now.timeIntervalSince1970)) >= \(claims["exp"]?.intValue ?? 0)")
        } catch {
            throw CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token.")
        }
        guard let sub = claims["sub"]?.stringValue else { throw CognitoError.notAuthorized("Invalid login token. Missing a required claim: sub") }
        return VerifiedLogin(login: IdentityLogin(provider: provider, subject: sub), mappingKey: provider, claims: claims)
    }
}
