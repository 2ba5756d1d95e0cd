import Foundation

extension Engine {
    public func createUserPool(_ request: CreateUserPoolRequest) async throws -> CreateUserPoolResponse {
        try validator.validate(request, operation: .createUserPool)
        if request.aliasAttributes?.isEmpty == false && request.usernameAttributes?.isEmpty == false {
            throw CognitoError.invalidParameter(
                "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
        }
        try PoolSettings.checkShared(
            autoVerified: request.autoVerifiedAttributes, passwordPolicy: request.policies?.passwordPolicy,
            adminCreateUser: request.adminCreateUserConfig)
        let now = clock.now
        let id = Identifiers.userPoolId(region: configuration.region)
        var pool = UserPoolType()
        pool.id = id
        pool.name = request.poolName
        pool.arn = poolArn(id)
        pool.creationDate = now
        pool.lastModifiedDate = now
        pool.schemaAttributes = try SchemaBuilder.build(request.schema)
        pool.aliasAttributes = nonEmpty(request.aliasAttributes)
        pool.usernameAttributes = nonEmpty(request.usernameAttributes)
        pool.usernameConfiguration = request.usernameConfiguration
        try applySettings(
            to: &pool,
            PoolSettingsRequest(
                policies: request.policies, deletionProtection: request.deletionProtection,
                lambdaConfig: request.lambdaConfig, autoVerifiedAttributes: request.autoVerifiedAttributes,
                smsVerificationMessage: request.smsVerificationMessage,
                emailVerificationMessage: request.emailVerificationMessage,
                emailVerificationSubject: request.emailVerificationSubject,
                verificationMessageTemplate: request.verificationMessageTemplate,
                smsAuthenticationMessage: request.smsAuthenticationMessage,
                userAttributeUpdateSettings: request.userAttributeUpdateSettings,
                mfaConfiguration: request.mfaConfiguration, deviceConfiguration: request.deviceConfiguration,
                emailConfiguration: request.emailConfiguration, smsConfiguration: request.smsConfiguration,
                userPoolTags: request.userPoolTags, adminCreateUserConfig: request.adminCreateUserConfig,
                userPoolAddOns: request.userPoolAddOns, accountRecoverySetting: request.accountRecoverySetting,
                userPoolTier: request.userPoolTier))
        try checkRequiredAliases(pool)
        let stored = pool
        _ = try await write { writer in try await writer.insertPool(stored) }
        return CreateUserPoolResponse(userPool: describing(StoredPool(key: 0, pool: pool, userCount: 0)))
    }

    public func describeUserPool(_ request: DescribeUserPoolRequest) async throws -> DescribeUserPoolResponse {
        try validator.validate(request, operation: .describeUserPool)
        let (stored, domains) = try await read { reader in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return (stored, try await reader.domains(poolKey: stored.key))
        }
        var pool = describing(stored)
        pool.domain = domains.first { !$0.isCustom }?.name
        pool.customDomain = domains.first { $0.isCustom }?.name
        return DescribeUserPoolResponse(userPool: pool)
    }

    public func listUserPools(_ request: ListUserPoolsRequest) async throws -> ListUserPoolsResponse {
        try validator.validate(request, operation: .listUserPools)
        let after = try request.nextToken.map { try PageToken.decode($0, field: "NextToken") }
        let page = try await read { reader in try await reader.pools(after: after, limit: request.maxResults + 1) }
        let shown = page.prefix(request.maxResults)
        let descriptions = shown.map { stored in
            UserPoolDescriptionType(
                id: stored.pool.id, name: stored.pool.name, lambdaConfig: stored.pool.lambdaConfig ?? LambdaConfigType(),
                lastModifiedDate: stored.pool.lastModifiedDate, creationDate: stored.pool.creationDate)
        }
        let next = page.count > request.maxResults ? shown.last.map { PageToken.encode($0.id) } : nil
        return ListUserPoolsResponse(userPools: descriptions, nextToken: next)
    }

    public func updateUserPool(_ request: UpdateUserPoolRequest) async throws -> UpdateUserPoolResponse {
        try validator.validate(request, operation: .updateUserPool)
        try PoolSettings.checkShared(
            autoVerified: request.autoVerifiedAttributes, passwordPolicy: request.policies?.passwordPolicy,
            adminCreateUser: request.adminCreateUserConfig)
        try await write { writer in
            var stored = try await requirePool(request.userPoolId, in: writer)
            var pool = stored.pool
            if let name = request.poolName { pool.name = name }
            try applySettings(
                to: &pool,
                PoolSettingsRequest(
                    policies: request.policies, deletionProtection: request.deletionProtection,
                    lambdaConfig: request.lambdaConfig, autoVerifiedAttributes: request.autoVerifiedAttributes,
                    smsVerificationMessage: request.smsVerificationMessage,
                    emailVerificationMessage: request.emailVerificationMessage,
                    emailVerificationSubject: request.emailVerificationSubject,
                    verificationMessageTemplate: request.verificationMessageTemplate,
                    smsAuthenticationMessage: request.smsAuthenticationMessage,
                    userAttributeUpdateSettings: request.userAttributeUpdateSettings ?? pool.userAttributeUpdateSettings,
                    mfaConfiguration: request.mfaConfiguration, deviceConfiguration: request.deviceConfiguration,
                    emailConfiguration: request.emailConfiguration, smsConfiguration: request.smsConfiguration,
                    userPoolTags: request.userPoolTags ?? pool.userPoolTags,
                    adminCreateUserConfig: request.adminCreateUserConfig,
                    userPoolAddOns: request.userPoolAddOns, accountRecoverySetting: request.accountRecoverySetting,
                    userPoolTier: request.userPoolTier ?? pool.userPoolTier))
            pool.lastModifiedDate = clock.now
            stored.pool = pool
            try await writer.updatePool(key: stored.key, pool)
        }
        return UpdateUserPoolResponse()
    }

    public func deleteUserPool(_ request: DeleteUserPoolRequest) async throws {
        try validator.validate(request, operation: .deleteUserPool)
        try await write { writer in
            let stored = try await requirePool(request.userPoolId, in: writer)
            if stored.pool.deletionProtection == .active {
                throw CognitoError.invalidParameter(
                    "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.")
            }
            if try await !writer.domains(poolKey: stored.key).isEmpty {
                throw CognitoError.invalidParameter("User pool cannot be deleted. It has a domain configured that should be deleted first.")
            }
            try await writer.deletePool(key: stored.key)
        }
    }

    public func addCustomAttributes(_ request: AddCustomAttributesRequest) async throws -> AddCustomAttributesResponse {
        try validator.validate(request, operation: .addCustomAttributes)
        try await write { writer in
            var stored = try await requirePool(request.userPoolId, in: writer)
            stored.pool.schemaAttributes = try SchemaBuilder.adding(request.customAttributes, to: stored.pool.schemaAttributes ?? [])
            stored.pool.lastModifiedDate = clock.now
            try await writer.updatePool(key: stored.key, stored.pool)
        }
        return AddCustomAttributesResponse()
    }

    /// The pool as DescribeUserPool returns it, with its current user count.
    func describing(_ stored: StoredPool) -> UserPoolType {
        var pool = stored.pool
        pool.estimatedNumberOfUsers = stored.userCount
        pool.arn = poolArn(stored.id)
        return pool
    }

    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`, with the region the id names
    /// and the account the engine runs as.
    func poolArn(_ id: String) -> String {
        let region = id.split(separator: "_", maxSplits: 1).first.map(String.init) ?? configuration.region
        return "arn:aws:cognito-idp:\(region):\(configuration.accountId):userpool/\(id)"
    }

    /// The settings CreateUserPool and UpdateUserPool have in common.
    struct PoolSettingsRequest {
        var policies: UserPoolPolicyType?
        var deletionProtection: DeletionProtectionType?
        var lambdaConfig: LambdaConfigType?
        var autoVerifiedAttributes: [VerifiedAttributeType]?
        var smsVerificationMessage: String?
        var emailVerificationMessage: String?
        var emailVerificationSubject: String?
        var verificationMessageTemplate: VerificationMessageTemplateType?
        var smsAuthenticationMessage: String?
        var userAttributeUpdateSettings: UserAttributeUpdateSettingsType?
        var mfaConfiguration: UserPoolMfaType?
        var deviceConfiguration: DeviceConfigurationType?
        var emailConfiguration: EmailConfigurationType?
        var smsConfiguration: SmsConfigurationType?
        var userPoolTags: [String: String]?
        var adminCreateUserConfig: AdminCreateUserConfigType?
        var userPoolAddOns: UserPoolAddOnsType?
        var accountRecoverySetting: AccountRecoverySettingType?
        var userPoolTier: UserPoolTierType?
    }

    /// Sets every shared setting from the request, with defaults for what it leaves out.
    private func applySettings(to pool: inout UserPoolType, _ request: PoolSettingsRequest) throws {
        pool.policies = PoolSettings.policies(request.policies)
        pool.deletionProtection = request.deletionProtection ?? .inactive
        pool.lambdaConfig = request.lambdaConfig ?? LambdaConfigType()
        pool.autoVerifiedAttributes = nonEmpty(request.autoVerifiedAttributes)
        let template = try PoolSettings.verificationTemplate(
            request.verificationMessageTemplate, legacyEmail: request.emailVerificationMessage,
            legacySubject: request.emailVerificationSubject, legacySms: request.smsVerificationMessage)
        pool.verificationMessageTemplate = template
        // Cognito keeps the legacy top-level messages and the template in step.
        pool.smsVerificationMessage = template.smsMessage
        pool.emailVerificationMessage = template.emailMessage
        pool.emailVerificationSubject = template.emailSubject
        pool.smsAuthenticationMessage = request.smsAuthenticationMessage
        pool.userAttributeUpdateSettings = try PoolSettings.userAttributeUpdateSettings(
            request.userAttributeUpdateSettings, autoVerified: request.autoVerifiedAttributes)
        pool.mfaConfiguration = request.mfaConfiguration ?? .off
        pool.deviceConfiguration = request.deviceConfiguration
        pool.emailConfiguration = request.emailConfiguration ?? EmailConfigurationType(emailSendingAccount: .cognitoDefault)
        pool.smsConfiguration = request.smsConfiguration
        pool.userPoolTags = request.userPoolTags
        pool.adminCreateUserConfig = try PoolSettings.adminCreateUserConfig(request.adminCreateUserConfig)
        pool.userPoolAddOns = request.userPoolAddOns
        // Without a setting Cognito uses its legacy order (SMS before email) and shows none.
        pool.accountRecoverySetting = request.accountRecoverySetting
        pool.userPoolTier = request.userPoolTier ?? .essentials
    }

    /// `preferred_username` can't be both required and an alias; attributes that are
    /// used as sign-in names must exist in the schema.
    private func checkRequiredAliases(_ pool: UserPoolType) throws {
        let required = Set((pool.schemaAttributes ?? []).filter { $0.required == true }.compactMap(\.name))
        if pool.aliasAttributes?.contains(.preferredUsername) == true && required.contains("preferred_username") {
            throw CognitoError.invalidParameter("preferred_username can not be both required and an alias.")
        }
    }
}

func nonEmpty<T>(_ list: [T]?) -> [T]? {
    guard let list, !list.isEmpty else { return nil }
    return list
}
