import Foundation
import SigilCrypto

/// One step of a sign-in: either a challenge for the client to answer, or tokens.
struct AuthStep {
    var challengeName: ChallengeNameType?
    var session: String?
    var challengeParameters: [String: String] = [:]
    var result: AuthenticationResultType?
    /// A managed-login sign-in that passed every challenge: it ends in an authorization
    /// code rather than tokens.
    var signedIn: ManagedSignIn?
    /// Who finished signing in, and where (for PostAuthentication).
    var signedInUser: UserRecord?
    var pool: StoredPool?
    /// Tokens still to issue once the pool's PreTokenGeneration handler has answered
    /// (outside the store transaction that finished the sign-in).
    var pending: PendingTokens?
    /// An MFA code whose message the pool's CustomMessage handler writes: sent once
    /// the transaction that made it is over.
    var pendingMessage: OutboxMessage?
}

/// A sign-in's tokens waiting for PreTokenGeneration.
struct PendingTokens {
    var grant: Engine.TokenGrant
    var deviceMetadata: NewDeviceMetadataType?
    var source: String
}

/// Who signed in on managed login's pages, and when.
struct ManagedSignIn {
    var user: UserRecord
    var authTime: Date
    var eventId: String
}

/// A step that did not succeed but must still be recorded (a failed attempt counts
/// towards lockout), so it is returned from the transaction and thrown after it.
enum StepOutcome {
    case step(AuthStep)
    case failure(CognitoError)

    func get() throws -> AuthStep {
        switch self {
        case .step(let step): return step
        case .failure(let error): throw error
        }
    }
}

extension Engine {
    public func initiateAuth(_ request: InitiateAuthRequest, context: RequestOrigin = RequestOrigin()) async throws -> InitiateAuthResponse {
        try validator.validate(request, operation: .initiateAuth)
        if [.adminNoSrpAuth, .adminUserPasswordAuth].contains(request.authFlow) {
            throw CognitoError.invalidParameter("Initiate Auth method not supported.")
        }
        let step = try await finishTokens(
            try await startSignIn(
                flow: request.authFlow, parameters: request.authParameters ?? [:], clientId: request.clientId, poolId: nil,
                context: context.merged(with: request.userContextData), metadata: request.clientMetadata),
            metadata: request.clientMetadata)
        try await postAuthentication(step, clientId: request.clientId, metadata: request.clientMetadata)
        return InitiateAuthResponse(
            challengeName: step.challengeName, session: step.session, challengeParameters: step.challengeParameters,
            authenticationResult: step.result)
    }

    public func adminInitiateAuth(_ request: AdminInitiateAuthRequest, context: RequestOrigin = RequestOrigin()) async throws
        -> AdminInitiateAuthResponse
    {
        try validator.validate(request, operation: .adminInitiateAuth)
        if request.authFlow == .userPasswordAuth {
            throw CognitoError.invalidParameter("Initiate Auth method not supported.")
        }
        let step = try await finishTokens(
            try await startSignIn(
                flow: request.authFlow, parameters: request.authParameters ?? [:], clientId: request.clientId, poolId: request.userPoolId,
                context: context.merged(with: request.contextData), metadata: request.clientMetadata),
            metadata: request.clientMetadata)
        try await postAuthentication(step, clientId: request.clientId, metadata: request.clientMetadata)
        return AdminInitiateAuthResponse(
            challengeName: step.challengeName, session: step.session, challengeParameters: step.challengeParameters,
            authenticationResult: step.result)
    }

    /// The app client (and its pool) a sign-in names; admin calls also name the pool.
    func signInClient(_ clientId: String, poolId: String?, reader: any DirectoryReader) async throws -> (StoredPool, UserPoolClientType) {
        if let poolId {
            let pool = try await requirePool(poolId, in: reader)
            guard let client = try await reader.client(id: clientId), client.userPoolId == poolId else {
                throw CognitoError.clientNotFound(clientId)
            }
            return (pool, client)
        }
        return try await requireClient(clientId, in: reader)
    }

    /// Begins a sign-in. `managedLogin`: from managed login's pages, which sign in with a
    /// password whatever the client's ExplicitAuthFlows, and know the client's secret.
    func startSignIn(
        flow: AuthFlowType, parameters: [String: String], clientId: String, poolId: String?, context: RequestOrigin,
        managedLogin: Bool = false, metadata: [String: String]? = nil
    ) async throws -> AuthStep {
        // One read finds the client and, for flows that name one, the user.
        let typed = parameters["USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
        let (pool, client, found) = try await read { reader -> (StoredPool, UserPoolClientType, UserRecord?) in
            let (pool, client) = try await signInClient(clientId, poolId: poolId, reader: reader)
            let found = try await typed.asyncFlatMap { try await findUser($0, in: pool, reader: reader, scope: .signIn) }
            return (pool, client, found)
        }
        if !managedLogin { try checkFlowAllowed(flow, client: client) }
        var context = context
        if context.requestId == nil { context.requestId = Identifiers.uuidV4() }
        if let deviceKey = parameters["DEVICE_KEY"], !deviceKey.isEmpty { context.deviceKey = deviceKey }
        if flow != .refreshTokenAuth && flow != .refreshToken {
            try await refuseBlockedAddress(user: found, username: typed ?? "", pool: pool, client: client, context: context)
            if let found { try await preAuthentication(found, pool: pool, clientId: client.clientId, metadata: metadata) }
        }
        switch flow {
        case .userPasswordAuth, .adminUserPasswordAuth, .adminNoSrpAuth:
            return try await passwordSignIn(
                parameters, found: found, flow: flow, pool: pool, client: client, context: context, managedLogin: managedLogin,
                metadata: metadata
            ).get()
        case .userSrpAuth:
            return try await startSRP(parameters, found: found, pool: pool, client: client, context: context)
        case .refreshTokenAuth, .refreshToken:
            return try await refreshSignIn(parameters, pool: pool, client: client, context: context)
        case .customAuth:
            return try await startCustomAuth(parameters, found: found, pool: pool, client: client, context: context, metadata: metadata)
        case .userAuth:
            throw CognitoError(.unsupportedOperationException, "Choice-based sign-in (USER_AUTH) is not supported by this service yet.")
        }
    }

    static func require(_ name: String, in parameters: [String: String]) throws -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw CognitoError.invalidParameter("Missing required parameter \(name)")
        }
        return value
    }

    // MARK: - Password

    /// USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: the password is checked by
    /// recomputing the stored SRP verifier.
    private func passwordSignIn(
        _ parameters: [String: String], found: UserRecord?, flow: AuthFlowType, pool: StoredPool, client: UserPoolClientType,
        context: RequestOrigin, managedLogin: Bool, metadata: [String: String]?
    ) async throws -> StepOutcome {
        let typed = try Self.require("USERNAME", in: parameters)
        let password = try Self.require("PASSWORD", in: parameters)
        if !managedLogin {
            try checkSecretHash(parameters["SECRET_HASH"], client: client, usernames: [typed] + (found.map { [$0.username] } ?? []))
        }
        var found = found
        if found == nil { found = try await migrateUser(typed, password: password, pool: pool, client: client, metadata: metadata) }
        guard let found else {
            try await write { writer in try await recordUnknownUser(typed, pool: pool, client: client, context: context, writer: writer) }
            throw hidesUserExistence(client) ? CognitoError.notAuthorized("Incorrect username or password.") : CognitoError.userNotFound
        }
        try checkCanSignIn(found, client: client)
        // The expensive check runs outside the write transaction.
        let matches =
            await found.passwordMaterial.asyncMap {
                await vault.verify(password, material: $0, poolId: pool.id, userIdForSRP: found.username)
            } ?? false
        var state = AuthSessionState()
        state.typedUsername = typed
        state.flow = flow.rawValue
        state.eventId = context.requestId
        if managedLogin { state.oauth = OAuthGrant() }
        // A password sent in plain text can be checked against breached lists (SRP can't).
        state.compromised = matches && securityMode(pool) != .off && configuration.breachedPasswords.source(of: password) != nil
        return try await write { writer in
            guard var user = try await writer.user(id: found.id ?? 0) else { throw CognitoError.userNotFound }
            try checkLockout(user)
            guard matches else {
                return try await failedPassword(&user, pool: pool, client: client, context: context, writer: writer)
            }
            return try await passwordAccepted(&user, pool: pool, client: client, state: state, context: context, writer: writer)
        }
    }

    /// The status checks Cognito makes before looking at a password.
    func checkCanSignIn(_ user: UserRecord, client: UserPoolClientType) throws {
        if user.status == .unconfirmed { throw CognitoError(.userNotConfirmedException, "User is not confirmed.") }
        guard user.enabled else { throw CognitoError.notAuthorized("User is disabled.") }
        try checkLockout(user)
        if user.status == .resetRequired {
            if hidesUserExistence(client) { throw CognitoError.notAuthorized("Incorrect username or password.") }
            throw CognitoError(.passwordResetRequiredException, "Password reset required for the user")
        }
    }

    /// With threat protection on, a sign-in for a name no user has is recorded too (as a
    /// failure of the pool, not of a user), so that guesses at many names from one address
    /// count as credential stuffing.
    func recordUnknownUser(_ typed: String, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin, writer: any DirectoryWriter)
        async throws
    {
        guard securityMode(pool) != .off else { return }
        let risk = try await assessSignIn(
            userId: nil, username: typed, pool: pool, clientId: client.clientId, context: context, failed: true, reader: writer)
        try await recordEvent(
            .signIn, response: .fail, user: nil, username: typed, pool: pool, clientId: client.clientId, context: context,
            challenges: [ChallengeResponseType(challengeName: .password, challengeResponse: .failure)], detail: "No user has this name.",
            risk: risk?.assessment, writer: writer)
    }

    /// Records a wrong password (towards lockout) and the failed event.
    func failedPassword(
        _ user: inout UserRecord, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin, writer: any DirectoryWriter
    ) async throws -> StepOutcome {
        let risk = try await assessSignIn(user, pool: pool, clientId: client.clientId, context: context, failed: true, reader: writer)
        recordFailedSignIn(&user)
        try await writer.updateUser(user)
        try await recordEvent(
            .signIn, response: .fail, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
            challenges: [ChallengeResponseType(challengeName: .password, challengeResponse: .failure)], risk: risk?.assessment,
            writer: writer)
        return .failure(CognitoError.notAuthorized("Incorrect username or password."))
    }

    /// After the password: an expired temporary password is refused, lockout is cleared,
    /// threat protection has its say (block, demand MFA, or let it pass), and the sign-in
    /// goes on to its next challenge or tokens.
    func passwordAccepted(
        _ user: inout UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, context: RequestOrigin,
        writer: any DirectoryWriter
    ) async throws -> StepOutcome {
        if user.status == .forceChangePassword, let expires = user.temporaryPasswordExpires, clock.now >= expires {
            throw CognitoError.notAuthorized("Temporary password has expired and must be reset by an administrator.")
        }
        let before = user.security
        recordSuccessfulSignIn(&user)
        if user.security != before { try await writer.updateUser(user) }
        var state = state
        state.passed.append("PASSWORD")
        var context = context
        if let key = context.deviceKey { state.deviceKey = key } else { context.deviceKey = state.deviceKey }
        if let outcome = try await assessSignIn(
            user, pool: pool, clientId: client.clientId, context: context, compromised: state.compromised, reader: writer)
        {
            state.risk = outcome.assessment
            if let refusal = try await applyRisk(outcome, user: &user, pool: pool, client: client, state: &state, context: context, writer: writer) {
                return .failure(refusal)
            }
        }
        return await .step(try continueSignIn(user, pool: pool, client: client, state: state, context: context, writer: writer))
    }

    // MARK: - What comes after the password

    /// The next challenge (new password, then MFA) or, when none is due, tokens.
    func continueSignIn(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, context: RequestOrigin,
        writer: any DirectoryWriter
    ) async throws -> AuthStep {
        if user.status == .forceChangePassword {
            return try await newPasswordChallenge(user, pool: pool, client: client, state: state, writer: writer)
        }
        if let step = try await deviceChallenge(user, pool: pool, client: client, state: state, context: context, writer: writer) {
            return step
        }
        if !state.passed.contains("MFA"), let step = try await mfaChallenge(user, pool: pool, client: client, state: state, writer: writer) {
            return step
        }
        if !state.passed.contains("MFA"), state.riskMfa != nil,
            let step = try await riskMfaChallenge(user, pool: pool, client: client, state: state, context: context, writer: writer)
        {
            return step
        }
        return try await completeSignIn(user, pool: pool, client: client, state: state, context: context, writer: writer)
    }

    func completeSignIn(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, context: RequestOrigin,
        writer: any DirectoryWriter
    ) async throws -> AuthStep {
        let eventId = state.eventId ?? context.requestId ?? Identifiers.uuidV4()
        var context = context
        if context.deviceKey == nil { context.deviceKey = state.deviceKey }
        // A custom sign-in may never have seen the password.
        let customOnly = state.flow == AuthFlowType.customAuth.rawValue && !state.passed.contains("PASSWORD")
        var challenges = customOnly ? [] : [ChallengeResponseType(challengeName: .password, challengeResponse: .success)]
        if state.passed.contains("MFA") { challenges.append(ChallengeResponseType(challengeName: .mfa, challengeResponse: .success)) }
        if state.oauth != nil {
            try await recordEvent(
                .signIn, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                eventId: eventId, challenges: challenges, risk: state.risk, writer: writer)
            return AuthStep(signedIn: ManagedSignIn(user: user, authTime: clock.now, eventId: eventId), signedInUser: user, pool: pool)
        }
        let device = try await signInDevice(user, pool: pool, context: context, writer: writer)
        let grant = TokenGrant(
            user: user, pool: pool, client: client, authTime: clock.now, originJti: Identifiers.uuidV4(), eventId: eventId,
            withRefreshToken: true, deviceKey: device.key)
        if preTokenTrigger(pool) != nil {
            try await recordEvent(
                .signIn, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                eventId: eventId, challenges: challenges, risk: state.risk, writer: writer)
            return AuthStep(
                signedInUser: user, pool: pool,
                pending: PendingTokens(grant: grant, deviceMetadata: device.metadata, source: Self.tokenSource(state)))
        }
        var result = try await issueTokens(grant, writer: writer)
        result.newDeviceMetadata = device.metadata
        try await recordEvent(
            .signIn, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
            eventId: eventId, challenges: challenges, risk: state.risk, writer: writer)
        return AuthStep(result: result, signedInUser: user, pool: pool)
    }

    private func newPasswordChallenge(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, writer: any DirectoryWriter
    ) async throws -> AuthStep {
        let rules = AttributeRules(pool: pool.pool)
        let required = rules.missingRequired(in: user.attributes).map { "userAttributes." + $0 }
        var shown = user.attributes
        shown["sub"] = nil
        let session = try await openSession(
            challenge: ChallengeNameType.newPasswordRequired.rawValue, user: user, pool: pool, client: client, state: state, writer: writer)
        return AuthStep(
            challengeName: .newPasswordRequired, session: session,
            challengeParameters: [
                "USER_ID_FOR_SRP": user.username,
                "requiredAttributes": Self.jsonText(required),
                "userAttributes": Self.jsonText(shown),
            ])
    }

    /// The MFA challenge this sign-in needs, if any: the user's preferred method, a
    /// choice between several, or enrolment when MFA is required and none is set up.
    func mfaChallenge(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, writer: any DirectoryWriter
    ) async throws -> AuthStep? {
        let config = mfaConfig(pool)
        guard let mode = config.mfaConfiguration, mode != .off else { return nil }
        let smsOn = config.smsMfaConfiguration != nil
        let totpOn = config.softwareTokenMfaConfiguration?.enabled == true
        let emailOn = config.emailMfaConfiguration != nil
        let hasPhone = !(user.attributes["phone_number"] ?? "").isEmpty
        let hasEmail = !(user.attributes["email"] ?? "").isEmpty
        var available: [String] = []
        if smsOn && hasPhone && (user.security.smsMfaEnabled || (mode == .on && user.security.enabledMfa.isEmpty)) {
            available.append("SMS_MFA")
        }
        if totpOn && user.security.softwareTokenMfaEnabled && user.security.totpSecret != nil { available.append("SOFTWARE_TOKEN_MFA") }
        if emailOn && hasEmail && user.security.emailMfaEnabled { available.append("EMAIL_OTP") }
        if available.isEmpty {
            guard mode == .on else { return nil }
            guard totpOn else {
                throw CognitoError.invalidParameter("User does not have delivery config set to turn on SMS_MFA")
            }
            var setup = state
            setup.options = ["SOFTWARE_TOKEN_MFA"]
            let session = try await openSession(
                challenge: ChallengeNameType.mfaSetup.rawValue, user: user, pool: pool, client: client, state: setup, writer: writer)
            return AuthStep(challengeName: .mfaSetup, session: session, challengeParameters: ["MFAS_CAN_SETUP": Self.jsonText(setup.options)])
        }
        if let preferred = user.security.preferredMfa, available.contains(preferred) {
            return try await issueMfaChallenge(preferred, user: user, pool: pool, client: client, state: state, writer: writer)
        }
        if available.count == 1 {
            return try await issueMfaChallenge(available[0], user: user, pool: pool, client: client, state: state, writer: writer)
        }
        var choice = state
        choice.options = available
        let session = try await openSession(
            challenge: ChallengeNameType.selectMfaType.rawValue, user: user, pool: pool, client: client, state: choice, writer: writer)
        return AuthStep(
            challengeName: .selectMfaType, session: session, challengeParameters: ["MFAS_CAN_CHOOSE": Self.jsonText(available)])
    }

    /// Opens the challenge for one MFA method, sending the code for SMS and email.
    func issueMfaChallenge(
        _ method: String, user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState,
        writer: any DirectoryWriter
    ) async throws -> AuthStep {
        var state = state
        var parameters: [String: String] = [:]
        var pendingMessage: OutboxMessage?
        let challenge: ChallengeNameType
        switch method {
        case "SMS_MFA", "EMAIL_OTP":
            let isEmail = method == "EMAIL_OTP"
            challenge = isEmail ? .emailOtp : .smsMfa
            let code = Identifiers.code(digits: isEmail ? 8 : 6)
            let destination = user.attributes[isEmail ? "email" : "phone_number"] ?? ""
            state.codeHash = vault.hashCode(code, userId: user.id ?? 0, purpose: "mfa")
            let config = mfaConfig(pool)
            let template =
                isEmail
                ? config.emailMfaConfiguration?.message ?? "Your sign-in code is {####}."
                : config.smsMfaConfiguration?.smsAuthenticationMessage ?? pool.pool.smsAuthenticationMessage
                    ?? "Your authentication code is {####}. "
            let message = OutboxMessage(
                poolId: pool.id, username: user.username, channel: isEmail ? .email : .sms, destination: destination, purpose: .mfaCode,
                subject: isEmail ? (config.emailMfaConfiguration?.subject ?? "Your sign-in code") : nil,
                text: MessageTemplates.fill(template, username: user.username, code: code), code: code, sent: clock.now)
            if pool.pool.lambdaConfig?.customMessage != nil {
                pendingMessage = message
            } else {
                try await deliver(message, writer: writer)
            }
            parameters = [
                "CODE_DELIVERY_DELIVERY_MEDIUM": isEmail ? "EMAIL" : "SMS",
                "CODE_DELIVERY_DESTINATION": MessageTemplates.mask(destination, channel: isEmail ? .email : .sms),
            ]
        default:
            challenge = .softwareTokenMfa
            if let name = user.security.totpFriendlyName { parameters["FRIENDLY_DEVICE_NAME"] = name }
        }
        parameters["USER_ID_FOR_SRP"] = user.username
        let session = try await openSession(challenge: challenge.rawValue, user: user, pool: pool, client: client, state: state, writer: writer)
        return AuthStep(challengeName: challenge, session: session, challengeParameters: parameters, pendingMessage: pendingMessage)
    }

    /// PreTokenGeneration's triggerSource for a sign-in that ends now: after a new
    /// password, after a remembered device's proof, or a plain sign-in.
    static func tokenSource(_ state: AuthSessionState) -> String {
        if state.passed.contains("NEW_PASSWORD") { return "TokenGeneration_NewPasswordChallenge" }
        if state.passed.contains("DEVICE") { return "TokenGeneration_AuthenticateDevice" }
        return "TokenGeneration_Authentication"
    }

    static func jsonText(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    // MARK: - Refresh

    /// REFRESH_TOKEN_AUTH: new ID and access tokens for the same sign-in (same
    /// origin_jti and auth_time); a new refresh token only with rotation turned on.
    /// `secretVerified`: the caller checked the client secret itself (the token endpoint
    /// takes the secret, not a SECRET_HASH).
    func refreshSignIn(
        _ parameters: [String: String], pool: StoredPool, client: UserPoolClientType, context: RequestOrigin, secretVerified: Bool = false
    ) async throws -> AuthStep {
        let token = try Self.require("REFRESH_TOKEN", in: parameters)
        let hash = Self.tokenHash(token)
        return try await write { writer in
            guard let record = try await writer.refreshToken(hash: hash), record.clientId == client.clientId, record.poolKey == pool.key,
                let user = try await writer.user(id: record.userId)
            else { throw CognitoError.notAuthorized("Invalid Refresh Token.") }
            if record.revoked { throw CognitoError.notAuthorized("Refresh Token has been revoked") }
            if clock.now >= record.expires { throw CognitoError.notAuthorized("Refresh Token has expired") }
            if !secretVerified {
                try checkSecretHash(
                    parameters["SECRET_HASH"], client: client,
                    usernames: [user.username, user.sub] + [parameters["USERNAME"]].compactMap { $0 }, refresh: true)
            }
            guard user.enabled else { throw CognitoError.notAuthorized("User is disabled.") }
            // A token from a tracked device works only from that device.
            if let deviceKey = record.deviceKey, tracksDevices(pool), parameters["DEVICE_KEY"] != deviceKey {
                throw CognitoError.notAuthorized("Invalid Refresh Token.")
            }
            let rotate = client.refreshTokenRotation?.feature == .enabled
            let grant = TokenGrant(
                user: user, pool: pool, client: client, authTime: record.authTime, originJti: record.originJti,
                eventId: context.requestId ?? Identifiers.uuidV4(), withRefreshToken: rotate, deviceKey: record.deviceKey,
                scopes: record.scopes)
            if preTokenTrigger(pool) != nil {
                if rotate {
                    try await writer.expireRefreshToken(
                        hash: hash, at: clock.now.addingTimeInterval(TimeInterval(client.refreshTokenRotation?.retryGracePeriodSeconds ?? 0)))
                }
                return AuthStep(pending: PendingTokens(grant: grant, source: "TokenGeneration_RefreshTokens"))
            }
            var result = try await issueTokens(grant, writer: writer)
            if rotate {
                try await writer.expireRefreshToken(
                    hash: hash, at: clock.now.addingTimeInterval(TimeInterval(client.refreshTokenRotation?.retryGracePeriodSeconds ?? 0)))
            } else {
                result.refreshToken = nil
            }
            return AuthStep(result: result)
        }
    }
}
