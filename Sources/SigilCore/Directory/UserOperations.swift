import Foundation

extension Engine {
    public func adminCreateUser(_ request: AdminCreateUserRequest) async throws -> AdminCreateUserResponse {
        try validator.validate(request, operation: .adminCreateUser)
        if request.messageAction != .resend { try await preSignUpByAdmin(request) }
        let custom = request.messageAction == .suppress ? nil : try await invitationMessage(request)
        let now = clock.now
        let user = try await write { writer -> UserRecord in
            let stored = try await requirePool(request.userPoolId, in: writer)
            if request.messageAction == .resend {
                return try await resendInvitation(request, in: stored, writer: writer, now: now)
            }
            let pool = stored.pool
            let rules = AttributeRules(pool: pool)
            var attributes = try rules.checked(request.userAttributes ?? [], creating: true).filter { !$0.value.isEmpty }
            let sub = Identifiers.sub()
            let username = try signInName(request.username, attributes: &attributes, pool: pool, sub: sub)
            attributes["sub"] = sub
            try checkVerifiedFlags(attributes)
            try rules.requireAll(in: attributes)
            if try await writer.user(poolKey: stored.key, usernameKey: usernameKey(username, in: pool)) != nil {
                throw CognitoError(.usernameExistsException, "User account already exists")
            }
            try await checkUsernameAttributesFree(attributes, in: stored, reader: writer, excluding: nil)
            try await claimAliases(&attributes, in: stored, writer: writer, excluding: nil, force: request.forceAliasCreation ?? false)
            let mediums = request.messageAction == .suppress ? [] : try invitationMediums(request.desiredDeliveryMediums, attributes: attributes)
            let password = try temporaryPassword(request.temporaryPassword, pool: pool)
            var user = await UserRecord(
                poolKey: stored.key, username: username, usernameKey: usernameKey(username, in: pool),
                status: .forceChangePassword, created: now, modified: now, attributes: attributes,
                passwordMaterial: try vault.seal(poolId: stored.id, userIdForSRP: username, password: password),
                temporaryPasswordExpires: temporaryExpiry(pool, now: now))
            user.id = try await writer.insertUser(user)
            try await sendInvitation(
                to: user, signInName: request.username, password: password, mediums: mediums, pool: stored, writer: writer, custom: custom)
            return user
        }
        let rules = try await read { reader in await AttributeRules(pool: try requirePool(request.userPoolId, in: reader).pool) }
        return AdminCreateUserResponse(user: userType(user, rules: rules))
    }

    public func adminGetUser(_ request: AdminGetUserRequest) async throws -> AdminGetUserResponse {
        try validator.validate(request, operation: .adminGetUser)
        let (user, rules) = try await read { reader -> (UserRecord, AttributeRules) in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return await (try requireUser(request.username, in: stored, reader: reader), AttributeRules(pool: stored.pool))
        }
        let mfa = mfaSummary(user)
        return AdminGetUserResponse(
            username: user.username, userAttributes: rules.listed(user.attributes), userCreateDate: user.created,
            userLastModifiedDate: user.modified, enabled: user.enabled, userStatus: user.status, mfaOptions: mfa.options,
            preferredMfaSetting: mfa.preferred, userMFASettingList: mfa.list)
    }

    public func adminUpdateUserAttributes(_ request: AdminUpdateUserAttributesRequest) async throws -> AdminUpdateUserAttributesResponse {
        try validator.validate(request, operation: .adminUpdateUserAttributes)
        let now = clock.now
        let (knownPool, known) = try await read { reader in
            let pool = try await requirePool(request.userPoolId, in: reader)
            return (pool, try await requireUser(request.username, in: pool, reader: reader))
        }
        let custom = try await attributeChangeMessage(
            request.userAttributes, user: known, pool: knownPool, clientId: nil, metadata: request.clientMetadata)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var user = try await requireUser(request.username, in: stored, reader: writer)
            let rules = AttributeRules(pool: stored.pool)
            let changes = try rules.checked(request.userAttributes, creating: false)
            var attributes = user.attributes
            var toVerify: [String] = []
            for (name, value) in changes {
                if value.isEmpty {
                    if rules.schema[name]?.required == true {
                        throw CognitoError.invalidParameter("Invalid user attributes: \(name): Required attribute cannot be deleted.")
                    }
                    attributes[name] = nil
                    if name == "email" || name == "phone_number" { attributes[name + "_verified"] = nil }
                    continue
                }
                let changed = attributes[name] != value
                attributes[name] = value
                if (name == "email" || name == "phone_number") && changed && changes[name + "_verified"] == nil {
                    attributes[name + "_verified"] = "false"
                    if stored.pool.autoVerifiedAttributes?.contains(where: { $0.rawValue == name }) == true {
                        toVerify.append(name)
                    }
                }
            }
            try checkVerifiedFlags(attributes)
            try await checkUsernameAttributesFree(attributes, in: stored, reader: writer, excluding: user.id)
            try await claimAliases(&attributes, in: stored, writer: writer, excluding: user.id, force: false)
            user.attributes = attributes
            user.modified = now
            try await writer.updateUser(user)
            for name in toVerify {
                try await sendAttributeCode(to: user, attribute: name, pool: stored, writer: writer, now: now, custom: custom)
            }
        }
        return AdminUpdateUserAttributesResponse()
    }

    public func adminDeleteUserAttributes(_ request: AdminDeleteUserAttributesRequest) async throws -> AdminDeleteUserAttributesResponse {
        try validator.validate(request, operation: .adminDeleteUserAttributes)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var user = try await requireUser(request.username, in: stored, reader: writer)
            try removeAttributes(request.userAttributeNames, from: &user, pool: stored.pool)
            user.modified = clock.now
            try await writer.updateUser(user)
        }
        return AdminDeleteUserAttributesResponse()
    }

    public func adminDeleteUser(_ request: AdminDeleteUserRequest) async throws {
        try validator.validate(request, operation: .adminDeleteUser)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            try await writer.deleteUser(try requireUser(request.username, in: stored, reader: writer))
        }
    }

    public func adminDisableUser(_ request: AdminDisableUserRequest) async throws -> AdminDisableUserResponse {
        try validator.validate(request, operation: .adminDisableUser)
        try await setEnabled(false, poolId: request.userPoolId, username: request.username)
        return AdminDisableUserResponse()
    }

    public func adminEnableUser(_ request: AdminEnableUserRequest) async throws -> AdminEnableUserResponse {
        try validator.validate(request, operation: .adminEnableUser)
        try await setEnabled(true, poolId: request.userPoolId, username: request.username)
        return AdminEnableUserResponse()
    }

    public func adminSetUserPassword(_ request: AdminSetUserPasswordRequest) async throws -> AdminSetUserPasswordResponse {
        try validator.validate(request, operation: .adminSetUserPassword)
        let now = clock.now
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var user = try await requireUser(request.username, in: stored, reader: writer)
            try PasswordPolicyCheck.check(request.password, against: stored.pool.policies?.passwordPolicy, context: .adminSet)
            _ = try await checkNewPassword(request.password, event: .passwordChange, pool: stored, clientId: nil, reader: writer)
            user.passwordMaterial = try await vault.seal(poolId: stored.id, userIdForSRP: user.username, password: request.password)
            if request.permanent == true {
                user.status = .confirmed
                user.temporaryPasswordExpires = nil
            } else {
                user.status = .forceChangePassword
                user.temporaryPasswordExpires = temporaryExpiry(stored.pool, now: now)
            }
            user.modified = now
            try await writer.updateUser(user)
        }
        return AdminSetUserPasswordResponse()
    }

    public func adminResetUserPassword(_ request: AdminResetUserPasswordRequest) async throws -> AdminResetUserPasswordResponse {
        try validator.validate(request, operation: .adminResetUserPassword)
        let now = clock.now
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var user = try await requireUser(request.username, in: stored, reader: writer)
            guard user.enabled else { throw CognitoError.notAuthorized("User is disabled") }
            if user.status == .forceChangePassword {
                throw CognitoError.notAuthorized("User password cannot be reset in the current state.")
            }
            let channel = user.status == .unconfirmed ? nil : recoveryChannel(for: user, pool: stored.pool)
            guard let channel else {
                throw CognitoError.invalidParameter(
                    "Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            user.status = .resetRequired
            user.modified = now
            try await writer.updateUser(user)
            try await sendCode(
                to: user, channel: channel, purpose: .forgotPassword, outboxPurpose: .resetPassword,
                lifetime: 3_600, pool: stored, writer: writer, now: now)
        }
        return AdminResetUserPasswordResponse()
    }

    public func adminConfirmSignUp(_ request: AdminConfirmSignUpRequest) async throws -> AdminConfirmSignUpResponse {
        try validator.validate(request, operation: .adminConfirmSignUp)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            var user = try await requireUser(request.username, in: stored, reader: writer)
            guard user.status == .unconfirmed else {
                throw CognitoError.notAuthorized("User cannot be confirmed. Current status is \(user.status.rawValue)")
            }
            user.status = .confirmed
            user.modified = clock.now
            try await writer.updateUser(user)
        }
        return AdminConfirmSignUpResponse()
    }

    // MARK: - Shared pieces

    /// The user as ListUsers and AdminCreateUser return it.
    func userType(_ user: UserRecord, rules: AttributeRules, only names: Set<String>? = nil) -> UserType {
        UserType(
            username: user.username, attributes: rules.listed(user.attributes, only: names), userCreateDate: user.created,
            userLastModifiedDate: user.modified, enabled: user.enabled, userStatus: user.status)
    }

    private func setEnabled(_ enabled: Bool, poolId: String, username: String) async throws {
        try await write { writer in
            let stored = try await requirePool(poolId, in: writer)
            var user = try await requireUser(username, in: stored, reader: writer)
            guard user.enabled != enabled else { return }
            user.enabled = enabled
            user.modified = clock.now
            try await writer.updateUser(user)
        }
    }

    private func resendInvitation(_ request: AdminCreateUserRequest, in stored: StoredPool, writer: any DirectoryWriter, now: Date) async throws
        -> UserRecord
    {
        var user = try await requireUser(request.username, in: stored, reader: writer)
        guard user.status == .forceChangePassword else {
            throw CognitoError(
                .unsupportedUserStateException, "Resend not possible. \(user.username) status is not FORCE_CHANGE_PASSWORD.")
        }
        let mediums = try invitationMediums(request.desiredDeliveryMediums, attributes: user.attributes)
        let password = try temporaryPassword(request.temporaryPassword, pool: stored.pool)
        user.passwordMaterial = try await vault.seal(poolId: stored.id, userIdForSRP: user.username, password: password)
        user.temporaryPasswordExpires = temporaryExpiry(stored.pool, now: now)
        user.modified = now
        try await writer.updateUser(user)
        try await sendInvitation(to: user, signInName: request.username, password: password, mediums: mediums, pool: stored, writer: writer)
        return user
    }

    /// The username a new user gets (AdminCreateUser, SignUp). In email/phone-as-username
    /// pools the given name must be an email or phone, becomes that attribute, and the
    /// username is the `sub`; alias pools refuse names that look like an alias.
    func signInName(_ given: String, attributes: inout [String: String], pool: UserPoolType, sub: String) throws -> String {
        let isEmail = AttributeRules.isEmail(given)
        let isPhone = AttributeRules.isPhone(given)
        if let kinds = pool.usernameAttributes, !kinds.isEmpty {
            if kinds.contains(.email) && isEmail {
                attributes["email"] = given
            } else if kinds.contains(.phoneNumber) && isPhone {
                attributes["phone_number"] = given
            } else if kinds == [.email] {
                throw CognitoError.invalidParameter("Username should be an email.")
            } else if kinds == [.phoneNumber] {
                throw CognitoError.invalidParameter("Username should be a phone number.")
            } else {
                throw CognitoError.invalidParameter("Username should be either an email or a phone number.")
            }
            return sub
        }
        let aliases = pool.aliasAttributes ?? []
        if aliases.contains(.email) && isEmail {
            throw CognitoError.invalidParameter("Username cannot be of email format, since user pool is configured for email alias.")
        }
        if aliases.contains(.phoneNumber) && isPhone {
            throw CognitoError.invalidParameter(
                "Username cannot be of phone number format, since user pool is configured for phone number alias.")
        }
        return given
    }

    private func checkVerifiedFlags(_ attributes: [String: String]) throws {
        for name in ["email", "phone_number"] where attributes[name + "_verified"] == "true" && (attributes[name] ?? "").isEmpty {
            throw CognitoError.invalidParameter("\(name)_verified can only be true when \(name) is given.")
        }
    }

    /// In email/phone-as-username pools no two users may share the email or phone.
    private func checkUsernameAttributesFree(
        _ attributes: [String: String], in stored: StoredPool, reader: any DirectoryReader, excluding userId: Int64?
    ) async throws {
        for kind in stored.pool.usernameAttributes ?? [] {
            let column: SearchColumn = kind == .email ? .email : .phoneNumber
            guard let value = attributes[kind.rawValue], !value.isEmpty else { continue }
            if try await owner(of: column, value: value, in: stored, reader: reader, verifiedOnly: false, excluding: userId) != nil {
                throw CognitoError(.usernameExistsException, "An account with the given \(kind.rawValue) already exists.")
            }
        }
    }

    /// Verified emails and phones, and preferred usernames, are unique sign-in aliases.
    /// With `force`, a verified email or phone moves from its current owner, whose
    /// attribute becomes unverified.
    private func claimAliases(
        _ attributes: inout [String: String], in stored: StoredPool, writer: any DirectoryWriter, excluding userId: Int64?, force: Bool
    ) async throws {
        for alias in stored.pool.aliasAttributes ?? [] {
            let name = alias.rawValue
            guard let value = attributes[name], !value.isEmpty else { continue }
            if alias == .preferredUsername {
                if try await owner(of: .preferredUsername, value: value, in: stored, reader: writer, verifiedOnly: false, excluding: userId) != nil {
                    throw CognitoError(.aliasExistsException, "An account with the given preferred_username already exists.")
                }
                continue
            }
            guard attributes[name + "_verified"] == "true" else { continue }
            let column: SearchColumn = alias == .email ? .email : .phoneNumber
            guard var holder = try await owner(of: column, value: value, in: stored, reader: writer, verifiedOnly: true, excluding: userId) else {
                continue
            }
            guard force else {
                throw CognitoError(.aliasExistsException, "An account with the given \(name) already exists.")
            }
            holder.attributes[name + "_verified"] = "false"
            holder.modified = clock.now
            try await writer.updateUser(holder)
        }
    }

    /// Removes attributes (AdminDeleteUserAttributes, DeleteUserAttributes): never `sub`, an
    /// immutable or a required one, nor the only email or phone a user signs in with.
    func removeAttributes(_ names: [String], from user: inout UserRecord, pool: UserPoolType) throws {
        let rules = AttributeRules(pool: pool)
        let unknown = names.filter { rules.schema[$0] == nil }
        if !unknown.isEmpty {
            throw CognitoError.invalidParameter(
                "Invalid user attributes: " + unknown.map { "user.\($0): Attribute does not exist in the schema.\n" }.joined())
        }
        for name in names {
            guard let definition = rules.schema[name] else { continue }
            if name == "sub" || definition.mutable == false {
                throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute \(name)")
            }
            if definition.required == true {
                throw CognitoError.invalidParameter("Invalid user attributes: \(name): Required attribute cannot be deleted.")
            }
            if pool.usernameAttributes?.contains(where: { $0.rawValue == name }) == true, user.attributes[name] != nil,
                !hasOtherSignInAttribute(user, besides: name, pool: pool, deleting: names)
            {
                throw CognitoError.invalidParameter("Invalid user attributes: \(name): The attribute is used as the username and cannot be deleted.")
            }
            user.attributes[name] = nil
            if name == "email" || name == "phone_number" { user.attributes[name + "_verified"] = nil }
        }
    }

    private func hasOtherSignInAttribute(_ user: UserRecord, besides name: String, pool: UserPoolType, deleting: [String]) -> Bool {
        (pool.usernameAttributes ?? []).contains { kind in
            kind.rawValue != name && !deleting.contains(kind.rawValue) && !(user.attributes[kind.rawValue] ?? "").isEmpty
        }
    }

    /// Where an invitation goes. Mediums the caller names must have their attribute; without
    /// any, Cognito's default is SMS, and a user without a phone number gets the message by
    /// email if it has one, or none at all (the user is created either way).
    private func invitationMediums(_ given: [DeliveryMediumType]?, attributes: [String: String]) throws -> [DeliveryMediumType] {
        if let given {
            try checkDeliverable(given, attributes: attributes)
            return given
        }
        if !(attributes["phone_number"] ?? "").isEmpty { return [.sms] }
        if !(attributes["email"] ?? "").isEmpty { return [.email] }
        return []
    }

    private func checkDeliverable(_ mediums: [DeliveryMediumType], attributes: [String: String]) throws {
        if mediums.contains(.email) && (attributes["email"] ?? "").isEmpty {
            throw CognitoError.invalidParameter("No email provided but desired delivery medium was Email")
        }
        if mediums.contains(.sms) && (attributes["phone_number"] ?? "").isEmpty {
            throw CognitoError.invalidParameter("No phone_number provided but desired delivery medium was SMS")
        }
    }

    private func temporaryPassword(_ given: String?, pool: UserPoolType) throws -> String {
        guard let given else { return PasswordPolicyCheck.temporaryPassword(for: pool.policies?.passwordPolicy) }
        try PasswordPolicyCheck.check(given, against: pool.policies?.passwordPolicy, context: .adminCreate)
        return given
    }

    func temporaryExpiry(_ pool: UserPoolType, now: Date) -> Date {
        let days = pool.policies?.passwordPolicy?.temporaryPasswordValidityDays ?? 7
        return now.addingTimeInterval(TimeInterval(days == 0 ? 7 : days) * 86_400)
    }
}
