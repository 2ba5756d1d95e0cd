import Foundation
import SigilCrypto

/// The pool's MFA configuration and each user's MFA choices, and TOTP enrolment.
extension Engine {
    /// The MFA settings in force: what SetUserPoolMfaConfig stored, or, for a pool that
    /// only set MfaConfiguration, SMS codes.
    func mfaConfig(_ stored: StoredPool) -> GetUserPoolMfaConfigResponse {
        if var config = stored.mfaConfig {
            config.mfaConfiguration = stored.pool.mfaConfiguration ?? .off
            return config
        }
        return GetUserPoolMfaConfigResponse(
            smsMfaConfiguration: SmsMfaConfigType(
                smsAuthenticationMessage: stored.pool.smsAuthenticationMessage, smsConfiguration: stored.pool.smsConfiguration),
            softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: false),
            mfaConfiguration: stored.pool.mfaConfiguration ?? .off)
    }

    public func setUserPoolMfaConfig(_ request: SetUserPoolMfaConfigRequest) async throws -> SetUserPoolMfaConfigResponse {
        try validator.validate(request, operation: .setUserPoolMfaConfig)
        let saved = try await write { writer -> GetUserPoolMfaConfigResponse in
            var stored = try await requirePool(request.userPoolId, in: writer)
            let mode = request.mfaConfiguration ?? stored.pool.mfaConfiguration ?? .off
            let totp = request.softwareTokenMfaConfiguration?.enabled == true
            let sms = request.smsMfaConfiguration != nil
            let email = request.emailMfaConfiguration != nil
            if mode != .off && !totp && !sms && !email {
                throw CognitoError.invalidParameter(
                    "Invalid MFA configuration given: turning MFA on needs SMS, TOTP or email codes configured.")
            }
            if let message = request.smsMfaConfiguration?.smsAuthenticationMessage, !message.contains("{####}") {
                throw CognitoError.invalidParameter("The message is invalid.")
            }
            if let message = request.emailMfaConfiguration?.message, !message.contains("{####}") {
                throw CognitoError.invalidParameter("The message is invalid.")
            }
            let config = GetUserPoolMfaConfigResponse(
                smsMfaConfiguration: request.smsMfaConfiguration,
                softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: totp),
                emailMfaConfiguration: request.emailMfaConfiguration, mfaConfiguration: mode,
                webAuthnConfiguration: request.webAuthnConfiguration)
            stored.pool.mfaConfiguration = mode
            stored.pool.smsAuthenticationMessage = request.smsMfaConfiguration?.smsAuthenticationMessage ?? stored.pool.smsAuthenticationMessage
            stored.pool.lastModifiedDate = clock.now
            try await writer.updatePool(key: stored.key, stored.pool)
            try await writer.updatePoolMfaConfig(key: stored.key, config)
            return config
        }
        return SetUserPoolMfaConfigResponse(
            smsMfaConfiguration: saved.smsMfaConfiguration, softwareTokenMfaConfiguration: saved.softwareTokenMfaConfiguration,
            emailMfaConfiguration: saved.emailMfaConfiguration, mfaConfiguration: saved.mfaConfiguration,
            webAuthnConfiguration: saved.webAuthnConfiguration)
    }

    public func getUserPoolMfaConfig(_ request: GetUserPoolMfaConfigRequest) async throws -> GetUserPoolMfaConfigResponse {
        try validator.validate(request, operation: .getUserPoolMfaConfig)
        return await mfaConfig(try read { reader in try await requirePool(request.userPoolId, in: reader) })
    }

    public func setUserMFAPreference(_ request: SetUserMFAPreferenceRequest) async throws -> SetUserMFAPreferenceResponse {
        try validator.validate(request, operation: .setUserMFAPreference)
        try await write { writer in
            let (stored, user, _) = try await authorize(request.accessToken, reader: writer)
            try await applyPreference(
                sms: request.smsMfaSettings, totp: request.softwareTokenMfaSettings, email: request.emailMfaSettings, user: user,
                pool: stored, writer: writer)
        }
        return SetUserMFAPreferenceResponse()
    }

    public func adminSetUserMFAPreference(_ request: AdminSetUserMFAPreferenceRequest) async throws -> AdminSetUserMFAPreferenceResponse {
        try validator.validate(request, operation: .adminSetUserMFAPreference)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            let user = try await requireUser(request.username, in: stored, reader: writer)
            try await applyPreference(
                sms: request.smsMfaSettings, totp: request.softwareTokenMfaSettings, email: request.emailMfaSettings, user: user,
                pool: stored, writer: writer)
        }
        return AdminSetUserMFAPreferenceResponse()
    }

    private func applyPreference(
        sms: SMSMfaSettingsType?, totp: SoftwareTokenMfaSettingsType?, email: EmailMfaSettingsType?, user: UserRecord, pool: StoredPool,
        writer: any DirectoryWriter
    ) async throws {
        var user = user
        var security = user.security
        if let sms {
            if sms.enabled == true && (user.attributes["phone_number"] ?? "").isEmpty {
                throw CognitoError.invalidParameter("User does not have delivery config set to turn on SMS_MFA")
            }
            security.smsMfaEnabled = sms.enabled ?? security.smsMfaEnabled
        }
        if let totp {
            if totp.enabled == true && security.totpSecret == nil {
                throw CognitoError.invalidParameter("User has not verified software token mfa")
            }
            security.softwareTokenMfaEnabled = totp.enabled ?? security.softwareTokenMfaEnabled
        }
        if let email {
            if email.enabled == true && (user.attributes["email"] ?? "").isEmpty {
                throw CognitoError.invalidParameter("User does not have delivery config set to turn on EMAIL_OTP")
            }
            security.emailMfaEnabled = email.enabled ?? security.emailMfaEnabled
        }
        let choices = [(sms?.preferredMfa, "SMS_MFA"), (totp?.preferredMfa, "SOFTWARE_TOKEN_MFA"), (email?.preferredMfa, "EMAIL_OTP")]
        if let current = security.preferredMfa, choices.contains(where: { $0.1 == current && $0.0 == false }) {
            security.preferredMfa = nil
        }
        let preferred = choices.filter { $0.0 == true }.map(\.1)
        if preferred.count > 1 {
            throw CognitoError.invalidParameter("Only one MFA method can be preferred.")
        }
        if let choice = preferred.first {
            guard security.enabledMfa.contains(choice) else {
                throw CognitoError.invalidParameter("A preferred MFA method must also be enabled.")
            }
            security.preferredMfa = choice
        }
        if let current = security.preferredMfa, !security.enabledMfa.contains(current) { security.preferredMfa = nil }
        user.security = security
        user.modified = clock.now
        try await writer.updateUser(user)
    }

    /// The user's MFA settings as GetUser and AdminGetUser report them.
    func mfaSummary(_ user: UserRecord) -> (list: [String]?, preferred: String?, options: [MFAOptionType]?) {
        let enabled = user.security.enabledMfa
        let options =
            user.security.smsMfaEnabled
            ? [MFAOptionType(deliveryMedium: .sms, attributeName: "phone_number")] : nil
        return (enabled.isEmpty ? nil : enabled, user.security.preferredMfa, options)
    }

    // MARK: - TOTP enrolment

    public func associateSoftwareToken(_ request: AssociateSoftwareTokenRequest) async throws -> AssociateSoftwareTokenResponse {
        try validator.validate(request, operation: .associateSoftwareToken)
        let secret = TOTP.makeSecret()
        let code = Base32.encode(secret)
        let sealed = try sealSecret(secret)
        return try await write { writer in
            if let accessToken = request.accessToken {
                var (_, user, _) = try await authorize(accessToken, reader: writer)
                user.security.pendingTotpSecret = sealed
                try await writer.updateUser(user)
                return AssociateSoftwareTokenResponse(secretCode: code)
            }
            guard let handle = request.session else {
                throw CognitoError.invalidParameter("Either AccessToken or Session must be given.")
            }
            let (session, pool, client, user) = try await mfaSetupSession(handle, reader: writer)
            var updated = user
            updated.security.pendingTotpSecret = sealed
            try await writer.updateUser(updated)
            try await spend(session, writer: writer)
            let next = try await openSession(
                challenge: ChallengeNameType.mfaSetup.rawValue, user: updated, pool: pool, client: client, state: session.state, writer: writer)
            return AssociateSoftwareTokenResponse(secretCode: code, session: next)
        }
    }

    public func verifySoftwareToken(_ request: VerifySoftwareTokenRequest) async throws -> VerifySoftwareTokenResponse {
        try validator.validate(request, operation: .verifySoftwareToken)
        let now = clock.now
        return try await write { writer in
            var user: UserRecord
            var session: (AuthSessionRecord, StoredPool, UserPoolClientType)?
            if let accessToken = request.accessToken {
                user = try await authorize(accessToken, reader: writer).1
            } else if let handle = request.session {
                let found = try await mfaSetupSession(handle, reader: writer)
                user = found.3
                session = (found.0, found.1, found.2)
            } else {
                throw CognitoError.invalidParameter("Either AccessToken or Session must be given.")
            }
            guard let pending = user.security.pendingTotpSecret, let secret = openSecret(pending) else {
                throw CognitoError(.enableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA")
            }
            guard let step = TOTP(secret: secret).validate(request.userCode, at: now) else {
                throw CognitoError(.enableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA")
            }
            user.security.totpSecret = pending
            user.security.pendingTotpSecret = nil
            user.security.lastTotpStep = step
            user.security.totpFriendlyName = request.friendlyDeviceName
            if let (record, pool, client) = session {
                // Enrolment during sign-in (MFA_SETUP) turns TOTP on as the user's method.
                user.security.softwareTokenMfaEnabled = true
                user.security.preferredMfa = "SOFTWARE_TOKEN_MFA"
                try await writer.updateUser(user)
                try await spend(record, writer: writer)
                var state = record.state
                state.totpVerified = true
                let next = try await openSession(
                    challenge: ChallengeNameType.mfaSetup.rawValue, user: user, pool: pool, client: client, state: state, writer: writer)
                return VerifySoftwareTokenResponse(status: .success, session: next)
            }
            try await writer.updateUser(user)
            return VerifySoftwareTokenResponse(status: .success)
        }
    }

    private func mfaSetupSession(_ handle: String, reader: any DirectoryReader) async throws
        -> (AuthSessionRecord, StoredPool, UserPoolClientType, UserRecord)
    {
        let found = try await reader.authSession(hash: Self.tokenHash(handle))
        let live = try checkLive(found, clientId: found?.clientId ?? "")
        guard live.challenge == ChallengeNameType.mfaSetup.rawValue, let user = try await reader.user(id: live.userId),
            let client = try await reader.client(id: live.clientId), let pool = try await reader.pool(id: client.userPoolId ?? "")
        else {
            throw CognitoError.notAuthorized("Invalid session for the user.")
        }
        return (live, pool, client, user)
    }

    func sealSecret(_ secret: [UInt8]) throws -> String {
        Data(try AESGCM.seal(secret, key: vault.key, authenticating: Array("sigil-totp".utf8))).base64EncodedString()
    }

    func openSecret(_ sealed: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: sealed) else { return nil }
        return try? AESGCM.open([UInt8](data), key: vault.key, authenticating: Array("sigil-totp".utf8))
    }
}

/// The MFA factors a pool can offer.
public enum MFAFactor: String, Sendable, CaseIterable {
    case totp, sms, email
}

extension SetUserPoolMfaConfigRequest {
    /// A pool's MFA set from a mode and the factors it offers, as the command line and the
    /// console set it (messages left to their defaults).
    public static func factors(poolId: String, mode: UserPoolMfaType, _ factors: Set<MFAFactor>) -> SetUserPoolMfaConfigRequest {
        SetUserPoolMfaConfigRequest(
            userPoolId: poolId, smsMfaConfiguration: factors.contains(.sms) ? SmsMfaConfigType() : nil,
            softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: factors.contains(.totp)),
            emailMfaConfiguration: factors.contains(.email) ? EmailMfaConfigType() : nil, mfaConfiguration: mode)
    }
}
