import Foundation
import SigilCrypto

/// What threat protection does to a sign-in once it is scored: block it, demand MFA, or
/// let it pass, and tell the user by email when the configuration says so.
extension Engine {
    static let riskBlockMessage = "Unable to login because of security reasons."
    static let blockedRangeMessage = "Request not allowed due to security reasons."
    static let compromisedPasswordMessage = "Provided password cannot be used for security reasons."

    /// Applies an enforced outcome after a correct password. Returns the error to answer
    /// with (after the failed event is recorded) when the sign-in is refused.
    func applyRisk(
        _ outcome: RiskOutcome, user: inout UserRecord, pool: StoredPool, client: UserPoolClientType, state: inout AuthSessionState,
        context: RequestOrigin, writer: any DirectoryWriter
    ) async throws -> CognitoError? {
        let configuration = try await effectiveRiskConfiguration(pool: pool, clientId: client.clientId, reader: writer)
        let eventId = state.eventId ?? context.requestId ?? Identifiers.uuidV4()
        func refuse(_ message: String, assessment: RiskAssessment) async throws -> CognitoError {
            var blocked = assessment
            blocked.decision = .block
            try await recordEvent(
                .signIn, response: .fail, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                eventId: eventId, challenges: [ChallengeResponseType(challengeName: .password, challengeResponse: .success)], risk: blocked,
                writer: writer)
            return CognitoError.notAuthorized(message)
        }
        guard outcome.enforced else { return nil }
        // A breached password: the user must reset it before signing in again.
        if state.compromised, Self.compromisedAction(configuration, event: .signIn) == .block {
            user.status = .resetRequired
            try await writer.updateUser(user)
            return try await refuse(Self.riskBlockMessage, assessment: outcome.assessment)
        }
        switch outcome.action {
        case .block:
            if outcome.notify {
                try await notifyRisk(
                    .block, user: user, pool: pool, configuration: configuration, assessment: outcome.assessment, context: context, eventId: eventId,
                    writer: writer)
            }
            return try await refuse(Self.riskBlockMessage, assessment: outcome.assessment)
        case .mfaRequired, .mfaIfConfigured:
            if riskMfaMethods(user, pool: pool).isEmpty {
                // MFA_IF_CONFIGURED lets the user in without a second factor; MFA_REQUIRED can't.
                guard outcome.action == .mfaIfConfigured else { return try await refuse(Self.riskBlockMessage, assessment: outcome.assessment) }
                return nil
            }
            state.riskMfa = outcome.action.rawValue
            state.risk?.decision = .accountTakeover
            if outcome.notify {
                try await notifyRisk(
                    .mfa, user: user, pool: pool, configuration: configuration, assessment: outcome.assessment, context: context, eventId: eventId,
                    writer: writer)
            }
        case .noAction:
            if outcome.notify {
                try await notifyRisk(
                    .noAction, user: user, pool: pool, configuration: configuration, assessment: outcome.assessment, context: context,
                    eventId: eventId, writer: writer)
            }
        }
        return nil
    }

    /// The second factors a risk-based MFA challenge can use: those the pool has on that
    /// the user can receive (a phone number, an email address, a registered TOTP app).
    func riskMfaMethods(_ user: UserRecord, pool: StoredPool) -> [String] {
        let config = mfaConfig(pool)
        guard let mode = config.mfaConfiguration, mode != .off else { return [] }
        var methods: [String] = []
        if config.smsMfaConfiguration != nil, !(user.attributes["phone_number"] ?? "").isEmpty { methods.append("SMS_MFA") }
        if config.softwareTokenMfaConfiguration?.enabled == true, user.security.totpSecret != nil { methods.append("SOFTWARE_TOKEN_MFA") }
        if config.emailMfaConfiguration != nil, !(user.attributes["email"] ?? "").isEmpty { methods.append("EMAIL_OTP") }
        return methods
    }

    /// The MFA challenge threat protection demands when the pool's own rules asked none.
    func riskMfaChallenge(
        _ user: UserRecord, pool: StoredPool, client: UserPoolClientType, state: AuthSessionState, context: RequestOrigin,
        writer: any DirectoryWriter
    ) async throws -> AuthStep? {
        let methods = riskMfaMethods(user, pool: pool)
        guard !methods.isEmpty else { return nil }
        if let preferred = user.security.preferredMfa, methods.contains(preferred) {
            return try await issueMfaChallenge(preferred, user: user, pool: pool, client: client, state: state, writer: writer)
        }
        let enabled = methods.filter { user.security.enabledMfa.contains($0) }
        if enabled.count == 1 || methods.count == 1 {
            return try await issueMfaChallenge(enabled.first ?? methods[0], user: user, pool: pool, client: client, state: state, writer: writer)
        }
        var choice = state
        choice.options = enabled.isEmpty ? methods : enabled
        let session = try await openSession(
            challenge: ChallengeNameType.selectMfaType.rawValue, user: user, pool: pool, client: client, state: choice, writer: writer)
        return AuthStep(challengeName: .selectMfaType, session: session, challengeParameters: ["MFAS_CAN_CHOOSE": Self.jsonText(choice.options)])
    }

    /// What the compromised-credentials configuration does for an event (nothing when it
    /// does not watch that event).
    static func compromisedAction(_ configuration: RiskConfigurationType, event: EventFilterType) -> CompromisedCredentialsEventActionType {
        guard let compromised = configuration.compromisedCredentialsRiskConfiguration,
            compromised.eventFilter?.contains(event) ?? true
        else { return .noAction }
        return compromised.actions.eventAction
    }

    /// Checks a new password (sign-up, password change, reset, admin set) against the
    /// breached lists. Throws InvalidPasswordException when the pool enforces blocking for
    /// that event; otherwise says whether it was found (to record on the event).
    func checkNewPassword(_ password: String, event: EventFilterType, pool: StoredPool, clientId: String?, reader: any DirectoryReader) async throws
        -> Bool
    {
        let mode = securityMode(pool)
        guard mode != .off, configuration.breachedPasswords.source(of: password) != nil else { return false }
        let riskConfiguration = try await effectiveRiskConfiguration(pool: pool, clientId: clientId, reader: reader)
        if mode == .enforced && Self.compromisedAction(riskConfiguration, event: event) == .block {
            throw CognitoError(.invalidPasswordException, Self.compromisedPasswordMessage)
        }
        return true
    }

    /// The risk part of a sign-up or password event when threat protection is on: only
    /// whether the password was a breached one.
    func passwordEventRisk(_ pool: StoredPool, compromised: Bool) -> RiskAssessment? {
        guard securityMode(pool) != .off else { return nil }
        return RiskAssessment(
            level: .low, decision: .noRisk, score: 0,
            signals: compromised ? [RiskSignal("compromised-credentials", "the password is in a breached-password list", points: 0)] : [],
            compromisedCredentials: compromised, enforced: securityMode(pool) == .enforced)
    }

    /// A sign-in from an address in the pool's blocked ranges, refused before any password
    /// check when the pool enforces (and recorded).
    func refuseBlockedAddress(user: UserRecord?, username: String, pool: StoredPool, client: UserPoolClientType, context: RequestOrigin) async throws
    {
        guard securityMode(pool) == .enforced, let address = context.ipAddress.flatMap(IPAddress.init) else { return }
        let blocked = try await read { reader in
            try await effectiveRiskConfiguration(pool: pool, clientId: client.clientId, reader: reader).riskExceptionConfiguration?.blockedIPRangeList
                ?? []
        }
        guard blocked.compactMap(IPRange.init).contains(where: { $0.contains(address) }) else { return }
        let location = configuration.ipLocations.locate(address)
        let assessment = RiskAssessment(
            level: .high, decision: .block, score: 0, signals: [RiskSignal("blocked-range", "\(address) is in a blocked IP range", points: 0)],
            action: AccountTakeoverEventActionType.block.rawValue, enforced: true, country: location?.country, city: location?.city)
        try await write { writer in
            try await recordEvent(
                .signIn, response: .fail, user: user, username: username, pool: pool, clientId: client.clientId, context: context,
                risk: assessment, writer: writer)
        }
        throw CognitoError.notAuthorized(Self.blockedRangeMessage)
    }
}
