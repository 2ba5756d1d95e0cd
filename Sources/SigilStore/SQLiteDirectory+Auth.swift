import Foundation
import GRDB
import SigilCore
import SigilCrypto
import SigilJSON

/// Signing keys, refresh tokens, challenge sessions and auth events.
extension SQLiteDirectory {
    func user(id: Int64) throws -> UserRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(UserRows.columns) FROM users WHERE id = ?"), arguments: [id]).map(UserRows.user(from:))
    }

    func updatePoolMfaConfig(key: Int64, _ config: GetUserPoolMfaConfigResponse) throws {
        try db.cachedStatement(sql: "UPDATE pools SET mfa_config = ? WHERE key = ?").execute(arguments: [try StoredJSON.encode(config), key])
    }

    // MARK: - Signing keys

    func signingKeys(poolKey: Int64) throws -> [SigningKeyRecord] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT kid, purpose, private_key, public_jwk, created, retired FROM signing_keys WHERE pool_key = ? ORDER BY created"),
            arguments: [poolKey]
        ).map { row in
            SigningKeyRecord(
                kid: row["kid"], purpose: SigningKeyRecord.Purpose(rawValue: row["purpose"]) ?? .access, sealedPrivateKey: row["private_key"],
                publicJWK: row["public_jwk"],
                created: Date(timeIntervalSince1970: row["created"]), retired: (row["retired"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    func signingKeyStates(poolKey: Int64) throws -> [SigningKeyState] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT kid, retired FROM signing_keys WHERE pool_key = ? ORDER BY created"), arguments: [poolKey]
        )
        .map { row in SigningKeyState(kid: row["kid"], retired: (row["retired"] as Double?).map(Date.init(timeIntervalSince1970:))) }
    }

    func insertSigningKey(poolKey: Int64, _ key: SigningKeyRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO signing_keys (kid, pool_key, purpose, private_key, public_jwk, created) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [key.kid, poolKey, key.purpose.rawValue, key.sealedPrivateKey, key.publicJWK, key.created.timeIntervalSince1970])
    }

    func retireSigningKey(kid: String, at date: Date) throws {
        try db.cachedStatement(sql: "UPDATE signing_keys SET retired = ? WHERE kid = ?").execute(arguments: [date.timeIntervalSince1970, kid])
    }

    // MARK: - Refresh tokens

    func refreshToken(hash: Data) throws -> RefreshTokenRecord? {
        try Row.fetchOne(
            try db.cachedStatement(
                sql: """
                    SELECT hash, pool_key, user_id, client_id, origin_jti, auth_time, issued, expires, revoked, device_key, scopes
                    FROM refresh_tokens WHERE hash = ?
                    """),
            arguments: [hash]
        ).map { row in
            RefreshTokenRecord(
                tokenHash: row["hash"], poolKey: row["pool_key"], userId: row["user_id"], clientId: row["client_id"], originJti: row["origin_jti"],
                authTime: Date(timeIntervalSince1970: row["auth_time"]), issued: Date(timeIntervalSince1970: row["issued"]),
                expires: Date(timeIntervalSince1970: row["expires"]), revoked: row["revoked"], deviceKey: row["device_key"],
                scopes: (row["scopes"] as String?).map { $0.split(separator: " ").map(String.init) })
        }
    }

    func isRevoked(originJti: String) throws -> Bool {
        try Bool.fetchOne(
            try db.cachedStatement(sql: "SELECT revoked FROM refresh_tokens WHERE origin_jti = ? AND revoked = 1 LIMIT 1"), arguments: [originJti])
            ?? false
    }

    func insertRefreshToken(_ token: RefreshTokenRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO refresh_tokens (hash, pool_key, user_id, client_id, origin_jti, auth_time, issued, expires, revoked, device_key, scopes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            token.tokenHash, token.poolKey, token.userId, token.clientId, token.originJti, token.authTime.timeIntervalSince1970,
            token.issued.timeIntervalSince1970, token.expires.timeIntervalSince1970, token.revoked, token.deviceKey,
            token.scopes?.joined(separator: " "),
        ])
    }

    func revokeRefreshToken(hash: Data) throws {
        try db.cachedStatement(sql: "UPDATE refresh_tokens SET revoked = 1 WHERE hash = ?").execute(arguments: [hash])
    }

    func expireRefreshToken(hash: Data, at date: Date) throws {
        try db.cachedStatement(sql: "UPDATE refresh_tokens SET expires = min(expires, ?) WHERE hash = ?").execute(arguments: [
            date.timeIntervalSince1970, hash,
        ])
    }

    func revokeRefreshTokens(userId: Int64) throws {
        try db.cachedStatement(sql: "UPDATE refresh_tokens SET revoked = 1 WHERE user_id = ?").execute(arguments: [userId])
    }

    func revokeRefreshTokens(deviceKey: String) throws {
        try db.cachedStatement(sql: "UPDATE refresh_tokens SET revoked = 1 WHERE device_key = ?").execute(arguments: [deviceKey])
    }

    // MARK: - Devices

    private static let deviceColumns =
        "key, pool_key, user_id, group_key, name, remembered, confirmed, verifier, created, modified, last_authenticated, last_address"

    private static func device(from row: Row) -> DeviceRecord {
        DeviceRecord(
            key: row["key"], poolKey: row["pool_key"], userId: row["user_id"], groupKey: row["group_key"], name: row["name"],
            remembered: row["remembered"], confirmed: row["confirmed"],
            sealedVerifier: row["verifier"], created: Date(timeIntervalSince1970: row["created"]),
            modified: Date(timeIntervalSince1970: row["modified"]),
            lastAuthenticated: (row["last_authenticated"] as Double?).map(Date.init(timeIntervalSince1970:)), lastAddress: row["last_address"])
    }

    func device(key: String) throws -> DeviceRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.deviceColumns) FROM devices WHERE key = ?"), arguments: [key])
            .map(Self.device(from:))
    }

    func devices(userId: Int64, after: String?, limit: Int) throws -> [DeviceRecord] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.deviceColumns) FROM devices WHERE user_id = ? AND key > ? ORDER BY key LIMIT ?"),
            arguments: [userId, after ?? "", limit]
        ).map(Self.device(from:))
    }

    func insertDevice(_ device: DeviceRecord) throws {
        try db.cachedStatement(sql: "INSERT INTO devices (\(Self.deviceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(
            arguments: Self.deviceArguments(device))
    }

    func updateDevice(_ device: DeviceRecord) throws {
        try db.cachedStatement(
            sql: """
                UPDATE devices SET key = ?, pool_key = ?, user_id = ?, group_key = ?, name = ?, remembered = ?, confirmed = ?, verifier = ?,
                    created = ?, modified = ?, last_authenticated = ?, last_address = ?
                WHERE key = ?
                """
        ).execute(arguments: Self.deviceArguments(device) + [device.key])
    }

    private static func deviceArguments(_ device: DeviceRecord) -> StatementArguments {
        [
            device.key, device.poolKey, device.userId, device.groupKey, device.name, device.remembered, device.confirmed, device.sealedVerifier,
            device.created.timeIntervalSince1970, device.modified.timeIntervalSince1970, device.lastAuthenticated?.timeIntervalSince1970,
            device.lastAddress,
        ]
    }

    func deleteDevice(key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM devices WHERE key = ?").execute(arguments: [key])
    }

    // MARK: - Challenge sessions

    private static let sessionColumns = "hash, pool_key, user_id, client_id, challenge, state, created, expires, used"

    private static func session(from row: Row) throws -> AuthSessionRecord {
        AuthSessionRecord(
            handleHash: row["hash"], poolKey: row["pool_key"], userId: row["user_id"], clientId: row["client_id"], challenge: row["challenge"],
            state: try AuthSessionState(jsonText: row["state"]), created: Date(timeIntervalSince1970: row["created"]),
            expires: Date(timeIntervalSince1970: row["expires"]), used: row["used"])
    }

    func authSession(hash: Data) throws -> AuthSessionRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.sessionColumns) FROM auth_sessions WHERE hash = ?"), arguments: [hash])
            .map(Self.session(from:))
    }

    func latestAuthSession(userId: Int64, challenge: String) throws -> AuthSessionRecord? {
        try Row.fetchOne(
            try db.cachedStatement(
                sql: """
                    SELECT \(Self.sessionColumns) FROM auth_sessions WHERE user_id = ? AND challenge = ? AND used = 0 ORDER BY id DESC LIMIT 1
                    """),
            arguments: [userId, challenge]
        ).map(Self.session(from:))
    }

    func insertAuthSession(_ session: AuthSessionRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO auth_sessions (hash, pool_key, user_id, client_id, challenge, state, created, expires, used)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            session.handleHash, session.poolKey, session.userId, session.clientId, session.challenge, session.state.jsonText(),
            session.created.timeIntervalSince1970, session.expires.timeIntervalSince1970, session.used,
        ])
    }

    func updateAuthSession(_ session: AuthSessionRecord) throws {
        try db.cachedStatement(sql: "UPDATE auth_sessions SET state = ?, used = ? WHERE hash = ?").execute(arguments: [
            session.state.jsonText(), session.used, session.handleHash,
        ])
    }

    func markAuthSessionUsed(hash: Data) throws {
        try db.cachedStatement(sql: "UPDATE auth_sessions SET used = 1 WHERE hash = ?").execute(arguments: [hash])
    }

    func purgeAuthSessions(expiredBefore date: Date) throws {
        try db.cachedStatement(sql: "DELETE FROM auth_sessions WHERE expires < ?").execute(arguments: [date.timeIntervalSince1970])
    }

    // MARK: - Auth events

    /// The request context as JSON, written without a general encoder (one per sign-in).
    static func json(_ context: RequestOrigin) throws -> String {
        var members: [String: JSONValue] = [:]
        members["ipAddress"] = context.ipAddress.map(JSONValue.string)
        members["userAgent"] = context.userAgent.map(JSONValue.string)
        members["deviceName"] = context.deviceName.map(JSONValue.string)
        members["requestId"] = context.requestId.map(JSONValue.string)
        members["deviceKey"] = context.deviceKey.map(JSONValue.string)
        return try JSONValue.object(members).jsonString()
    }

    static func json(_ challenges: [ChallengeResponseType]) throws -> String {
        try JSONValue.array(
            challenges.map { challenge in
                var members: [String: JSONValue] = [:]
                members["ChallengeName"] = challenge.challengeName.map { .string($0.rawValue) }
                members["ChallengeResponse"] = challenge.challengeResponse.map { .string($0.rawValue) }
                return .object(members)
            }
        ).jsonString()
    }

    private static let eventColumns =
        "id, pool_key, user_id, username, event_id, type, created, response, client_id, context, challenges, detail, risk, feedback"

    private static func event(from row: Row) throws -> AuthEventRecord {
        AuthEventRecord(
            id: row["id"], poolKey: row["pool_key"], userId: row["user_id"], username: row["username"], eventId: row["event_id"],
            type: EventType(rawValue: row["type"]) ?? .signIn, created: Date(timeIntervalSince1970: row["created"]),
            response: EventResponseType(rawValue: row["response"]) ?? .fail, clientId: row["client_id"],
            context: try StoredJSON.decode(RequestOrigin.self, from: row["context"]),
            challenges: try StoredJSON.decode([ChallengeResponseType].self, from: row["challenges"]), detail: row["detail"],
            risk: try (row["risk"] as String?).map { try StoredJSON.decode(RiskAssessment.self, from: $0) },
            feedback: try (row["feedback"] as String?).map { try StoredJSON.decode(EventFeedbackType.self, from: $0) })
    }

    func authEvents(userId: Int64, after: Int64?, limit: Int) throws -> [AuthEventRecord] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.eventColumns) FROM auth_events WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?"),
            arguments: [userId, after ?? Int64.max, limit]
        ).map(Self.event(from:))
    }

    func poolAuthEvents(poolKey: Int64, address: String?, after: Int64?, limit: Int) throws -> [AuthEventRecord] {
        if let address {
            return try Row.fetchAll(
                try db.cachedStatement(
                    sql: "SELECT \(Self.eventColumns) FROM auth_events WHERE pool_key = ? AND ip = ? AND id < ? ORDER BY id DESC LIMIT ?"),
                arguments: [poolKey, IPAddress(address)?.description ?? address, after ?? Int64.max, limit]
            ).map(Self.event(from:))
        }
        return try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.eventColumns) FROM auth_events WHERE pool_key = ? AND id < ? ORDER BY id DESC LIMIT ?"),
            arguments: [poolKey, after ?? Int64.max, limit]
        ).map(Self.event(from:))
    }

    func riskOutcomes(poolKey: Int64, since: Date, limit: Int) throws -> [ScoredOutcome] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT created, json_extract(risk, '$.level') AS level,
                        json_extract(risk, '$.decision') = 'Block' AND json_extract(risk, '$.enforced') AS blocked,
                        coalesce(json_extract(risk, '$.compromisedCredentials'), 0) AS compromised
                    FROM auth_events WHERE pool_key = ? AND created >= ? ORDER BY created DESC LIMIT ?
                    """),
            arguments: [poolKey, since.timeIntervalSince1970, limit]
        ).map { row in
            ScoredOutcome(
                created: Date(timeIntervalSince1970: row["created"]), level: (row["level"] as String?).flatMap(RiskLevelType.init(rawValue:)),
                blocked: (row["blocked"] as Bool?) ?? false, compromised: row["compromised"])
        }
    }

    func failureLeaders(poolKey: Int64, since: Date, byAddress: Bool, limit: Int) throws -> [FailureCount] {
        let (key, other) = byAddress ? ("ip", "username") : ("username", "ip")
        return try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT \(key) AS key, count(*) AS failures, count(DISTINCT \(other)) AS others FROM auth_events
                    WHERE pool_key = ? AND created >= ? AND response = 'Fail' AND type = 'SignIn' AND \(key) IS NOT NULL
                    GROUP BY \(key) ORDER BY failures DESC, \(key) LIMIT ?
                    """),
            arguments: [poolKey, since.timeIntervalSince1970, limit]
        ).map { row in FailureCount(key: row["key"], failures: row["failures"], others: row["others"]) }
    }

    func authEvent(userId: Int64, eventId: String) throws -> AuthEventRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT \(Self.eventColumns) FROM auth_events WHERE event_id = ? AND user_id = ?"),
            arguments: [eventId, userId]
        ).map(Self.event(from:))
    }

    func failedSignIns(poolKey: Int64, address: String, since: Date) throws -> [String] {
        try String.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT username FROM auth_events
                    WHERE pool_key = ? AND ip = ? AND created >= ? AND response = 'Fail' AND type = 'SignIn'
                    ORDER BY id DESC LIMIT 10000
                    """),
            arguments: [poolKey, address, since.timeIntervalSince1970])
    }

    func updateAuthEventFeedback(id: Int64, _ feedback: EventFeedbackType) throws {
        try db.cachedStatement(sql: "UPDATE auth_events SET feedback = ? WHERE id = ?").execute(arguments: [try StoredJSON.encode(feedback), id])
    }

    func riskConfiguration(poolKey: Int64, clientId: String?) throws -> RiskConfigurationType? {
        let text: String?
        if let clientId {
            text = try String.fetchOne(
                try db.cachedStatement(sql: "SELECT config FROM risk_configurations WHERE pool_key = ? AND client_id = ?"),
                arguments: [poolKey, clientId])
        } else {
            text = try String.fetchOne(
                try db.cachedStatement(sql: "SELECT config FROM risk_configurations WHERE pool_key = ? AND client_id IS NULL"),
                arguments: [poolKey])
        }
        return try text.map { try StoredJSON.decode(RiskConfigurationType.self, from: $0) }
    }

    func setRiskConfiguration(poolKey: Int64, clientId: String?, _ configuration: RiskConfigurationType?) throws {
        if let clientId {
            try db.cachedStatement(sql: "DELETE FROM risk_configurations WHERE pool_key = ? AND client_id = ?").execute(arguments: [
                poolKey, clientId,
            ])
        } else {
            try db.cachedStatement(sql: "DELETE FROM risk_configurations WHERE pool_key = ? AND client_id IS NULL").execute(arguments: [poolKey])
        }
        guard let configuration else { return }
        try db.cachedStatement(sql: "INSERT INTO risk_configurations (pool_key, client_id, config, modified) VALUES (?, ?, ?, ?)").execute(
            arguments: [poolKey, clientId, try StoredJSON.encode(configuration), (configuration.lastModifiedDate ?? Date()).timeIntervalSince1970])
    }

    func recentAuthOutcomes(poolKey: Int64, limit: Int) throws -> [(created: Date, response: EventResponseType)] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT created, response FROM auth_events WHERE pool_key = ? ORDER BY id DESC LIMIT ?"),
            arguments: [poolKey, limit]
        ).map { row in (Date(timeIntervalSince1970: row["created"]), EventResponseType(rawValue: row["response"]) ?? .fail) }
    }

    func insertAuthEvent(_ event: AuthEventRecord) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO auth_events (pool_key, user_id, username, event_id, type, created, response, client_id, context, challenges, detail,
                    ip, risk, feedback)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            event.poolKey, event.userId, event.username, event.eventId, event.type.rawValue, event.created.timeIntervalSince1970,
            event.response.rawValue, event.clientId, try Self.json(event.context), try Self.json(event.challenges),
            event.detail, event.context.ipAddress.flatMap { IPAddress($0)?.description }, try event.risk.map { try StoredJSON.encode($0) },
            try event.feedback.map { try StoredJSON.encode($0) },
        ])
        return db.lastInsertedRowID
    }
}
