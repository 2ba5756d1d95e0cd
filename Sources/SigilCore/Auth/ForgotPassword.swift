import Foundation

/// ForgotPassword and ConfirmForgotPassword.
extension Engine {
    public func forgotPassword(_ request: ForgotPasswordRequest, context: RequestOrigin = RequestOrigin()) async throws -> ForgotPasswordResponse {
        try validator.validate(request, operation: .forgotPassword)
        let context = context.merged(with: request.userContextData)
        var (pool, client, found) = try await read { reader in
            let (pool, client) = try await requireClient(request.clientId, in: reader)
            return (pool, client, try await findUser(request.username, in: pool, reader: reader, scope: .signIn))
        }
        if found == nil {
            try checkSecretHash(request.secretHash, client: client, usernames: [request.username])
            found = try await migrateUser(request.username, password: nil, pool: pool, client: client, metadata: request.clientMetadata)
        }
        let custom =
            found?.enabled == true && found?.status != .unconfirmed && found?.status != .forceChangePassword
            ? try await customMessage("ForgotPassword", user: found, pool: pool, clientId: client.clientId, metadata: request.clientMetadata)
            : nil
        let details = try await write { writer -> CodeDeliveryDetailsType in
            let hides = hidesUserExistence(client)
            guard let user = try await findUser(request.username, in: pool, reader: writer, scope: .signIn) else {
                try checkSecretHash(request.secretHash, client: client, usernames: [request.username])
                guard hides else { throw CognitoError(.userNotFoundException, "Username/client id combination not found.") }
                return simulatedDelivery(request.username, pool: pool.pool)
            }
            try checkSecretHash(request.secretHash, client: client, usernames: [request.username, user.username])
            guard user.enabled else {
                if hides { return simulatedDelivery(request.username, pool: pool.pool) }
                throw CognitoError.notAuthorized("User is disabled.")
            }
            if user.status == .forceChangePassword {
                throw CognitoError.notAuthorized("User password cannot be reset in the current state.")
            }
            let mechanisms = pool.pool.accountRecoverySetting?.recoveryMechanisms ?? []
            if mechanisms.count == 1 && mechanisms[0].name == .adminOnly {
                throw CognitoError.notAuthorized("User password cannot be reset in the current state.")
            }
            guard user.status != .unconfirmed, let channel = recoveryChannel(for: user, pool: pool.pool) else {
                if hides { return simulatedDelivery(request.username, pool: pool.pool) }
                throw CognitoError.invalidParameter(
                    "Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            let details = try await sendCode(
                to: user, channel: channel, purpose: .forgotPassword, outboxPurpose: .forgotPassword, lifetime: 3_600, pool: pool,
                writer: writer, now: clock.now, custom: custom)
            try await recordEvent(
                .forgotPassword, response: .inProgress, user: user, username: user.username, pool: pool, clientId: client.clientId,
                context: context, writer: writer)
            return details
        }
        return ForgotPasswordResponse(codeDeliveryDetails: details)
    }

    public func confirmForgotPassword(_ request: ConfirmForgotPasswordRequest, context: RequestOrigin = RequestOrigin()) async throws
        -> ConfirmForgotPasswordResponse
    {
        try validator.validate(request, operation: .confirmForgotPassword)
        let context = context.merged(with: request.userContextData)
        let (pool, client) = try await read { reader in try await requireClient(request.clientId, in: reader) }
        let hides = hidesUserExistence(client)
        let found = try await read { reader in try await findUser(request.username, in: pool, reader: reader, scope: .signIn) }
        try checkSecretHash(request.secretHash, client: client, usernames: [request.username] + (found.map { [$0.username] } ?? []))
        guard let found, found.enabled || !hides else {
            if hides { throw CognitoError(.codeMismatchException, "Invalid verification code provided, please try again.") }
            throw CognitoError(.userNotFoundException, "Username/client id combination not found.")
        }
        guard found.enabled else { throw CognitoError.notAuthorized("User is disabled.") }
        try PasswordPolicyCheck.check(request.password, against: pool.pool.policies?.passwordPolicy, context: .selfService)
        let compromised = try await read { reader in
            try await checkNewPassword(request.password, event: .passwordChange, pool: pool, clientId: client.clientId, reader: reader)
        }
        let material = try await vault.seal(poolId: pool.id, userIdForSRP: found.username, password: request.password)
        let outcome = try await write { writer -> Result<UserRecord, CognitoError> in
            guard var user = try await writer.user(id: found.id ?? 0) else { throw CognitoError.userNotFound }
            if case .failure(let error) = try await checkCode(request.confirmationCode, user: user, purpose: .forgotPassword, writer: writer) {
                try await recordEvent(
                    .forgotPassword, response: .fail, user: user, username: user.username, pool: pool, clientId: client.clientId,
                    context: context, writer: writer)
                return .failure(error)
            }
            user.passwordMaterial = material
            user.status = .confirmed
            user.temporaryPasswordExpires = nil
            user.modified = clock.now
            recordSuccessfulSignIn(&user)
            try await writer.updateUser(user)
            try await recordEvent(
                .forgotPassword, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId,
                context: context, risk: passwordEventRisk(pool, compromised: compromised), writer: writer)
            return .success(user)
        }
        let changed = try outcome.get()
        try await postConfirmation(
            "ConfirmForgotPassword", user: changed, pool: pool, clientId: client.clientId, metadata: request.clientMetadata)
        return ConfirmForgotPasswordResponse()
    }
}
