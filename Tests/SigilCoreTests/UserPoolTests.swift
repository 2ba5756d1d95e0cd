import Foundation
import SigilCore
import Testing

@Suite struct UserPoolTests {
    let test: TestEngine
    init() throws { test = try TestEngine() }

    @Test func createGivesCognitoDefaults() async throws {
        let pool = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "shop")).userPool!
        let id = try #require(pool.id)
        #expect(id.wholeMatch(of: /us-east-1_[A-Za-z0-9]{9}/) != nil)
        #expect(pool.arn == "arn:aws:cognito-idp:us-east-1:000000000000:userpool/\(id)")
        #expect(pool.name == "shop")
        #expect(
            pool.policies?.passwordPolicy
                == PasswordPolicyType(
                    minimumLength: 8, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true,
                    temporaryPasswordValidityDays: 7))
        #expect(pool.deletionProtection == .inactive)
        #expect(pool.mfaConfiguration == .off)
        #expect(pool.lambdaConfig == LambdaConfigType())
        #expect(pool.estimatedNumberOfUsers == 0)
        #expect(pool.emailConfiguration?.emailSendingAccount == .cognitoDefault)
        #expect(pool.adminCreateUserConfig == AdminCreateUserConfigType(allowAdminCreateUserOnly: false, unusedAccountValidityDays: 7))
        #expect(pool.verificationMessageTemplate == VerificationMessageTemplateType(defaultEmailOption: .confirmWithCode))
        #expect(pool.userPoolTier == .essentials)
        #expect(pool.emailVerificationMessage == nil)
        let schema = try #require(pool.schemaAttributes)
        #expect(schema.count == 20)
        #expect(schema.first?.name == "sub")
        #expect(schema.first?.mutable == false && schema.first?.required == true)
        #expect(schema.first { $0.name == "email_verified" }?.attributeDataType == .boolean)
        #expect(
            schema.first { $0.name == "birthdate" }?.stringAttributeConstraints == StringAttributeConstraintsType(minLength: "10", maxLength: "10"))
        #expect(schema.last?.name == "updated_at")
    }

    @Test func schemaAddsCustomAttributesAndOverridesStandardOnes() async throws {
        let pool = try await test.engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "p",
                schema: [
                    SchemaAttributeType(name: "email", required: true),
                    SchemaAttributeType(
                        name: "tier", attributeDataType: .string,
                        stringAttributeConstraints: StringAttributeConstraintsType(minLength: "1", maxLength: "10")),
                    SchemaAttributeType(name: "score", attributeDataType: .number, developerOnlyAttribute: true),
                ])
        ).userPool!
        let schema = pool.schemaAttributes ?? []
        #expect(schema.first { $0.name == "email" }?.required == true)
        #expect(schema.first { $0.name == "custom:tier" }?.stringAttributeConstraints?.maxLength == "10")
        #expect(schema.first { $0.name == "dev:custom:score" }?.developerOnlyAttribute == true)
        #expect(schema.count == 22)
    }

    @Test func schemaMistakesAreRefused() async throws {
        await expectError(.invalidParameterException, "Required custom attributes are not supported currently.") {
            _ = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "p", schema: [SchemaAttributeType(name: "x", required: true)]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserPool(
                CreateUserPoolRequest(poolName: "p", schema: [SchemaAttributeType(name: "email", attributeDataType: .number)]))
        }
        #expect(try await test.engine.poolSummaries().isEmpty)
    }

    /// The messages Cognito gives for schema mistakes, word for word.
    @Test func schemaMistakesUseCognitoMessages() async throws {
        func refused(_ schema: [SchemaAttributeType], _ message: String) async {
            await expectError(.invalidParameterException, message) {
                _ = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "p", schema: schema))
            }
        }
        await refused(
            [SchemaAttributeType(name: "tier")],
            "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
        await refused(
            [SchemaAttributeType(name: "email", stringAttributeConstraints: StringAttributeConstraintsType(maxLength: "2049"))],
            "user.email: String attributes cannot have a length of more than 2048")
        await refused(
            [SchemaAttributeType(name: "email", stringAttributeConstraints: StringAttributeConstraintsType(minLength: "2049"))],
            "user.email: String attributes cannot have a length of more than 2048")
        await refused(
            [SchemaAttributeType(name: "email", stringAttributeConstraints: StringAttributeConstraintsType(minLength: "5", maxLength: "2"))],
            "user.email: Max length cannot be less than min length.")
        await refused(
            [
                SchemaAttributeType(
                    name: "tier", attributeDataType: .string,
                    stringAttributeConstraints: StringAttributeConstraintsType(minLength: "5", maxLength: "2"))
            ],
            "user.custom:tier: Max length cannot be less than min length.")
        await refused(
            [SchemaAttributeType(name: "updated_at", numberAttributeConstraints: NumberAttributeConstraintsType(minValue: "5", maxValue: "1"))],
            "user.updated_at: Max value cannot be less than min value.")
        await refused(
            [
                SchemaAttributeType(
                    name: "score", attributeDataType: .number,
                    numberAttributeConstraints: NumberAttributeConstraintsType(minValue: "0", maxValue: "-3"))
            ],
            "user.custom:score: Max value cannot be less than min value.")
        await refused(
            [SchemaAttributeType(name: "email", stringAttributeConstraints: StringAttributeConstraintsType(minLength: "a"))],
            "Invalid StringAttributeConstraints for schema attribute email")
        #expect(try await test.engine.poolSummaries().isEmpty)
    }

    @Test func legacyVerificationMessagesMirrorTheTemplate() async throws {
        let fromTemplate = try await test.engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "t",
                verificationMessageTemplate: VerificationMessageTemplateType(
                    smsMessage: "Code {####}", emailMessage: "Your code is {####}", emailSubject: "Welcome"))
        ).userPool!
        #expect(fromTemplate.smsVerificationMessage == "Code {####}")
        #expect(fromTemplate.emailVerificationMessage == "Your code is {####}")
        #expect(fromTemplate.emailVerificationSubject == "Welcome")
        let fromLegacy = try await test.engine.createUserPool(
            CreateUserPoolRequest(
                poolName: "l", smsVerificationMessage: "SMS {####}", emailVerificationMessage: "Mail {####}", emailVerificationSubject: "Hi")
        ).userPool!
        #expect(fromLegacy.verificationMessageTemplate?.smsMessage == "SMS {####}")
        #expect(fromLegacy.verificationMessageTemplate?.emailMessage == "Mail {####}")
        #expect(fromLegacy.verificationMessageTemplate?.emailSubject == "Hi")
        let described = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: fromTemplate.id!)).userPool!
        #expect(described.emailVerificationMessage == "Your code is {####}")
    }

    @Test func noAccountRecoverySettingIsInvented() async throws {
        let pool = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "r")).userPool!
        #expect(pool.accountRecoverySetting == nil)
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: pool.id!)).userPool!.accountRecoverySetting == nil)
        let set = AccountRecoverySettingType(recoveryMechanisms: [RecoveryOptionType(priority: 1, name: .verifiedEmail)])
        let chosen = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: "s", accountRecoverySetting: set)).userPool!
        #expect(chosen.accountRecoverySetting == set)
    }

    @Test func accountIdIsUsedInEveryArn() async throws {
        let engine = try TestEngine(accountId: "123456789012").engine
        let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "a")).userPool!
        #expect(pool.arn == "arn:aws:cognito-idp:us-east-1:123456789012:userpool/\(pool.id!)")
        #expect(engine.roleArn(name: "r") == "arn:aws:iam::123456789012:role/r")
    }

    @Test func aliasAndUsernameAttributesExcludeEachOther() async throws {
        await expectError(.invalidParameterException, "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.") {
            _ = try await test.engine.createUserPool(
                CreateUserPoolRequest(poolName: "p", aliasAttributes: [.email], usernameAttributes: [.email]))
        }
    }

    @Test func modelConstraintsAreCheckedWithAWSWording() async throws {
        await expectError(
            .invalidParameterException,
            "1 validation error detected: Value '\(String(repeating: "n", count: 129))' at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128"
        ) {
            _ = try await test.engine.createUserPool(CreateUserPoolRequest(poolName: String(repeating: "n", count: 129)))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserPool(
                CreateUserPoolRequest(poolName: "p", policies: UserPoolPolicyType(passwordPolicy: PasswordPolicyType(minimumLength: 5))))
        }
        await expectError(
            .invalidParameterException,
            "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
        ) {
            _ = try await test.engine.listUserPools(ListUserPoolsRequest(maxResults: 0))
        }
    }

    @Test func describeAndDeleteUnknownPool() async throws {
        await expectError(.resourceNotFoundException, "User pool us-east-1_NotThere1 does not exist.") {
            _ = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: "us-east-1_NotThere1"))
        }
        await expectError(.resourceNotFoundException) {
            try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: "us-east-1_NotThere1"))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: "no-underscore"))
        }
    }

    @Test func listPagesThroughEveryPoolOnce() async throws {
        var created: Set<String> = []
        for index in 0..<7 { created.insert(try await test.pool(CreateUserPoolRequest(poolName: "pool\(index)"))) }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try await test.engine.listUserPools(ListUserPoolsRequest(nextToken: token, maxResults: 3))
            #expect((page.userPools ?? []).count <= 3)
            seen += (page.userPools ?? []).compactMap(\.id)
            token = page.nextToken
        } while token != nil
        #expect(seen.count == 7)
        #expect(Set(seen) == created)
        await expectError(.invalidParameterException) {
            _ = try await test.engine.listUserPools(ListUserPoolsRequest(nextToken: "garbage", maxResults: 3))
        }
    }

    @Test func updateResetsWhatItLeavesOut() async throws {
        let id = try await test.pool(
            CreateUserPoolRequest(
                poolName: "p", deletionProtection: .active, autoVerifiedAttributes: [.email], mfaConfiguration: .optional))
        test.clock.advance(by: 60)
        _ = try await test.engine.updateUserPool(
            UpdateUserPoolRequest(userPoolId: id, policies: UserPoolPolicyType(passwordPolicy: PasswordPolicyType(minimumLength: 12))))
        let pool = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: id)).userPool!
        #expect(pool.deletionProtection == .inactive)
        #expect(pool.mfaConfiguration == .off)
        #expect(pool.autoVerifiedAttributes == nil)
        #expect(pool.policies?.passwordPolicy?.minimumLength == 12)
        #expect(pool.policies?.passwordPolicy?.requireSymbols == false)
        #expect(pool.name == "p")
        #expect(pool.lastModifiedDate! > pool.creationDate!)
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.updateUserPool(UpdateUserPoolRequest(userPoolId: "us-east-1_NotThere1"))
        }
    }

    @Test func updateChecksVerificationSettings() async throws {
        let id = try await test.pool()
        await expectError(
            .invalidParameterException, "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes"
        ) {
            _ = try await test.engine.updateUserPool(
                UpdateUserPoolRequest(
                    userPoolId: id, userAttributeUpdateSettings: UserAttributeUpdateSettingsType(attributesRequireVerificationBeforeUpdate: [.email]))
            )
        }
        await expectError(
            .invalidParameterException, "Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays"
        ) {
            _ = try await test.engine.updateUserPool(
                UpdateUserPoolRequest(
                    userPoolId: id,
                    policies: UserPoolPolicyType(passwordPolicy: PasswordPolicyType(temporaryPasswordValidityDays: 3)),
                    adminCreateUserConfig: AdminCreateUserConfigType(unusedAccountValidityDays: 3)))
        }
        await expectError(.invalidParameterException, "The message is invalid.") {
            _ = try await test.engine.updateUserPool(
                UpdateUserPoolRequest(
                    userPoolId: id,
                    adminCreateUserConfig: AdminCreateUserConfigType(
                        inviteMessageTemplate: MessageTemplateType(emailMessage: "Your code is {####}"))))
        }
    }

    @Test func deletionProtectionBlocksDelete() async throws {
        let id = try await test.pool(CreateUserPoolRequest(poolName: "p", deletionProtection: .active))
        await expectError(
            .invalidParameterException,
            "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first."
        ) {
            try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: id))
        }
        _ = try await test.engine.updateUserPool(UpdateUserPoolRequest(userPoolId: id, deletionProtection: .inactive))
        try await test.user("someone", in: id)
        try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: id))
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: id))
        }
    }

    @Test func addCustomAttributes() async throws {
        let id = try await test.pool()
        _ = try await test.engine.addCustomAttributes(
            AddCustomAttributesRequest(userPoolId: id, customAttributes: [SchemaAttributeType(name: "plan", attributeDataType: .string)]))
        let schema = try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: id)).userPool!.schemaAttributes!
        #expect(schema.last?.name == "custom:plan")
        await expectError(.invalidParameterException, "custom:plan: Existing attribute already has name custom:plan.") {
            _ = try await test.engine.addCustomAttributes(
                AddCustomAttributesRequest(userPoolId: id, customAttributes: [SchemaAttributeType(name: "plan", attributeDataType: .string)]))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.addCustomAttributes(
                AddCustomAttributesRequest(userPoolId: "us-east-1_NotThere1", customAttributes: [SchemaAttributeType(name: "x")]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.addCustomAttributes(
                AddCustomAttributesRequest(userPoolId: id, customAttributes: [SchemaAttributeType(name: String(repeating: "x", count: 21))]))
        }
        for index in 0..<49 {
            _ = try await test.engine.addCustomAttributes(
                AddCustomAttributesRequest(userPoolId: id, customAttributes: [SchemaAttributeType(name: "a\(index)", attributeDataType: .string)]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.addCustomAttributes(
                AddCustomAttributesRequest(userPoolId: id, customAttributes: [SchemaAttributeType(name: "one-too-many", attributeDataType: .number)]))
        }
    }
}
