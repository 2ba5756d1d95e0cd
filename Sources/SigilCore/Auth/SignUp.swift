import Foundation
import SigilJSON

/// SignUp, ConfirmSignUp and ResendConfirmationCode.
extension Engine {
    public func signUp(_ request: SignUpRequest, context: RequestOrigin = RequestOrigin()) async throws -> SignUpResponse {
        try validator.validate(request, operation: .signUp)
        let context = context.merged(with: request.userContextData)
        let (pool, client) = try await read { reader in try await requireClient(request.clientId, in: reader) }
        try checkSecretHash(request.secretHash, client: client, usernames: [request.username])
        guard let password = request.password else { throw CognitoError.invalidParameter("Missing required parameter Password") }
        let rules = AttributeRules(pool: pool.pool)
        let given = request.userAttributes ?? []
        try checkWritable(given.map(\.name), client: client)
        var attributes = try rules.checked(given, creating: true).filter { !$0.value.isEmpty }
        if attributes["email_verified"] == "true" || attributes["phone_number_verified"] == "true" {
            throw CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
        }
        let sub = Identifiers.sub()
        let username = try signInName(request.username, attributes: &attributes, pool: pool.pool, sub: sub)
        attributes["sub"] = sub
        try rules.requireAll(in: attributes)
        try PasswordPolicyCheck.check(password, against: pool.pool.policies?.passwordPolicy, context: .selfService)
        let compromised = try await read { reader in
            try await checkNewPassword(password, event: .signUp, pool: pool, clientId: client.clientId, reader: reader)
        }
        let confirmed = try await preSignUp(request, username: username, attributes: &attributes, pool: pool, client: client)
        let custom =
            confirmed
            ? nil
            : try await customMessage(
                "SignUp", username: username, attributes: .object(attributes.mapValues(JSONValue.string)), pool: pool,
                clientId: client.clientId, metadata: request.clientMetadata)
        let material = try await vault.seal(poolId: pool.id, userIdForSRP: username, password: password)
        let now = clock.now
        let delivery = try await write { writer -> CodeDeliveryDetailsType? in
            if try await writer.user(poolKey: pool.key, usernameKey: usernameKey(username, in: pool.pool)) != nil {
                throw CognitoError(.usernameExistsException, "User already exists")
            }
            for kind in pool.pool.usernameAttributes ?? [] {
                let column: SearchColumn = kind == .email ? .email : .phoneNumber
                if let value = attributes[kind.rawValue],
                    try await owner(of: column, value: value, in: pool, reader: writer, verifiedOnly: false) != nil
                {
                    throw CognitoError(.usernameExistsException, "An account with the given \(kind.rawValue) already exists.")
                }
            }
            var user = UserRecord(
                poolKey: pool.key, username: username, usernameKey: usernameKey(username, in: pool.pool),
                status: confirmed ? .confirmed : .unconfirmed,
                created: now, modified: now, attributes: attributes, passwordMaterial: material)
            user.id = try await writer.insertUser(user)
            var details: CodeDeliveryDetailsType?
            if !confirmed, let channel = signUpChannel(user, pool: pool.pool) {
                details = try await sendCode(
                    to: user, channel: channel, purpose: .signUp, outboxPurpose: .signUpCode, lifetime: 86_400, pool: pool, writer: writer,
                    now: now, custom: custom)
            }
            try await recordEvent(
                .signUp, response: .inProgress, user: user, username: username, pool: pool, clientId: client.clientId, context: context,
                risk: passwordEventRisk(pool, compromised: compromised), writer: writer)
            return details
        }
        return SignUpResponse(userConfirmed: confirmed, codeDeliveryDetails: delivery, userSub: sub)
    }

    /// PreSignUp for AdminCreateUser: the handler may refuse the user; what it answers
    /// about confirming and verifying is ignored, as Cognito ignores it there.
    func preSignUpByAdmin(_ request: AdminCreateUserRequest) async throws {
        let pool = try await read { reader in try await requirePool(request.userPoolId, in: reader) }
        guard let arn = pool.pool.lambdaConfig?.preSignUp else { return }
        _ = try await runTrigger(
            "PreSignUp", arn: arn,
            event: preSignUpEvent(
                "PreSignUp_AdminCreateUser", attributes: Self.triggerPairs(request.userAttributes ?? []), validation: request.validationData,
                username: request.username, pool: pool, clientId: nil, metadata: request.clientMetadata))
    }

    /// The PreSignUp trigger, when the pool has one: it may refuse the sign-up, confirm the
    /// user and mark the email or phone verified. Returns whether the user is confirmed.
    private func preSignUp(
        _ request: SignUpRequest, username: String, attributes: inout [String: String], pool: StoredPool, client: UserPoolClientType
    ) async throws -> Bool {
        guard let arn = pool.pool.lambdaConfig?.preSignUp else { return false }
        let event = preSignUpEvent(
            "PreSignUp_SignUp", attributes: .object(attributes.filter { $0.key != "sub" }.mapValues(JSONValue.string)),
            validation: request.validationData, username: username, pool: pool, clientId: client.clientId, metadata: request.clientMetadata)
        let response = try await runTrigger("PreSignUp", arn: arn, event: event)
        let confirm = try Self.triggerFlag(response, "autoConfirmUser")
        if try Self.triggerFlag(response, "autoVerifyEmail"), attributes["email"] != nil { attributes["email_verified"] = "true" }
        if try Self.triggerFlag(response, "autoVerifyPhone"), attributes["phone_number"] != nil { attributes["phone_number_verified"] = "true" }
        return confirm
    }

    private func preSignUpEvent(
        _ source: String, attributes: JSONValue, validation: [AttributeType]?, username: String, pool: StoredPool, clientId: String?,
        metadata: [String: String]?
    ) -> JSONValue {
        triggerEvent(
            source, pool: pool, username: username, clientId: clientId,
            request: ["userAttributes": attributes, "validationData": Self.triggerPairs(validation)],
            response: ["autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false], metadata: metadata)
    }

    /// Where a sign-up code goes: the auto-verified attribute the user gave, the phone
    /// first when both are.
    func signUpChannel(_ user: UserRecord, pool: UserPoolType) -> Channel? {
        let auto = pool.autoVerifiedAttributes ?? []
        if auto.contains(.phoneNumber), let phone = user.attributes["phone_number"] { return Channel(medium: .sms, destination: phone) }
        if auto.contains(.email), let email = user.attributes["email"] { return Channel(medium: .email, destination: email) }
        return nil
    }

    public func confirmSignUp(_ request: ConfirmSignUpRequest, context: RequestOrigin = RequestOrigin()) async throws -> ConfirmSignUpResponse {
        try validator.validate(request, operation: .confirmSignUp)
        let context = context.merged(with: request.userContextData)
        let (pool, client) = try await read { reader in try await requireClient(request.clientId, in: reader) }
        let outcome = try await write { writer -> Result<UserRecord, CognitoError> in
            guard var user = try await findUser(request.username, in: pool, reader: writer, scope: .signIn) else {
                try checkSecretHash(request.secretHash, client: client, usernames: [request.username])
                throw hidesUserExistence(client)
                    ? CognitoError(.codeMismatchException, "Invalid verification code provided, please try again.") : CognitoError.userNotFound
            }
            try checkSecretHash(request.secretHash, client: client, usernames: [request.username, user.username])
            guard user.status == .unconfirmed else {
                throw CognitoError.notAuthorized("User cannot be confirmed. Current status is \(user.status.rawValue)")
            }
            let code: VerificationCode
            switch try await checkCode(request.confirmationCode, user: user, purpose: .signUp, writer: writer) {
            case .failure(let error): return .failure(error)
            case .success(let matched): code = matched
            }
            user.status = .confirmed
            user.modified = clock.now
            if let attribute = code.attribute, user.attributes[attribute] != nil {
                try await verifyAlias(attribute, of: &user, pool: pool, force: request.forceAliasCreation ?? false, writer: writer)
                user.attributes[attribute + "_verified"] = "true"
            }
            try await writer.updateUser(user)
            try await recordEvent(
                .signUp, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                detail: "Confirmed", writer: writer)
            return .success(user)
        }
        let confirmed = try outcome.get()
        try await postConfirmation("ConfirmSignUp", user: confirmed, pool: pool, clientId: client.clientId, metadata: request.clientMetadata)
        return ConfirmSignUpResponse()
    }

    /// Before `attribute` of `user` becomes verified: in alias pools, another user with it
    /// verified makes AliasExistsException, or with `force` loses it.
    func verifyAlias(_ attribute: String, of user: inout UserRecord, pool: StoredPool, force: Bool, writer: any DirectoryWriter) async throws {
        guard let alias = AliasAttributeType(rawValue: attribute), pool.pool.aliasAttributes?.contains(alias) == true,
            let value = user.attributes[attribute]
        else { return }
        let column: SearchColumn = alias == .email ? .email : .phoneNumber
        guard var holder = try await owner(of: column, value: value, in: pool, reader: writer, verifiedOnly: true, excluding: user.id) else { return }
        guard force else { throw CognitoError(.aliasExistsException, "An account with the given \(attribute) already exists.") }
        holder.attributes[attribute + "_verified"] = "false"
        holder.modified = clock.now
        try await writer.updateUser(holder)
    }

    public func resendConfirmationCode(_ request: ResendConfirmationCodeRequest, context: RequestOrigin = RequestOrigin()) async throws
        -> ResendConfirmationCodeResponse
    {
        try validator.validate(request, operation: .resendConfirmationCode)
        let context = context.merged(with: request.userContextData)
        let (pool, client, found) = try await read { reader in
            let (pool, client) = try await requireClient(request.clientId, in: reader)
            return (pool, client, try await findUser(request.username, in: pool, reader: reader, scope: .signIn))
        }
        let custom =
            found?.status == .unconfirmed
            ? try await customMessage("ResendCode", user: found, pool: pool, clientId: client.clientId, metadata: request.clientMetadata) : nil
        let details = try await write { writer -> CodeDeliveryDetailsType in
            guard let user = try await findUser(request.username, in: pool, reader: writer, scope: .signIn) else {
                try checkSecretHash(request.secretHash, client: client, usernames: [request.username])
                guard hidesUserExistence(client) else { throw CognitoError.userNotFound }
                return simulatedDelivery(request.username, pool: pool.pool)
            }
            try checkSecretHash(request.secretHash, client: client, usernames: [request.username, user.username])
            guard user.status == .unconfirmed else { throw CognitoError.invalidParameter("User is already confirmed.") }
            guard let channel = signUpChannel(user, pool: pool.pool) else {
                throw CognitoError.invalidParameter("Auto verification not turned on.")
            }
            let details = try await sendCode(
                to: user, channel: channel, purpose: .signUp, outboxPurpose: .signUpCode, lifetime: 86_400, pool: pool, writer: writer,
                now: clock.now, custom: custom)
            try await recordEvent(
                .resendCode, response: .pass, user: user, username: user.username, pool: pool, clientId: client.clientId, context: context,
                writer: writer)
            return details
        }
        return ResendConfirmationCodeResponse(codeDeliveryDetails: details)
    }

    /// The CodeDeliveryDetails Cognito makes up for a user that does not exist, when the
    /// client hides which users exist: shaped by the name and the pool's settings.
    func simulatedDelivery(_ name: String, pool: UserPoolType) -> CodeDeliveryDetailsType {
        let looksLikePhone = AttributeRules.isPhone(name)
        let looksLikeEmail = AttributeRules.isEmail(name)
        if looksLikePhone || (!looksLikeEmail && pool.autoVerifiedAttributes == [.phoneNumber]) {
            let destination = looksLikePhone ? name : "+10000000000"
            return Channel(medium: .sms, destination: destination).details
        }
        let destination = looksLikeEmail ? name : "\(name.prefix(1))@\(name.prefix(1)).com"
        return Channel(medium: .email, destination: destination).details
    }
}
