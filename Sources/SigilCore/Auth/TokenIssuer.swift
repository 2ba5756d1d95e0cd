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
    }

    /// Signs the tokens for `grant` and stores the refresh token's hash.
    func issueTokens(_ grant: TokenGrant, writer: any DirectoryWriter) async throws -> AuthenticationResultType {
        let now = clock.now
        let keys = try await ensurePoolKeys(grant.pool, writer: writer)
        let lifetimes = AppClientSettings.lifetimes(of: grant.client)
        let groups = try await writer.groups(userId: grant.user.id ?? 0, after: nil, limit: Self.maxGroupsPerUser)
            .sorted { ($0.precedence ?? Int.max, $0.groupName ?? "") < ($1.precedence ?? Int.max, $1.groupName ?? "") }
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
        access["scope"] = "aws.cognito.signin.user.admin"
        access["exp"] = .int(iat + lifetimes.access)
        access["jti"] = .string(Identifiers.uuidV4())
        access["username"] = .string(grant.user.username)
        if let deviceKey = grant.deviceKey { access["device_key"] = .string(deviceKey) }

        var id = common
        for (name, value) in idTokenAttributes(grant.user, pool: grant.pool.pool, client: grant.client) { id[name] = value }
        id["aud"] = .string(grant.client.clientId ?? "")
        id["token_use"] = "id"
        id["cognito:username"] = .string(grant.user.username)
        id["exp"] = .int(iat + lifetimes.id)
        id["jti"] = .string(Identifiers.uuidV4())
        let roles = groups.compactMap(\.roleArn)
        if !roles.isEmpty {
            id["cognito:roles"] = .array(roles.map(JSONValue.string))
            if let preferred = Self.preferredRole(groups) { id["cognito:preferred_role"] = .string(preferred) }
        }

        var result = AuthenticationResultType(
            accessToken: try JWT.sign(claims: access, kid: keys.accessKid, key: keys.accessKey), expiresIn: lifetimes.access,
            tokenType: "Bearer", idToken: try JWT.sign(claims: id, kid: keys.idKid, key: keys.idKey))
        if grant.withRefreshToken, let userId = grant.user.id {
            let token = Base64URL.encode(SecureRandom.bytes(96))
            try await writer.insertRefreshToken(
                RefreshTokenRecord(
                    tokenHash: Self.tokenHash(token), poolKey: grant.pool.key, userId: userId, clientId: grant.client.clientId ?? "",
                    originJti: grant.originJti, authTime: grant.authTime, issued: now,
                    expires: now.addingTimeInterval(TimeInterval(lifetimes.refresh)), deviceKey: grant.deviceKey))
            result.refreshToken = token
        }
        return result
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
