import Foundation
import SigilCrypto
import SigilJSON

/// ID, access and refresh tokens with Cognito's claims.
extension Engine {
    /// The sign-in a set of tokens belongs to.
    struct TokenGrant {
        var user: UserRecord
        var pool: StoredPool
        var client: UserPoolClientType
        var authTime: Date
        /// Kept from the original sign-in on refresh; new otherwise.
        var originJti: String
        var eventId: String
        var withRefreshToken: Bool
        /// The tracked device the sign-in came from.
        var deviceKey: String? = nil
        /// Managed login: the OAuth scopes granted (nil for the API's sign-ins), and the
        /// `nonce` the app sent to /oauth2/authorize.
        var scopes: [String]? = nil
        var nonce: String? = nil
        /// What a PreTokenGeneration handler changed.
        var overrides: TokenOverrides? = nil
    }

    /// Signs the tokens for `grant` and stores the refresh token's hash.
    func issueTokens(_ grant: TokenGrant, writer: any DirectoryWriter) async throws -> AuthenticationResultType {
        let now = clock.now
        let keys = try await ensurePoolKeys(grant.pool, writer: writer)
        let lifetimes = AppClientSettings.lifetimes(of: grant.client)
        var groups = try await writer.groups(userId: grant.user.id ?? 0, after: nil, limit: Self.maxGroupsPerUser)
            .sorted { ($0.precedence ?? Int.max, $0.groupName ?? "") < ($1.precedence ?? Int.max, $1.groupName ?? "") }
        if let names = grant.overrides?.groups { groups = names.map { GroupType(groupName: $0) } }
        let iat = Int(now.timeIntervalSince1970)
        var common: [String: JSONValue] = [
            "sub": .string(grant.user.sub),
            "iss": .string(issuer(poolId: grant.pool.id)),
            "origin_jti": .string(grant.originJti),
            "event_id": .string(grant.eventId),
            "auth_time": .int(Int(grant.authTime.timeIntervalSince1970)),
            "iat": .int(iat),
        ]
        if !groups.isEmpty {
            common["cognito:groups"] = .array(groups.compactMap(\.groupName).map(JSONValue.string))
        }

        var access = common
        access["client_id"] = .string(grant.client.clientId ?? "")
        access["token_use"] = "access"
        var scopes = grant.scopes ?? [Self.adminScope]
        if let overrides = grant.overrides {
            scopes = (scopes + overrides.scopesAdded.filter { !scopes.contains($0) }).filter { !overrides.scopesSuppressed.contains($0) }
        }
        access["scope"] = .string(scopes.joined(separator: " "))
        if grant.scopes != nil { access["version"] = 2 }
        access["exp"] = .int(iat + lifetimes.access)
        access["jti"] = .string(Identifiers.uuidV4())
        access["username"] = .string(grant.user.username)
        if let deviceKey = grant.deviceKey { access["device_key"] = .string(deviceKey) }
        if let overrides = grant.overrides { TokenOverrides.apply(overrides.accessClaims, overrides.accessSuppressed, to: &access) }

        let accessToken = try JWT.sign(claims: access, kid: keys.accessKid, key: keys.accessKey)
        var result = AuthenticationResultType(accessToken: accessToken, expiresIn: lifetimes.access, tokenType: "Bearer")

        if grant.scopes?.contains("openid") ?? true {
            result.idToken = try idToken(grant, common: common, groups: groups, accessToken: accessToken, expires: iat + lifetimes.id, keys: keys)
        }
        if grant.withRefreshToken, let userId = grant.user.id {
            let token = Base64URL.encode(SecureRandom.bytes(96))
            try await writer.insertRefreshToken(
                RefreshTokenRecord(
                    tokenHash: Self.tokenHash(token), poolKey: grant.pool.key, userId: userId, clientId: grant.client.clientId ?? "",
                    originJti: grant.originJti, authTime: grant.authTime, issued: now,
                    expires: now.addingTimeInterval(TimeInterval(lifetimes.refresh)), deviceKey: grant.deviceKey, scopes: grant.scopes))
            result.refreshToken = token
        }
        return result
    }

    /// The ID token: the user's readable attributes (only those the OAuth scopes allow, for
    /// managed login, with the app's `nonce` and the access token's hash).
    private func idToken(
        _ grant: TokenGrant, common: [String: JSONValue], groups: [GroupType], accessToken: String, expires: Int, keys: PoolKeys
    ) throws -> String {
        var id = common
        var attributes = idTokenAttributes(grant.user, pool: grant.pool.pool, client: grant.client)
        if let scopes = grant.scopes { attributes = attributes.filter { Self.scopesAllow($0.key, scopes: scopes) } }
        for (name, value) in attributes { id[name] = value }
        if grant.scopes != nil {
            if let nonce = grant.nonce { id["nonce"] = .string(nonce) }
            id["at_hash"] = .string(Base64URL.encode(Array(SHA256.hash(Array(accessToken.utf8)).prefix(16))))
        }
        id["aud"] = .string(grant.client.clientId ?? "")
        id["token_use"] = "id"
        id["cognito:username"] = .string(grant.user.username)
        id["exp"] = .int(expires)
        id["jti"] = .string(Identifiers.uuidV4())
        let roles = grant.overrides?.roles ?? groups.compactMap(\.roleArn)
        if !roles.isEmpty {
            id["cognito:roles"] = .array(roles.map(JSONValue.string))
            if let preferred = grant.overrides?.preferredRole ?? Self.preferredRole(groups) { id["cognito:preferred_role"] = .string(preferred) }
        }
        if let overrides = grant.overrides { TokenOverrides.apply(overrides.idClaims, overrides.idSuppressed, to: &id) }
        return try JWT.sign(claims: id, kid: keys.idKid, key: keys.idKey)
    }

    /// Whether OAuth scopes let an attribute into the ID token and userInfo: `openid` alone
    /// allows every readable attribute; otherwise `profile` allows them all, `email` and
    /// `phone` their own two.
    static func scopesAllow(_ attribute: String, scopes: [String]) -> Bool {
        if scopes.contains("profile") { return true }
        let email = scopes.contains("email")
        let phone = scopes.contains("phone")
        if !email && !phone { return true }
        switch attribute {
        case "email", "email_verified": return email
        case "phone_number", "phone_number_verified": return phone
        default: return false
        }
    }

    static func tokenHash(_ token: String) -> Data { Data(SHA256.hash(Array(token.utf8))) }

    /// The group whose role wins: the lowest precedence among groups with a role, if no
    /// other such group shares it.
    static func preferredRole(_ groups: [GroupType]) -> String? {
        let withRoles = groups.filter { $0.roleArn != nil }
        guard let best = withRoles.map({ $0.precedence ?? Int.max }).min() else { return nil }
        let winners = withRoles.filter { ($0.precedence ?? Int.max) == best }
        return winners.count == 1 ? winners[0].roleArn : nil
    }

    /// The user's attributes as ID token claims: the client's readable attributes, with
    /// the `*_verified` flags as booleans, `updated_at` as a number, the rest as strings.
    func idTokenAttributes(_ user: UserRecord, pool: UserPoolType, client: UserPoolClientType) -> [String: JSONValue] {
        let readable = client.readAttributes.map(Set.init)
        var claims: [String: JSONValue] = [:]
        for (name, value) in user.attributes where name != "sub" && !name.hasPrefix("dev:") {
            if let readable, !readable.contains(name) { continue }
            switch name {
            case "email_verified", "phone_number_verified":
                claims[name] = .bool(value == "true")
            case "updated_at":
                claims[name] = Int(value).map(JSONValue.int) ?? .string(value)
            default:
                claims[name] = .string(value)
            }
        }
        return claims
    }
}
