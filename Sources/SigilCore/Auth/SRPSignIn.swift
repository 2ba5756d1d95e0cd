import Foundation
import SigilCrypto

/// USER_SRP_AUTH: Cognito's SRP-6a, as pycognito and Amplify compute it. The server's
/// private value b and the client's A stay on the server, named by the SECRET_BLOCK.
extension Engine {
    func startSRP(_ parameters: [String: String], found: UserRecord?, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin)
        async throws -> AuthStep
    {
        let typed = try Self.require("USERNAME", in: parameters)
        let clientPublicHex = try Self.require("SRP_A", in: parameters)
        guard let clientPublic = try? SRP.parseHex(clientPublicHex), !clientPublic.isEmpty else {
            throw CognitoError.invalidParameter("SRP_A is not a hexadecimal number.")
        }
        try checkSecretHash(parameters["SECRET_HASH"], client: client, usernames: [typed] + (found.map { [$0.username] } ?? []))
        var state = AuthSessionState()
        state.typedUsername = typed
        state.flow = AuthFlowType.userSrpAuth.rawValue
        state.eventId = context.requestId
        state.srpClientPublic = clientPublicHex
        state.deviceKey = context.deviceKey

        return try await srpChallenge(typed: typed, found: found, pool: pool, client: client, state: state)
    }

    /// The PASSWORD_VERIFIER challenge for a sign-in whose state holds the client's SRP_A
    /// (USER_SRP_AUTH, or CUSTOM_AUTH when DefineAuthChallenge asks for the password).
    func srpChallenge(typed: String, found: UserRecord?, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState)
        async throws -> AuthStep
    {
        var state = state
        let userId: String
        let salt: [UInt8]
        let verifier: [UInt8]
        var user: UserRecord?
        if let found, found.status != .resetRequired || !hidesUserExistence(client) {
            try checkCanSignIn(found, client: client)
            user = found
            userId = found.username
            if let material = found.passwordMaterial, let opened = vault.open(material, poolId: pool.id, userIdForSRP: found.username) {
                (salt, verifier) = opened
            } else {
                // A user without a password gets a challenge nobody can answer.
                (salt, verifier) = try await phantomMaterial(typed, pool: pool)
                state.phantom = true
            }
        } else {
            guard hidesUserExistence(client) else { throw CognitoError.userNotFound }
            // Cognito answers for users that don't exist with a challenge that looks real
            // and is the same each time, then fails at the verifier.
            userId = phantomUserId(typed, pool: pool)
            (salt, verifier) = try await phantomMaterial(typed, pool: pool)
            state.phantom = true
        }
        let server = try await BlockingWork.run { try SRPServer(verifier: verifier) }
        state.srpPrivate = SRP.hexString(server.privateValue)
        state.srpPublic = SRP.hexString(server.publicValue)
        let secretBlock = Data(SecureRandom.bytes(384)).base64EncodedString()
        try await write { writer in
            _ = try await openSession(
                challenge: ChallengeNameType.passwordVerifier.rawValue, user: user, pool: pool, client: client, state: state, writer: writer,
                handle: secretBlock)
        }
        // In a custom sign-in the answer comes with a Session, as Amplify sends it: the
        // SECRET_BLOCK names the same state.
        let custom = state.flow == AuthFlowType.customAuth.rawValue
        return AuthStep(
            challengeName: .passwordVerifier, session: custom ? secretBlock : nil,
            challengeParameters: [
                "SALT": SRP.hexString(salt), "SRP_B": state.srpPublic ?? "", "SECRET_BLOCK": secretBlock, "USER_ID_FOR_SRP": userId,
                "USERNAME": userId,
            ])
    }

    /// PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE against the session key.
    func answerPasswordVerifier(
        _ responses: [String: String], clientId: String, poolId: String?, context: RequestOrigin, metadata: [String: String]? = nil
    ) async throws -> StepOutcome {
        let secretBlock = try Self.require("PASSWORD_CLAIM_SECRET_BLOCK", in: responses)
        let signature = try Self.require("PASSWORD_CLAIM_SIGNATURE", in: responses)
        let timestamp = try Self.require("TIMESTAMP", in: responses)
        _ = try Self.require("USERNAME", in: responses)
        let (pool, client, session, user) = try await read { reader -> (StoredPool, UserPoolClientType, AuthSessionRecord, UserRecord?) in
            let (pool, client) = try await signInClient(clientId, poolId: poolId, reader: reader)
            guard let session = try await reader.authSession(hash: Self.tokenHash(secretBlock)),
                session.challenge == ChallengeNameType.passwordVerifier.rawValue
            else { throw CognitoError.notAuthorized("Incorrect username or password.") }
            let live = try checkLive(session, clientId: client.clientId ?? "")
            return await (pool, client, live, try reader.user(id: live.userId))
        }
        let state = session.state
        try checkSecretHash(
            responses["SECRET_HASH"], client: client,
            usernames: [user?.username, state.typedUsername, responses["USERNAME"]].compactMap { $0 })

        var proven = false
        if !state.phantom, let user, let material = user.passwordMaterial,
            let (_, verifier) = vault.open(material, poolId: pool.id, userIdForSRP: user.username),
            CognitoTimestamp.parse(timestamp) != nil, let blockBytes = Data(base64Encoded: secretBlock),
            let b = try? SRP.parseHex(state.srpPrivate ?? ""), let publicB = try? SRP.parseHex(state.srpPublic ?? ""),
            let a = try? SRP.parseHex(state.srpClientPublic ?? "")
        {
            let server = SRPServer(verifier: verifier, privateValue: b, publicValue: publicB)
            let identity = try SRPIdentity.user(poolId: pool.id, userIdForSRP: user.username)
            proven = await BlockingWork.run {
                (try? server.verifySignature(
                    signature, clientPublicValue: a, identity: identity, secretBlock: [UInt8](blockBytes), timestamp: timestamp)) ?? false
            }
        }
        if state.flow == AuthFlowType.customAuth.rawValue {
            return .step(
                try await customPasswordVerified(
                    proven, session: session, user: user, pool: pool, client: client, context: context, metadata: metadata))
        }
        return try await write { writer in
            try await spend(session, writer: writer)
            guard var current = try await writer.user(id: session.userId), !state.phantom else {
                if user == nil {
                    try await recordUnknownUser(state.typedUsername ?? "", pool: pool, client: client, context: context, writer: writer)
                }
                return .failure(CognitoError.notAuthorized("Incorrect username or password."))
            }
            try checkLockout(current)
            guard proven else { return try await failedPassword(&current, pool: pool, client: client, context: context, writer: writer) }
            return try await passwordAccepted(&current, pool: pool, client: client, state: state, context: context, writer: writer)
        }
    }

    /// A stable stand-in user id for a name that is not a user.
    private func phantomUserId(_ name: String, pool: StoredPool) -> String {
        let digest = HMACSHA256.authenticate(Array("sigil-phantom-user|\(pool.id)|\(name.lowercased())".utf8), key: vault.key)
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// Salt and verifier for a challenge nobody can answer: the same for the same name, so
    /// repeated attempts can't tell a missing user from a real one.
    private func phantomMaterial(_ name: String, pool: StoredPool) async throws -> (salt: [UInt8], verifier: [UInt8]) {
        var salt = Array(HMACSHA256.authenticate(Array("sigil-phantom-salt|\(pool.id)|\(name.lowercased())".utf8), key: vault.key).prefix(16))
        if salt[0] == 0 { salt[0] = 1 }
        let secret = Base64URL.encode(HMACSHA256.authenticate(Array("sigil-phantom-password|\(name)".utf8), key: vault.key))
        let userId = phantomUserId(name, pool: pool)
        let finalSalt = salt
        let verifier = try await BlockingWork.run { try SRP.makeVerifier(poolId: pool.id, userIdForSRP: userId, password: secret, salt: finalSalt) }
        return (salt, verifier)
    }
}
