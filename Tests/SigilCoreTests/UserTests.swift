import Foundation
import SigilCore
import Testing

@Suite struct AdminCreateUserTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
    }

    @Test func createsAForceChangePasswordUserAndSendsTheInvitation() async throws {
        let user = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "dana@example.com"), AttributeType(name: "name", value: "Dana")],
                desiredDeliveryMediums: [.email])
        ).user!
        #expect(user.username == "dana")
        #expect(user.userStatus == .forceChangePassword)
        #expect(user.enabled == true)
        #expect(user.attributes?.first?.name == "sub")
        let sub = try #require(user.attributes?["sub"])
        #expect(UUID(uuidString: sub) != nil && sub == sub.lowercased() && Array(sub)[14] == "4")
        #expect(user.attributes?["email"] == "dana@example.com")
        #expect(user.attributes?["email_verified"] == nil)

        let message = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.channel == .email)
        #expect(message.destination == "dana@example.com")
        #expect(message.purpose == .invitation)
        #expect(message.subject == "Your temporary password")
        let password = try #require(message.code)
        #expect(message.text == "Your username is dana and temporary password is \(password). ")
        #expect(password.count >= 8)
        #expect(password.contains(where: \.isLowercase) && password.contains(where: \.isUppercase) && password.contains(where: \.isNumber))
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 1)
    }

    /// The commonest call, `{UserPoolId, Username, TemporaryPassword}`, creates the user
    /// whatever it has to be reached by; SMS is the default medium.
    @Test func defaultDeliveryIsSmsWhenThereIsAPhone() async throws {
        let bare = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "dana", temporaryPassword: "Temp0rary!"))
        #expect(bare.user?.userStatus == .forceChangePassword)
        #expect(try await test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)

        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "erin", userAttributes: [AttributeType(name: "phone_number", value: "+15555550100")])
        )
        let sms = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "erin").first)
        #expect(sms.channel == .sms)
        #expect(sms.destination == "+15555550100")

        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "finn", userAttributes: [AttributeType(name: "email", value: "finn@example.com")]))
        let mail = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "finn").first)
        #expect(mail.channel == .email)

        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "gus",
                userAttributes: [AttributeType(name: "email", value: "gus@example.com"), AttributeType(name: "phone_number", value: "+15555550101")]))
        #expect(try await test.engine.outboxMessages(poolId: poolId, username: "gus").map(\.channel) == [.sms])
    }

    @Test func namedMediumsNeedTheirAttribute() async throws {
        await expectError(.invalidParameterException, "No email provided but desired delivery medium was Email") {
            _ = try await test.engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "dana", desiredDeliveryMediums: [.email]))
        }
        await expectError(.invalidParameterException, "No phone_number provided but desired delivery medium was SMS") {
            _ = try await test.engine.adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: poolId, username: "dana", userAttributes: [AttributeType(name: "email", value: "d@example.com")],
                    desiredDeliveryMediums: [.email, .sms]))
        }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "dana"))
        }
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .suppress, desiredDeliveryMediums: [.email]))
        #expect(try await test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "hal",
                userAttributes: [AttributeType(name: "email", value: "hal@example.com"), AttributeType(name: "phone_number", value: "+15555550102")],
                desiredDeliveryMediums: [.email, .sms]))
        #expect(Set(try await test.engine.outboxMessages(poolId: poolId, username: "hal").map(\.channel)) == [.sms, .email])
    }

    @Test func verifiedFlagsTakeAnyCase() async throws {
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "ivy",
                userAttributes: [
                    AttributeType(name: "email", value: "ivy@example.com"), AttributeType(name: "email_verified", value: "True"),
                    AttributeType(name: "phone_number", value: "+15555550103"), AttributeType(name: "phone_number_verified", value: "FALSE"),
                ],
                messageAction: .suppress))
        let attributes = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ivy")).userAttributes
        #expect(attributes?["email_verified"] == "true")
        #expect(attributes?["phone_number_verified"] == "false")
        _ = try await test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "ivy", userAttributes: [AttributeType(name: "phone_number_verified", value: "tRuE")]))
        #expect(
            try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ivy")).userAttributes?["phone_number_verified"]
                == "true")
        await expectError(.invalidParameterException) {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: poolId, username: "ivy", userAttributes: [AttributeType(name: "email_verified", value: "yes")]))
        }
    }

    @Test func duplicatesAndBadInputAreRefused() async throws {
        try await test.user("dana", in: poolId)
        await expectError(.usernameExistsException, "User account already exists") { try await test.user("dana", in: poolId) }
        await expectError(
            .invalidParameterException, "Attributes did not conform to the schema: Type for attribute {custom:role} could not be determined"
        ) {
            try await test.user("x", in: poolId, attributes: ["custom:role": "admin"])
        }
        await expectError(.invalidParameterException, "Invalid email address format.") {
            try await test.user("x", in: poolId, attributes: ["email": "not-an-email"])
        }
        await expectError(.invalidParameterException, "Invalid phone number format.") {
            try await test.user("x", in: poolId, attributes: ["phone_number": "555-0100"])
        }
        await expectError(.invalidParameterException, "Cannot modify the non-mutable attribute sub") {
            try await test.user("x", in: poolId, attributes: ["sub": UUID().uuidString])
        }
        await expectError(.invalidPasswordException, "Password did not conform with password policy: Password must have numeric characters") {
            try await test.user("x", in: poolId, password: "Password!")
        }
        await expectError(.invalidPasswordException, "Password did not conform with password policy: Password not long enough") {
            try await test.user("x", in: poolId, password: "Pa1!")
        }
        await expectError(.invalidParameterException) {
            try await test.user(String(repeating: "u", count: 129), in: poolId)
        }
        await expectError(.resourceNotFoundException) { try await test.user("x", in: "us-east-1_NotThere1") }
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 1)
    }

    @Test func requiredAttributesMustBeGiven() async throws {
        let pool = try await test.pool(
            CreateUserPoolRequest(
                poolName: "req", schema: [SchemaAttributeType(name: "email", required: true), SchemaAttributeType(name: "name", required: true)]))
        await expectError(
            .invalidParameterException, "Attributes did not conform to the schema: name: The attribute is required email: The attribute is required"
        ) {
            try await test.user("x", in: pool)
        }
        try await test.user("x", in: pool, attributes: ["email": "x@example.com", "name": "X"])
    }

    @Test func valuesMustFitTheSchema() async throws {
        let pool = try await test.pool(
            CreateUserPoolRequest(
                poolName: "p",
                schema: [
                    SchemaAttributeType(
                        name: "age", attributeDataType: .number,
                        numberAttributeConstraints: NumberAttributeConstraintsType(minValue: "0", maxValue: "150")),
                    SchemaAttributeType(
                        name: "code", attributeDataType: .string,
                        stringAttributeConstraints: StringAttributeConstraintsType(minLength: "2", maxLength: "4")),
                ]))
        await expectError(.invalidParameterException, "Attributes did not conform to the schema: custom:age: Number must be no greater than 150") {
            try await test.user("x", in: pool, attributes: ["custom:age": "200"])
        }
        await expectError(.invalidParameterException, "Attributes did not conform to the schema: custom:age: Number is not valid") {
            try await test.user("x", in: pool, attributes: ["custom:age": "old"])
        }
        await expectError(
            .invalidParameterException, "Attributes did not conform to the schema: custom:code: String must be no longer than 4 characters"
        ) {
            try await test.user("x", in: pool, attributes: ["custom:code": "ABCDE"])
        }
        await expectError(.invalidParameterException, "Attributes did not conform to the schema: email_verified: Value must be true or false") {
            try await test.user("x", in: pool, attributes: ["email": "x@example.com", "email_verified": "yes"])
        }
        let user = try await test.user("x", in: pool, attributes: ["custom:age": "42", "custom:code": "AB"])
        #expect(user.attributes?["custom:age"] == "42")
    }

    @Test func emailAsUsernamePoolsUseTheSubAsUsername() async throws {
        let pool = try await test.pool(CreateUserPoolRequest(poolName: "email", usernameAttributes: [.email]))
        let user = try await test.user("Ann@Example.com", in: pool)
        #expect(user.username == user.attributes?["sub"])
        #expect(user.attributes?["email"] == "Ann@Example.com")
        let fetched = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "Ann@Example.com"))
        #expect(fetched.username == user.username)
        await expectError(.usernameExistsException, "An account with the given email already exists.") {
            try await test.user("Ann@Example.com", in: pool)
        }
        await expectError(.invalidParameterException, "Username should be an email.") { try await test.user("ann", in: pool) }
    }

    @Test func aliasPoolsRefuseAliasShapedUsernamesAndDuplicateVerifiedAliases() async throws {
        let pool = try await test.pool(CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email, .preferredUsername]))
        await expectError(.invalidParameterException, "Username cannot be of email format, since user pool is configured for email alias.") {
            try await test.user("ann@example.com", in: pool)
        }
        try await test.user("ann", in: pool, attributes: ["email": "ann@example.com", "email_verified": "true", "preferred_username": "annie"])
        await expectError(.aliasExistsException, "An account with the given email already exists.") {
            try await test.user("ann2", in: pool, attributes: ["email": "ann@example.com", "email_verified": "true"])
        }
        await expectError(.aliasExistsException) { try await test.user("ann3", in: pool, attributes: ["preferred_username": "annie"]) }
        // An unverified copy of the email is no alias and is allowed.
        try await test.user("ann4", in: pool, attributes: ["email": "ann@example.com"])
        // ForceAliasCreation moves the verified alias.
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "ann5",
                userAttributes: [AttributeType(name: "email", value: "ann@example.com"), AttributeType(name: "email_verified", value: "true")],
                temporaryPassword: "Passw0rd!", forceAliasCreation: true, messageAction: .suppress))
        let old = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "ann"))
        #expect(old.userAttributes?["email_verified"] == "false")
        #expect(try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "ann@example.com")).username == "ann5")
        #expect(try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "annie")).username == "ann")
    }

    @Test func caseInsensitivePoolsMatchUsernamesInAnyCase() async throws {
        let pool = try await test.pool(CreateUserPoolRequest(poolName: "ci", usernameConfiguration: UsernameConfigurationType(caseSensitive: false)))
        try await test.user("Dana", in: pool)
        #expect(try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "DANA")).username == "Dana")
        await expectError(.usernameExistsException) { try await test.user("dana", in: pool) }
        // The default is case-sensitive.
        try await test.user("Dana", in: poolId)
        try await test.user("dana", in: poolId)
    }

    @Test func resendIssuesANewTemporaryPassword() async throws {
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "dana", userAttributes: [AttributeType(name: "email", value: "d@example.com")],
                desiredDeliveryMediums: [.email]))
        let first = try await test.engine.outboxMessages(poolId: poolId, username: "dana").first?.code
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .resend, desiredDeliveryMediums: [.email]))
        let messages = try await test.engine.outboxMessages(poolId: poolId, username: "dana")
        #expect(messages.count == 2)
        #expect(messages.first?.code != first)
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "ghost", messageAction: .resend))
        }
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "Passw0rd!", permanent: true))
        await expectError(.unsupportedUserStateException, "Resend not possible. dana status is not FORCE_CHANGE_PASSWORD.") {
            _ = try await test.engine.adminCreateUser(
                AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .resend, desiredDeliveryMediums: [.email]))
        }
    }

    @Test func customInvitationTemplateIsUsed() async throws {
        let pool = try await test.pool(
            CreateUserPoolRequest(
                poolName: "p",
                adminCreateUserConfig: AdminCreateUserConfigType(
                    inviteMessageTemplate: MessageTemplateType(smsMessage: "Hi {username}, use {####}", emailSubject: "Welcome"))))
        _ = try await test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "dana", userAttributes: [AttributeType(name: "phone_number", value: "+15555550100")],
                temporaryPassword: "Passw0rd!"))
        #expect(try await test.engine.outboxMessages(poolId: pool, username: "dana").first?.text == "Hi dana, use Passw0rd!")
    }
}
