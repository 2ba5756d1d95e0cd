import Foundation
import SigilCrypto

/// RespondToAuthChallenge and its admin twin: each answer is checked against the
/// session it belongs to, which is then spent.
extension Engine {
    public func respondToAuthChallenge(_ request: RespondToAuthChallengeRequest, context: RequestOrigin = RequestOrigin()) async throws
        -> RespondToAuthChallengeResponse
    {
        try validator.validate(request, operation: .respondToAuthChallenge)
        let step = try await finishTokens(
            try await answer(
                request.challengeName, responses: request.challengeResponses ?? [:], session: request.session, clientId: request.clientId,
                poolId: nil, context: context.merged(with: request.userContextData), metadata: request.clientMetadata),
            metadata: request.clientMetadata)
        try await postAuthentication(step, clientId: request.clientId, metadata: request.clientMetadata)
        return RespondToAuthChallengeResponse(
            challengeName: step.challengeName, session: step.session, challengeParameters: step.challengeParameters,
            authenticationResult: step.result)
    }

    public func adminRespondToAuthChallenge(_ request: AdminRespondToAuthChallengeRequest, context: RequestOrigin = RequestOrigin()) async throws
        -> AdminRespondToAuthChallengeResponse
    {
        try validator.validate(request, operation: .adminRespondToAuthChallenge)
        let step = try await finishTokens(
            try await answer(
                request.challengeName, responses: request.challengeResponses ?? [:], session: request.session, clientId: request.clientId,
                poolId: request.userPoolId, context: context.merged(with: request.contextData), metadata: request.clientMetadata),
            metadata: request.clientMetadata)
        try await postAuthentication(step, clientId: request.clientId, metadata: request.clientMetadata)
        return AdminRespondToAuthChallengeResponse(
            challengeName: step.challengeName, session: step.session, challengeParameters: step.challengeParameters,
            authenticationResult: step.result)
    }

    /// Checks an answer against its session. `managedLogin`: from managed login's pages,
    /// whose sessions the API cannot answer (nor the pages the API's).
    func answer(
        _ challenge: ChallengeNameType, responses: [String: String], session handle: String?, clientId: String, poolId: String?,
        context: RequestOrigin, managedLogin: Bool = false, metadata: [String: String]? = nil
    ) async throws -> AuthStep {
        var context = context
        if context.requestId == nil { context.requestId = Identifiers.uuidV4() }
        if let deviceKey = responses["DEVICE_KEY"], !deviceKey.isEmpty { context.deviceKey = deviceKey }
        if challenge == .passwordVerifier {
            return try await answerPasswordVerifier(responses, clientId: clientId, poolId: poolId, context: context, metadata: metadata).get()
        }
        let (pool, client, session, found) = try await read { reader -> (StoredPool, UserPoolClientType, AuthSessionRecord, UserRecord?) in
            let (pool, client) = try await signInClient(clientId, poolId: poolId, reader: reader)
            let session: AuthSessionRecord
            if (handle ?? "").isEmpty, let found = try await sessionlessDeviceSession(challenge, responses: responses, pool: pool, reader: reader) {
                session = try checkLive(found, clientId: client.clientId ?? "")
            } else {
                session = try await liveSession(handle, clientId: client.clientId ?? "", reader: reader)
            }
            guard session.challenge == challenge.rawValue, (session.state.oauth != nil) == managedLogin else {
                throw CognitoError.notAuthorized("Invalid session for the user.")
            }
            // A custom challenge may be for a name no user has (PreventUserExistenceErrors).
            let user = try await reader.user(id: session.userId)
            guard user != nil || (session.state.phantom && challenge == .customChallenge) else {
                throw CognitoError.notAuthorized("Invalid session for the user.")
            }
            return (pool, client, session, user)
        }
        if !managedLogin {
            _ = try Self.require("USERNAME", in: responses)
            try checkSecretHash(
                responses["SECRET_HASH"], client: client, usernames: [found?.username, session.state.typedUsername].compactMap { $0 })
        }
        if challenge == .customChallenge {
            return try await answerCustomChallenge(
                responses, session: session, user: found, pool: pool, client: client, context: context, metadata: metadata)
        }
        guard let user = found else { throw CognitoError.notAuthorized("Invalid session for the user.") }
        switch challenge {
        case .newPasswordRequired:
            return try await answerNewPassword(responses, session: session, user: user, pool: pool, client: client, context: context)
        case .smsMfa, .emailOtp:
            return try await answerCode(
                responses, parameter: challenge == .smsMfa ? "SMS_MFA_CODE" : "EMAIL_OTP_CODE", session: session, pool: pool,
                client: client, context: context
            ).get()
        case .softwareTokenMfa:
            return try await answerTOTP(responses, session: session, pool: pool, client: client, context: context)
        case .deviceSrpAuth:
            return try await answerDeviceSRP(responses, session: session, user: user, pool: pool, client: client)
        case .devicePasswordVerifier:
            return try await answerDevicePassword(responses, session: session, user: user, pool: pool, client: client, context: context).get()
        case .selectMfaType:
            let choice = try Self.require("ANSWER", in: responses)
            guard session.state.options.contains(choice) else {
                throw CognitoError.invalidParameter("Invalid ANSWER: \(choice) is not one of \(session.state.options.joined(separator: ", ")).")
            }
            return try await write { writer in
                try await spend(session, writer: writer)
                return try await issueMfaChallenge(choice, user: user, pool: pool, client: client, state: session.state, writer: writer)
            }
        case .mfaSetup:
            return try await answerMfaSetup(responses, session: session, pool: pool, client: client, context: context)
        default:
            throw CognitoError.invalidParameter("The challenge \(challenge.rawValue) is not supported.")
        }
    }

    /// NEW_PASSWORD_REQUIRED: a password that meets the policy, and any required
    /// attributes the user still lacks, as `userAttributes.<name>`.
    private func answerNewPassword(
        _ responses: [String: String], session: AuthSessionRecord, user: UserRecord, pool: StoredPool, client: UserPoolClientType,
        context: RequestOrigin
    ) async throws -> AuthStep {
        let password = try Self.require("NEW_PASSWORD", in: responses)
        try PasswordPolicyCheck.check(password, against: pool.pool.policies?.passwordPolicy, context: .adminSet)
        _ = try await read { reader in
            try await checkNewPassword(password, event: .passwordChange, pool: pool, clientId: client.clientId, reader: reader)
        }
        let rules = AttributeRules(pool: pool.pool)
        let given = responses.filter { $0.key.hasPrefix("userAttributes.") }
            .map { AttributeType(name: String($0.key.dropFirst("userAttributes.".count)), value: $0.value) }
            .sorted { $0.name < $1.name }
        for attribute in given where attribute.name.hasSuffix("_verified") {
            throw CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
        }
        try checkWritable(given.map(\.name), client: client)
        var attributes = user.attributes
        for (name, value) in try rules.checked(given, creating: false) { attributes[name] = value.isEmpty ? nil : value }
        if let missing = rules.missingRequired(in: attributes).first {
            throw CognitoError.invalidParameter("Invalid attributes given, \(missing) is missing")
        }
        let material = try await vault.seal(poolId: pool.id, userIdForSRP: user.username, password: password)
        return try await write { writer in
            guard var current = try await writer.user(id: user.id ?? 0) else { throw CognitoError.notAuthorized("Invalid session for the user.") }
            try await spend(session, writer: writer)
            current.attributes = attributes
            current.passwordMaterial = material
            current.status = .confirmed
            current.temporaryPasswordExpires = nil
            current.modified = clock.now
            try await writer.updateUser(current)
            var state = session.state
            state.passed.append("NEW_PASSWORD")
            return try await continueSignIn(current, pool: pool, client: client, state: state, context: context, writer: writer)
        }
    }

    /// SMS_MFA and EMAIL_OTP: the code sent for this session. Five wrong answers end it.
    private func answerCode(
        _ responses: [String: String], parameter: String, session: AuthSessionRecord, pool: StoredPool, client: UserPoolClientType,
        context: RequestOrigin
    ) async throws -> StepOutcome {
        let code = try Self.require(parameter, in: responses)
        return try await write { writer in
            guard let user = try await writer.user(id: session.userId) else { throw CognitoError.notAuthorized("Invalid session for the user.") }
            let expected = session.state.codeHash ?? Data()
            guard constantTimeEquals([UInt8](vault.hashCode(code, userId: user.id ?? 0, purpose: "mfa")), [UInt8](expected)) else {
                return try await wrongMfaAnswer(session, user: user, pool: pool, client: client, context: context, writer: writer)
            }
            try await spend(session, writer: writer)
            var state = session.state
            state.passed.append("MFA")
            return await .step(try completeSignIn(user, pool: pool, client: client, state: state, context: context, writer: writer))
        }
    }

    /// SOFTWARE_TOKEN_MFA: a TOTP code within one step of now, never one used before.
    private func answerTOTP(
        _ responses: [String: String], session: AuthSessionRecord, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin
    ) async throws -> AuthStep {
        let code = try Self.require("SOFTWARE_TOKEN_MFA_CODE", in: responses)
        let outcome = try await write { writer -> StepOutcome in
            guard var user = try await writer.user(id: session.userId), let sealed = user.security.totpSecret, let secret = openSecret(sealed) else {
                throw CognitoError.notAuthorized("Invalid session for the user.")
            }
            let totp = TOTP(secret: secret)
            guard let step = totp.validate(code, at: clock.now, after: user.security.lastTotpStep) else {
                if totp.validate(code, at: clock.now) != nil {
                    return .failure(CognitoError(.expiredCodeException, "Your software token has already been used once."))
                }
                return try await wrongMfaAnswer(session, user: user, pool: pool, client: client, context: context, writer: writer)
            }
            user.security.lastTotpStep = step
            try await writer.updateUser(user)
            try await spend(session, writer: writer)
            var state = session.state
            state.passed.append("MFA")
            return await .step(try completeSignIn(user, pool: pool, client: client, state: state, context: context, writer: writer))
        }
        return try outcome.get()
    }

    private func wrongMfaAnswer(
        _ session: AuthSessionRecord, user: UserRecord, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin,
        writer: any DirectoryWriter
    ) async throws -> StepOutcome {
        var updated = session
        updated.state.wrongAnswers += 1
        if updated.state.wrongAnswers >= 5 { updated.used = true }
        try await writer.updateAuthSession(updated)
        try await recordEvent(
            .signIn, response: .fail, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
            challenges: [
                ChallengeResponseType(challengeName: .password, challengeResponse: .success),
                ChallengeResponseType(challengeName: .mfa, challengeResponse: .failure),
            ], writer: writer)
        return .failure(CognitoError(.codeMismatchException, "Invalid code or auth state for the user."))
    }

    /// MFA_SETUP: after AssociateSoftwareToken and VerifySoftwareToken with the session,
    /// the sign-in completes (with a current code, if the client sends one).
    private func answerMfaSetup(
        _ responses: [String: String], session: AuthSessionRecord, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin
    ) async throws -> AuthStep {
        guard session.state.totpVerified else {
            throw CognitoError.invalidParameter("Set up a software token with AssociateSoftwareToken and VerifySoftwareToken first.")
        }
        return try await write { writer in
            guard let user = try await writer.user(id: session.userId) else { throw CognitoError.notAuthorized("Invalid session for the user.") }
            if let code = responses["SOFTWARE_TOKEN_MFA_CODE"], let sealed = user.security.totpSecret, let secret = openSecret(sealed),
                TOTP(secret: secret).validate(code, at: clock.now) == nil
            {
                throw CognitoError(.codeMismatchException, "Invalid code or auth state for the user.")
            }
            try await spend(session, writer: writer)
            var state = session.state
            state.passed.append("MFA")
            return try await completeSignIn(user, pool: pool, client: client, state: state, context: context, writer: writer)
        }
    }

    /// A client may write only the attributes in its WriteAttributes (all, without a list).
    func checkWritable(_ names: [String], client: UserPoolClientType) throws {
        guard let writable = client.writeAttributes.map(Set.init) else { return }
        if names.contains(where: { !writable.contains($0) }) {
            throw CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
        }
    }
}
