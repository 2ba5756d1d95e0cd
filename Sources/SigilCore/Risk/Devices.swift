import Foundation
import SigilCrypto

/// Remembered devices: made at sign-in in pools with a DeviceConfiguration, confirmed
/// with an SRP verifier, and proven with DEVICE_SRP_AUTH to skip MFA.
extension Engine {
    static let unknownDevice = "Device does not exist."

    func tracksDevices(_ pool: StoredPool) -> Bool { pool.pool.deviceConfiguration != nil }

    /// At the end of a sign-in: the device it came from (updated), or a new one whose
    /// key goes back as NewDeviceMetadata.
    func signInDevice(_ user: UserRecord, pool: StoredPool, context: RequestOrigin, writer: any DirectoryWriter) async throws
        -> (key: String?, metadata: NewDeviceMetadataType?)
    {
        guard tracksDevices(pool), let userId = user.id else { return (nil, nil) }
        let now = clock.now
        if let key = context.deviceKey, var device = try await writer.device(key: key), device.userId == userId {
            device.lastAuthenticated = now
            device.lastAddress = context.ipAddress ?? device.lastAddress
            try await writer.updateDevice(device)
            return (key, nil)
        }
        var current = user
        let group = current.security.deviceGroupKey ?? "-" + Identifiers.random(from: Identifiers.alphanumerics, count: 9)
        if current.security.deviceGroupKey == nil {
            current.security.deviceGroupKey = group
            try await writer.updateUser(current)
        }
        let key = "\(configuration.region)_\(Identifiers.uuidV4())"
        try await writer.insertDevice(
            DeviceRecord(
                key: key, poolKey: pool.key, userId: userId, groupKey: group, name: context.deviceName ?? context.userAgent, created: now,
                modified: now, lastAuthenticated: now, lastAddress: context.ipAddress))
        return (key, NewDeviceMetadataType(deviceKey: key, deviceGroupKey: group))
    }

    /// The DEVICE_SRP_AUTH challenge when the sign-in names a remembered, confirmed device
    /// of the user; an unknown device key is refused.
    func deviceChallenge(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, context: RequestOrigin, writer: any DirectoryWriter
    ) async throws -> AuthStep? {
        guard tracksDevices(pool), let key = context.deviceKey ?? state.deviceKey, !state.passed.contains("DEVICE") else { return nil }
        guard let device = try await writer.device(key: key), device.userId == user.id else {
            throw CognitoError.resourceNotFound(Self.unknownDevice)
        }
        guard device.confirmed, device.remembered, device.sealedVerifier != nil else { return nil }
        var next = state
        next.deviceKey = key
        let session = try await openSession(
            challenge: ChallengeNameType.deviceSrpAuth.rawValue, user: user, pool: pool, client: client, state: next, writer: writer)
        return AuthStep(challengeName: .deviceSrpAuth, session: session, challengeParameters: ["USERNAME": user.username, "DEVICE_KEY": key])
    }

    /// The session a device challenge answer belongs to when the client sends none, as
    /// pycognito does: DEVICE_SRP_AUTH by the user's newest one for the device,
    /// DEVICE_PASSWORD_VERIFIER by its SECRET_BLOCK.
    func sessionlessDeviceSession(_ challenge: ChallengeNameType, responses: [String: String], pool: StoredPool, reader: any DirectoryReader)
        async throws -> AuthSessionRecord?
    {
        switch challenge {
        case .devicePasswordVerifier:
            return try await responses["PASSWORD_CLAIM_SECRET_BLOCK"].asyncFlatMap { try await reader.authSession(hash: Self.tokenHash($0)) }
        case .deviceSrpAuth:
            guard let name = responses["USERNAME"], let key = responses["DEVICE_KEY"],
                let user = try await findUser(name, in: pool, reader: reader, scope: .signIn),
                let session = try await reader.latestAuthSession(userId: user.id ?? 0, challenge: ChallengeNameType.deviceSrpAuth.rawValue),
                session.state.deviceKey == key
            else { return nil }
            return session
        default:
            return nil
        }
    }

    /// DEVICE_SRP_AUTH answered with the device's SRP_A: the server's side of device SRP.
    func answerDeviceSRP(_ responses: [String: String], session: AuthSessionRecord, user: UserRecord, pool: StoredPool, client: UserPoolClientType)
        async throws -> AuthStep
    {
        let key = try Self.require("DEVICE_KEY", in: responses)
        let clientPublicHex = try Self.require("SRP_A", in: responses)
        guard key == session.state.deviceKey else { throw CognitoError.notAuthorized("Invalid device key given.") }
        guard (try? SRP.parseHex(clientPublicHex))?.isEmpty == false else {
            throw CognitoError.invalidParameter("SRP_A is not a hexadecimal number.")
        }
        let device = try await read { reader in try await reader.device(key: key) }
        guard let device, device.userId == user.id, let sealed = device.sealedVerifier, let (salt, verifier) = openDeviceVerifier(sealed) else {
            throw CognitoError.resourceNotFound(Self.unknownDevice)
        }
        let server = try await BlockingWork.run { try SRPServer(verifier: verifier) }
        var state = session.state
        state.srpPrivate = SRP.hexString(server.privateValue)
        state.srpPublic = SRP.hexString(server.publicValue)
        state.srpClientPublic = clientPublicHex
        let secretBlock = Data(SecureRandom.bytes(384)).base64EncodedString()
        state.secretBlock = secretBlock
        // The SECRET_BLOCK names the next session too, for clients that answer without it.
        let next = try await write { writer in
            try await spend(session, writer: writer)
            return try await openSession(
                challenge: ChallengeNameType.devicePasswordVerifier.rawValue, user: user, pool: pool, client: client, state: state, writer: writer,
                handle: secretBlock)
        }
        return AuthStep(
            challengeName: .devicePasswordVerifier, session: next,
            challengeParameters: [
                "SRP_B": state.srpPublic ?? "", "SALT": SRP.hexString(salt), "SECRET_BLOCK": secretBlock, "USERNAME": user.username,
                "DEVICE_KEY": key,
            ])
    }

    /// DEVICE_PASSWORD_VERIFIER: the device's claim; a good one stands in for MFA.
    func answerDevicePassword(
        _ responses: [String: String], session: AuthSessionRecord, user: UserRecord, pool: StoredPool, client: UserPoolClientType,
        context: RequestOrigin
    ) async throws -> StepOutcome {
        let signature = try Self.require("PASSWORD_CLAIM_SIGNATURE", in: responses)
        let secretBlock = try Self.require("PASSWORD_CLAIM_SECRET_BLOCK", in: responses)
        let timestamp = try Self.require("TIMESTAMP", in: responses)
        let key = try Self.require("DEVICE_KEY", in: responses)
        let state = session.state
        var proven = false
        if key == state.deviceKey, secretBlock == state.secretBlock, CognitoTimestamp.parse(timestamp) != nil,
            let device = try await read({ reader in try await reader.device(key: key) }), let sealed = device.sealedVerifier,
            let (_, verifier) = openDeviceVerifier(sealed), let blockBytes = Data(base64Encoded: secretBlock),
            let b = try? SRP.parseHex(state.srpPrivate ?? ""), let publicB = try? SRP.parseHex(state.srpPublic ?? ""),
            let a = try? SRP.parseHex(state.srpClientPublic ?? "")
        {
            let server = SRPServer(verifier: verifier, privateValue: b, publicValue: publicB)
            let identity = SRPIdentity.device(groupKey: device.groupKey, deviceKey: key)
            proven = await BlockingWork.run {
                (try? server.verifySignature(
                    signature, clientPublicValue: a, identity: identity, secretBlock: [UInt8](blockBytes), timestamp: timestamp)) ?? false
            }
        }
        var context = context
        context.deviceKey = key
        return try await write { writer in
            try await spend(session, writer: writer)
            guard proven, let current = try await writer.user(id: user.id ?? 0) else {
                try await recordEvent(
                    .signIn, response: .fail, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                    challenges: [ChallengeResponseType(challengeName: .password, challengeResponse: .success)], risk: state.risk, writer: writer)
                return .failure(CognitoError.notAuthorized("Incorrect username or password."))
            }
            var next = state
            next.passed += ["DEVICE", "MFA"]
            return await .step(try continueSignIn(current, pool: pool, client: client, state: next, context: context, writer: writer))
        }
    }

    func sealDeviceVerifier(salt: [UInt8], verifier: [UInt8]) throws -> String {
        let packed = [UInt8(salt.count >> 8), UInt8(salt.count & 0xFF)] + salt + verifier
        return Data(try AESGCM.seal(packed, key: vault.key, authenticating: Array("sigil-device".utf8))).base64EncodedString()
    }

    func openDeviceVerifier(_ sealed: String) -> (salt: [UInt8], verifier: [UInt8])? {
        guard let data = Data(base64Encoded: sealed),
            let packed = try? AESGCM.open([UInt8](data), key: vault.key, authenticating: Array("sigil-device".utf8)), packed.count > 2
        else { return nil }
        let count = Int(packed[0]) << 8 | Int(packed[1])
        guard packed.count > 2 + count else { return nil }
        return (Array(packed[2..<(2 + count)]), Array(packed[(2 + count)...]))
    }
}
