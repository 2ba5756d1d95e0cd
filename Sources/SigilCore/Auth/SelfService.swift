import Foundation
import SigilCrypto

/// What a signed-in user does with their own access token.
extension Engine {
    public func getUser(_ request: GetUserRequest) async throws -> GetUserResponse {
        try validator.validate(request, operation: .getUser)
        let (pool, user, claims) = try await read { reader in try await authorize(request.accessToken, reader: reader) }
        let client = try await read { reader in try await reader.client(id: claims["client_id"]?.stringValue ?? "") }
        var attributes = user.attributes.filter { !$0.key.hasPrefix("dev:") }
        if let readable = client?.readAttributes.map(Set.init) {
            attributes = attributes.filter { readable.contains($0.key) || $0.key == "sub" }
        }
        let mfa = mfaSummary(user)
        return GetUserResponse(
            username: user.username, userAttributes: AttributeRules(pool: pool.pool).listed(attributes), mfaOptions: mfa.options,
            preferredMfaSetting: mfa.preferred, userMFASettingList: mfa.list)
    }

    /// Changes attributes. A new email or phone is unverified and gets a code when the
    /// pool auto-verifies it; if the pool keeps the old value until then
    /// (AttributesRequireVerificationBeforeUpdate), the new one waits for VerifyUserAttribute.
    public func updateUserAttributes(_ request: UpdateUserAttributesRequest) async throws -> UpdateUserAttributesResponse {
        try validator.validate(request, operation: .updateUserAttributes)
        let (knownPool, known, knownClaims) = try await read { reader in try await authorize(request.accessToken, reader: reader) }
        let custom = try await attributeChangeMessage(
            request.userAttributes, user: known, pool: knownPool, clientId: knownClaims["client_id"]?.stringValue,
            metadata: request.clientMetadata)
        let details = try await write { writer -> [CodeDeliveryDetailsType] in
            let (pool, found, claims) = try await authorize(request.accessToken, reader: writer)
            var user = found
            if let client = try await writer.client(id: claims["client_id"]?.stringValue ?? "") {
                try checkWritable(request.userAttributes.map(\.name), client: client)
            }
            if request.userAttributes.contains(where: { $0.name.hasSuffix("_verified") }) {
                throw CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
            }
            let rules = AttributeRules(pool: pool.pool)
            let changes = try rules.checked(request.userAttributes, creating: false)
            let autoVerified = Set((pool.pool.autoVerifiedAttributes ?? []).map(\.rawValue))
            let gated = Set((pool.pool.userAttributeUpdateSettings?.attributesRequireVerificationBeforeUpdate ?? []).map(\.rawValue))
            var toVerify: [String] = []
            for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
                if value.isEmpty {
                    if rules.schema[name]?.required == true {
                        throw CognitoError.invalidParameter("Invalid user attributes: \(name): Required attribute cannot be deleted.")
                    }
                    user.attributes[name] = nil
                    if name == "email" || name == "phone_number" { user.attributes[name + "_verified"] = nil }
                    continue
                }
                guard user.attributes[name] != value else { continue }
                if (name == "email" || name == "phone_number") && autoVerified.contains(name) {
                    toVerify.append(name)
                    if gated.contains(name) && user.isVerified(name) {
                        user.security.pendingAttributes = (user.security.pendingAttributes ?? [:]).merging([name: value]) { $1 }
                        continue
                    }
                }
                user.attributes[name] = value
                if name == "email" || name == "phone_number" { user.attributes[name + "_verified"] = "false" }
            }
            try await checkUsernameAttributesFreeForUpdate(user, pool: pool, writer: writer)
            user.modified = clock.now
            try await writer.updateUser(user)
            var details: [CodeDeliveryDetailsType] = []
            for name in toVerify {
                var target = user
                if let pending = user.security.pendingAttributes?[name] { target.attributes[name] = pending }
                details.append(
                    try await sendAttributeCode(to: target, attribute: name, pool: pool, writer: writer, now: clock.now, custom: custom))
            }
            return details
        }
        return UpdateUserAttributesResponse(codeDeliveryDetailsList: details.isEmpty ? nil : details)
    }

    private func checkUsernameAttributesFreeForUpdate(_ user: UserRecord, pool: StoredPool, writer: any DirectoryWriter) async throws {
        for kind in pool.pool.usernameAttributes ?? [] {
            let column: SearchColumn = kind == .email ? .email : .phoneNumber
            if let value = user.attributes[kind.rawValue],
                try await owner(of: column, value: value, in: pool, reader: writer, verifiedOnly: false, excluding: user.id) != nil
            {
                throw CognitoError(.aliasExistsException, "An account with the given \(kind.rawValue) already exists.")
            }
        }
    }

    public func deleteUserAttributes(_ request: DeleteUserAttributesRequest) async throws -> DeleteUserAttributesResponse {
        try validator.validate(request, operation: .deleteUserAttributes)
        try await write { writer in
            let (pool, found, claims) = try await authorize(request.accessToken, reader: writer)
            if let client = try await writer.client(id: claims["client_id"]?.stringValue ?? "") {
                try checkWritable(request.userAttributeNames, client: client)
            }
            var user = found
            try removeAttributes(request.userAttributeNames, from: &user, pool: pool.pool)
            user.modified = clock.now
            try await writer.updateUser(user)
        }
        return DeleteUserAttributesResponse()
    }

    public func getUserAttributeVerificationCode(_ request: GetUserAttributeVerificationCodeRequest) async throws
        -> GetUserAttributeVerificationCodeResponse
    {
        try validator.validate(request, operation: .getUserAttributeVerificationCode)
        guard request.attributeName == "email" || request.attributeName == "phone_number" else {
            throw CognitoError.invalidParameter("Invalid attribute name. Only phone_number and email can be verified.")
        }
        let (knownPool, known, claims) = try await read { reader in try await authorize(request.accessToken, reader: reader) }
        let custom = try await attributeMessage(
            "VerifyUserAttribute", user: known, changes: [], pool: knownPool, clientId: claims["client_id"]?.stringValue,
            metadata: request.clientMetadata)
        let details = try await write { writer -> CodeDeliveryDetailsType in
            let (pool, user, _) = try await authorize(request.accessToken, reader: writer)
            var target = user
            if let pending = user.security.pendingAttributes?[request.attributeName] { target.attributes[request.attributeName] = pending }
            guard target.attributes[request.attributeName] != nil else {
                throw CognitoError.invalidParameter("The user has no \(request.attributeName) to verify.")
            }
            return try await sendAttributeCode(
                to: target, attribute: request.attributeName, pool: pool, writer: writer, now: clock.now, custom: custom)
        }
        return GetUserAttributeVerificationCodeResponse(codeDeliveryDetails: details)
    }

    public func verifyUserAttribute(_ request: VerifyUserAttributeRequest) async throws -> VerifyUserAttributeResponse {
        try validator.validate(request, operation: .verifyUserAttribute)
        guard request.attributeName == "email" || request.attributeName == "phone_number" else {
            throw CognitoError.invalidParameter("Invalid attribute name. Only phone_number and email can be verified.")
        }
        let name = request.attributeName
        let outcome = try await write { writer -> Result<Void, CognitoError> in
            let (pool, found, _) = try await authorize(request.accessToken, reader: writer)
            var user = found
            let purpose: VerificationCode.Purpose = name == "email" ? .verifyEmail : .verifyPhone
            if case .failure(let error) = try await checkCode(request.code, user: user, purpose: purpose, writer: writer) {
                return .failure(error)
            }
            if let pending = user.security.pendingAttributes?[name] {
                user.attributes[name] = pending
                user.security.pendingAttributes?[name] = nil
                if user.security.pendingAttributes?.isEmpty == true { user.security.pendingAttributes = nil }
            }
            // Verifying an address another user had as an alias moves the alias here.
            try await verifyAlias(name, of: &user, pool: pool, force: true, writer: writer)
            user.attributes[name + "_verified"] = "true"
            user.modified = clock.now
            try await writer.updateUser(user)
            return .success(())
        }
        try outcome.get()
        return VerifyUserAttributeResponse()
    }

    public func changePassword(_ request: ChangePasswordRequest, context: RequestOrigin = RequestOrigin()) async throws -> ChangePasswordResponse {
        try validator.validate(request, operation: .changePassword)
        let (pool, found, claims) = try await read { reader in try await authorize(request.accessToken, reader: reader) }
        try checkLockout(found)
        let previousMatches =
            await request.previousPassword.asyncFlatMap { previous in
                await found.passwordMaterial.asyncMap { await vault.verify(previous, material: $0, poolId: pool.id, userIdForSRP: found.username) }
            } ?? false
        try PasswordPolicyCheck.check(request.proposedPassword, against: pool.pool.policies?.passwordPolicy, context: .selfService)
        let material = try await vault.seal(poolId: pool.id, userIdForSRP: found.username, password: request.proposedPassword)
        let clientId = claims["client_id"]?.stringValue
        let compromised =
            try await previousMatches
            ? read { reader in
                try await checkNewPassword(request.proposedPassword, event: .passwordChange, pool: pool, clientId: clientId, reader: reader)
            } : false
        let outcome = try await write { writer -> Result<Void, CognitoError> in
            guard var user = try await writer.user(id: found.id ?? 0) else { throw CognitoError.userNotFound }
            guard previousMatches else {
                recordFailedSignIn(&user)
                try await writer.updateUser(user)
                try await recordEvent(
                    .passwordChange, response: .fail, user: user, username: user.username, pool: pool, clientId: clientId, context: context,
                    writer: writer)
                return .failure(CognitoError.notAuthorized("Incorrect username or password."))
            }
            user.passwordMaterial = material
            user.modified = clock.now
            recordSuccessfulSignIn(&user)
            try await writer.updateUser(user)
            try await recordEvent(
                .passwordChange, response: .pass, user: user, username: user.username, pool: pool, clientId: clientId, context: context,
                risk: passwordEventRisk(pool, compromised: compromised), writer: writer)
            return .success(())
        }
        try outcome.get()
        return ChangePasswordResponse()
    }

    public func deleteUser(_ request: DeleteUserRequest) async throws {
        try validator.validate(request, operation: .deleteUser)
        try await write { writer in
            let (_, user, _) = try await authorize(request.accessToken, reader: writer)
            try await writer.deleteUser(user)
        }
    }

    // MARK: - Signing out

    /// Revokes every refresh token of the user, and with them their access tokens.
    public func globalSignOut(_ request: GlobalSignOutRequest) async throws -> GlobalSignOutResponse {
        try validator.validate(request, operation: .globalSignOut)
        try await write { writer in
            let (_, user, _) = try await authorize(request.accessToken, reader: writer)
            try await signOut(user, writer: writer)
        }
        return GlobalSignOutResponse()
    }

    public func adminUserGlobalSignOut(_ request: AdminUserGlobalSignOutRequest) async throws -> AdminUserGlobalSignOutResponse {
        try validator.validate(request, operation: .adminUserGlobalSignOut)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            try await signOut(try requireUser(request.username, in: stored, reader: writer), writer: writer)
        }
        return AdminUserGlobalSignOutResponse()
    }

    private func signOut(_ user: UserRecord, writer: any DirectoryWriter) async throws {
        var user = user
        try await writer.revokeRefreshTokens(userId: user.id ?? 0)
        user.security.signedOutAt = clock.now
        try await writer.updateUser(user)
    }

    /// Revokes one refresh token and the access tokens minted from it.
    public func revokeToken(_ request: RevokeTokenRequest) async throws -> RevokeTokenResponse {
        try validator.validate(request, operation: .revokeToken)
        try await write { writer in
            guard let client = try await writer.client(id: request.clientId) else {
                throw CognitoError.notAuthorized("Invalid client id: \(request.clientId)")
            }
            if let secret = client.clientSecret, !constantTimeEquals(secret, request.clientSecret ?? "") {
                throw CognitoError.notAuthorized("Client secret does not match the client \(request.clientId)")
            }
            guard client.enableTokenRevocation != false else {
                throw CognitoError(.unsupportedOperationException, "Token revocation is not enabled for this client.")
            }
            let hash = Self.tokenHash(request.token)
            guard let record = try await writer.refreshToken(hash: hash) else { return }
            guard record.clientId == request.clientId else {
                throw CognitoError(.unauthorizedException, "The refresh token was not issued to this client.")
            }
            try await writer.revokeRefreshToken(hash: hash)
        }
        return RevokeTokenResponse()
    }
}
