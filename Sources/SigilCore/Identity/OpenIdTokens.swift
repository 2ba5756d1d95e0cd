import Foundation
import SigilCrypto
import SigilJSON
import Synchronization

/// The key of Sigil's identity token issuer, parsed once.
struct IdentityKeys: Sendable {
    var kid: String
    var key: RSAKey
    var verification: [String: RSAKey]
    var jwks: [JSONValue]
}

/// GetOpenIdToken and GetOpenIdTokenForDeveloperIdentity: OpenID Connect tokens from
/// Sigil's identity issuer (Cognito's is `https://cognito-identity.amazonaws.com`), for
/// the basic flow (AssumeRoleWithWebIdentity) and developer-authenticated identities.
extension Engine {
    /// The `Logins` key developer tokens are sent under, as with Cognito.
    public static let developerLoginKey = "cognito-identity.amazonaws.com"
    static let openIdTokenLifetime = 600
    static let developerTokenLifetime = 900

    /// `<endpoint>/_sigil/identity`, where the discovery document and JWKS are served.
    public var identityIssuer: String { configuration.endpoint + "/_sigil/identity" }

    func identityKeys(writer: any DirectoryWriter) async throws -> IdentityKeys {
        var records = try await writer.identitySigningKeys()
        if records.isEmpty {
            let record = try makeSigningKey(.id)
            try await writer.insertIdentitySigningKey(record)
            records = [record]
        }
        return try parseIdentityKeys(records)
    }

    func existingIdentityKeys(reader: any DirectoryReader) async throws -> IdentityKeys? {
        let records = try await reader.identitySigningKeys()
        return records.isEmpty ? nil : try parseIdentityKeys(records)
    }

    /// The issuer's keys, read from the store each time (parsed once per key id).
    private func parseIdentityKeys(_ records: [SigningKeyRecord]) throws -> IdentityKeys {
        var verification: [String: RSAKey] = [:]
        var jwks: [JSONValue] = []
        for record in records {
            let parsed = try keyCache.parsed(record, needsPrivate: false, open: openSigningKey)
            verification[record.kid] = parsed.publicKey
            jwks.append(parsed.jwk)
        }
        guard let newest = records.last else { throw CognitoError.internalError("The identity issuer has no key") }
        let signing = try keyCache.parsed(newest, needsPrivate: true, open: openSigningKey)
        guard let key = signing.privateKey else { throw CognitoError.internalError("The identity issuer's key does not open") }
        return IdentityKeys(kid: newest.kid, key: key, verification: verification, jwks: jwks)
    }

    /// The identity issuer's JSON Web Key Set.
    public func identityJWKS() async throws -> JSONValue {
        let keys = try await write { writer in try await identityKeys(writer: writer) }
        return .object(["keys": .array(keys.jwks)])
    }

    /// A signed token for an identity: `sub` the identity, `aud` its pool.
    func openIdToken(
        identityId: String, poolId: String, amr: [String], lifetime: Int, principalTags: [String: String] = [:], writer: any DirectoryWriter
    )
        async throws -> String
    {
        let keys = try await identityKeys(writer: writer)
        let now = Int(clock.now.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": .string(identityIssuer), "sub": .string(identityId), "aud": .string(poolId), "amr": .array(amr.map(JSONValue.string)),
            "iat": .int(now), "exp": .int(now + lifetime),
            "https://cognito-identity.amazonaws.com/identity-pool-arn":
                .string("arn:aws:cognito-identity:\(configuration.region):\(configuration.accountId):identitypool/\(poolId)"),
        ]
        if !principalTags.isEmpty {
            claims["https://aws.amazon.com/tags"] = .object([
                "principal_tags": .object(principalTags.mapValues { .array([.string($0)]) })
            ])
        }
        return try JWT.sign(claims: claims, kid: keys.kid, key: keys.key)
    }

    public func getOpenIdToken(_ request: GetOpenIdTokenInput) async throws -> GetOpenIdTokenResponse {
        try identityValidator.validate(request, operation: .getOpenIdToken)
        await prefetchOutsideKeys(request.logins, identityId: request.identityId)
        return try await write { writer in
            var (identity, pool) = try await requireIdentity(request.identityId, in: writer)
            if pool.pool.allowClassicFlow == false {
                throw CognitoError.invalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.")
            }
            if !pool.settings.roleMappings.isEmpty {
                throw CognitoError.invalidParameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.")
            }
            let signedIn = try await checkedLogins(request.logins ?? [:], identity: &identity, pool: pool, writer: writer)
            let token = try await openIdToken(
                identityId: identity.id, poolId: pool.id, amr: amr(signedIn), lifetime: Self.openIdTokenLifetime, writer: writer)
            return GetOpenIdTokenResponse(identityId: identity.id, token: token)
        }
    }

    /// The `amr` of a session: how the identity signed in.
    func amr(_ signedIn: VerifiedLogin?) -> [String] {
        guard let login = signedIn else { return ["unauthenticated"] }
        if login.login.provider == Self.developerLoginKey { return login.claims["amr"]?.arrayValue?.compactMap(\.stringValue) ?? ["authenticated"] }
        let detail = UserPoolProvider(login.login.provider) != nil ? "CognitoSignIn:\(login.login.subject)" : login.login.subject
        return ["authenticated", login.login.provider, "\(login.login.provider):\(detail)"]
    }

    /// The logins a request for `identity` brings, checked the way GetCredentialsForIdentity
    /// and GetOpenIdToken check them: a guest needs none (in a pool that allows guests); an
    /// identity with linked logins needs one of them; new logins are linked to it.
    func checkedLogins(_ logins: [String: String], identity: inout IdentityRecord, pool: StoredIdentityPool, writer: any DirectoryWriter) async throws
        -> VerifiedLogin?
    {
        let linked = await Set(try writer.logins(identityId: identity.id))
        // An identity whose last login was unlinked can't be used again.
        if identity.authenticated && linked.isEmpty { throw CognitoError.notAuthorized("Access to Identity '\(identity.id)' is forbidden.") }
        guard !logins.isEmpty else {
            guard linked.isEmpty else { throw CognitoError.notAuthorized("Access to Identity '\(identity.id)' is forbidden.") }
            guard pool.pool.allowUnauthenticatedIdentities else {
                throw CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.")
            }
            return nil
        }
        let verified = try await verifyLogins(logins, pool: pool, reader: writer)
        for login in verified {
            if let subject = login.identityId {
                guard subject == identity.id else { throw Self.loginsDontMatch }
            } else if let owner = try await writer.identityId(poolKey: pool.key, login: login.login), owner != identity.id {
                throw Self.loginsDontMatch
            }
        }
        let proves = verified.contains { $0.identityId == identity.id || linked.contains($0.login) }
        if !linked.isEmpty, !proves { throw Self.loginsDontMatch }
        identity = try await linkedIdentity(verified, pool: pool, into: identity, writer: writer)
        return verified.first { $0.identityId == nil } ?? verified.first
    }
}
