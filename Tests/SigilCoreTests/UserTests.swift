import Foundation
import SigilCore
import Testing

@Suite struct AdminCreateUserTests {
    let test: TestEngine
    let poolId: String

    init() throws {
        test = try TestEngine()
        poolId = try test.pool()
    }

    @Test func createsAForceChangePasswordUserAndSendsTheInvitation() throws {
        let user = try test.engine.adminCreateUser(
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

        let message = try #require(try test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.channel == .email)
        #expect(message.destination == "dana@example.com")
        #expect(message.purpose == .invitation)
        #expect(message.subject == "Your temporary password")
        let password = try #require(message.code)
        #expect(message.text == "Your username is dana and temporary password is \(password). ")
        #expect(password.count >= 8)
        #expect(password.contains(where: \.isLowercase) && password.contains(where: \.isUppercase) && password.contains(where: \.isNumber))
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 1)
    }

    /// The commonest call, `{UserPoolId, Username, TemporaryPassword}`, creates the user
    /// whatever it has to be reached by; SMS is the default medium.
    @Test func defaultDeliveryIsSmsWhenThereIsAPhone() throws {
        let bare = try test.engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "dana", temporaryPassword: "Temp0rary!"))
        #expect(bare.user?.userStatus == .forceChangePassword)
        #expect(try test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)

        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "erin", userAttributes: [AttributeType(name: "phone_number", value: "+15555550100")])
        )
        let sms = try #require(try test.engine.outboxMessages(poolId: poolId, username: "erin").first)
        #expect(sms.channel == .sms)
        #expect(sms.destination == "+15555550100")

        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "finn", userAttributes: [AttributeType(name: "email", value: "finn@example.com")]))
        let mail = try #require(try test.engine.outboxMessages(poolId: poolId, username: "finn").first)
        #expect(mail.channel == .email)

        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "gus",
                userAttributes: [AttributeType(name: "email", value: "gus@example.com"), AttributeType(name: "phone_number", value: "+15555550101")]))
        #expect(try test.engine.outboxMessages(poolId: poolId, username: "gus").map(\.channel) == [.sms])
    }

    @Test func namedMediumsNeedTheirAttribute() throws {
        expectError(.invalidParameterException, "No email provided but desired delivery medium was Email") {
            _ = try test.engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "dana", desiredDeliveryMediums: [.email]))
        }
        expectError(.invalidParameterException, "No phone_number provided but desired delivery medium was SMS") {
            _ = try test.engine.adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: poolId, username: "dana", userAttributes: [AttributeType(name: "email", value: "d@example.com")],
                    desiredDeliveryMediums: [.email, .sms]))
        }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "dana"))
        }
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .suppress, desiredDeliveryMediums: [.email]))
        #expect(try test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "hal",
                userAttributes: [AttributeType(name: "email", value: "hal@example.com"), AttributeType(name: "phone_number", value: "+15555550102")],
                desiredDeliveryMediums: [.email, .sms]))
        #expect(Set(try test.engine.outboxMessages(poolId: poolId, username: "hal").map(\.channel)) == [.sms, .email])
    }

    @Test func verifiedFlagsTakeAnyCase() throws {
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "ivy",
                userAttributes: [
                    AttributeType(name: "email", value: "ivy@example.com"), AttributeType(name: "email_verified", value: "True"),
                    AttributeType(name: "phone_number", value: "+15555550103"), AttributeType(name: "phone_number_verified", value: "FALSE"),
                ],
                messageAction: .suppress))
        let attributes = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ivy")).userAttributes
        #expect(attributes?["email_verified"] == "true")
        #expect(attributes?["phone_number_verified"] == "false")
        _ = try test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "ivy", userAttributes: [AttributeType(name: "phone_number_verified", value: "tRuE")]))
        #expect(
            try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "ivy")).userAttributes?["phone_number_verified"] == "true")
        expectError(.invalidParameterException) {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: poolId, username: "ivy", userAttributes: [AttributeType(name: "email_verified", value: "yes")]))
        }
    }

    @Test func duplicatesAndBadInputAreRefused() throws {
        try test.user("dana", in: poolId)
        expectError(.usernameExistsException, "User account already exists") { try test.user("dana", in: poolId) }
        expectError(.invalidParameterException, "Attributes did not conform to the schema: Type for attribute {custom:role} could not be determined")
        {
            try test.user("x", in: poolId, attributes: ["custom:role": "admin"])
        }
        expectError(.invalidParameterException, "Invalid email address format.") {
            try test.user("x", in: poolId, attributes: ["email": "not-an-email"])
        }
        expectError(.invalidParameterException, "Invalid phone number format.") {
            try test.user("x", in: poolId, attributes: ["phone_number": "555-0100"])
        }
        expectError(.invalidParameterException, "Cannot modify the non-mutable attribute sub") {
            try test.user("x", in: poolId, attributes: ["sub": UUID().uuidString])
        }
        expectError(.invalidPasswordException, "Password did not conform with password policy: Password must have numeric characters") {
            try test.user("x", in: poolId, password: "Password!")
        }
        expectError(.invalidPasswordException, "Password did not conform with password policy: Password not long enough") {
            try test.user("x", in: poolId, password: "Pa1!")
        }
        expectError(.invalidParameterException) {
            try test.user(String(repeating: "u", count: 129), in: poolId)
        }
        expectError(.resourceNotFoundException) { try test.user("x", in: "us-east-1_NotThere1") }
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 1)
    }

    @Test func requiredAttributesMustBeGiven() throws {
        let pool = try test.pool(
            CreateUserPoolRequest(
                poolName: "req", schema: [SchemaAttributeType(name: "email", required: true), SchemaAttributeType(name: "name", required: true)]))
        expectError(
            .invalidParameterException, "Attributes did not conform to the schema: name: The attribute is required email: The attribute is required"
        ) {
            try test.user("x", in: pool)
        }
        try test.user("x", in: pool, attributes: ["email": "x@example.com", "name": "X"])
    }

    @Test func valuesMustFitTheSchema() throws {
        let pool = try test.pool(
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
        expectError(.invalidParameterException, "Attributes did not conform to the schema: custom:age: Number must be no greater than 150") {
            try test.user("x", in: pool, attributes: ["custom:age": "200"])
        }
        expectError(.invalidParameterException, "Attributes did not conform to the schema: custom:age: Number is not valid") {
            try test.user("x", in: pool, attributes: ["custom:age": "old"])
        }
        expectError(.invalidParameterException, "Attributes did not conform to the schema: custom:code: String must be no longer than 4 characters") {
            try test.user("x", in: pool, attributes: ["custom:code": "ABCDE"])
        }
        expectError(.invalidParameterException, "Attributes did not conform to the schema: email_verified: Value must be true or false") {
            try test.user("x", in: pool, attributes: ["email": "x@example.com", "email_verified": "yes"])
        }
        let user = try test.user("x", in: pool, attributes: ["custom:age": "42", "custom:code": "AB"])
        #expect(user.attributes?["custom:age"] == "42")
    }

    @Test func emailAsUsernamePoolsUseTheSubAsUsername() throws {
        let pool = try test.pool(CreateUserPoolRequest(poolName: "email", usernameAttributes: [.email]))
        let user = try test.user("Ann@Example.com", in: pool)
        #expect(user.username == user.attributes?["sub"])
        #expect(user.attributes?["email"] == "Ann@Example.com")
        let fetched = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "Ann@Example.com"))
        #expect(fetched.username == user.username)
        expectError(.usernameExistsException, "An account with the given email already exists.") {
            try test.user("Ann@Example.com", in: pool)
        }
        expectError(.invalidParameterException, "Username should be an email.") { try test.user("ann", in: pool) }
    }

    @Test func aliasPoolsRefuseAliasShapedUsernamesAndDuplicateVerifiedAliases() throws {
        let pool = try test.pool(CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email, .preferredUsername]))
        expectError(.invalidParameterException, "Username cannot be of email format, since user pool is configured for email alias.") {
            try test.user("ann@example.com", in: pool)
        }
        try test.user("ann", in: pool, attributes: ["email": "ann@example.com", "email_verified": "true", "preferred_username": "annie"])
        expectError(.aliasExistsException, "An account with the given email already exists.") {
            try test.user("ann2", in: pool, attributes: ["email": "ann@example.com", "email_verified": "true"])
        }
        expectError(.aliasExistsException) { try test.user("ann3", in: pool, attributes: ["preferred_username": "annie"]) }
        // An unverified copy of the email is no alias and is allowed.
        try test.user("ann4", in: pool, attributes: ["email": "ann@example.com"])
        // ForceAliasCreation moves the verified alias.
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "ann5",
                userAttributes: [AttributeType(name: "email", value: "ann@example.com"), AttributeType(name: "email_verified", value: "true")],
                temporaryPassword: "Passw0rd!", forceAliasCreation: true, messageAction: .suppress))
        let old = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "ann"))
        #expect(old.userAttributes?["email_verified"] == "false")
        #expect(try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "ann@example.com")).username == "ann5")
        #expect(try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "annie")).username == "ann")
    }

    @Test func caseInsensitivePoolsMatchUsernamesInAnyCase() throws {
        let pool = try test.pool(CreateUserPoolRequest(poolName: "ci", usernameConfiguration: UsernameConfigurationType(caseSensitive: false)))
        try test.user("Dana", in: pool)
        #expect(try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "DANA")).username == "Dana")
        expectError(.usernameExistsException) { try test.user("dana", in: pool) }
        // The default is case-sensitive.
        try test.user("Dana", in: poolId)
        try test.user("dana", in: poolId)
    }

    @Test func resendIssuesANewTemporaryPassword() throws {
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: poolId, username: "dana", userAttributes: [AttributeType(name: "email", value: "d@example.com")],
                desiredDeliveryMediums: [.email]))
        let first = try test.engine.outboxMessages(poolId: poolId, username: "dana").first?.code
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .resend, desiredDeliveryMediums: [.email]))
        let messages = try test.engine.outboxMessages(poolId: poolId, username: "dana")
        #expect(messages.count == 2)
        #expect(messages.first?.code != first)
        expectError(.userNotFoundException) {
            _ = try test.engine.adminCreateUser(AdminCreateUserRequest(userPoolId: poolId, username: "ghost", messageAction: .resend))
        }
        _ = try test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "Passw0rd!", permanent: true))
        expectError(.unsupportedUserStateException, "Resend not possible. dana status is not FORCE_CHANGE_PASSWORD.") {
            _ = try test.engine.adminCreateUser(
                AdminCreateUserRequest(userPoolId: poolId, username: "dana", messageAction: .resend, desiredDeliveryMediums: [.email]))
        }
    }

    @Test func customInvitationTemplateIsUsed() throws {
        let pool = try test.pool(
            CreateUserPoolRequest(
                poolName: "p",
                adminCreateUserConfig: AdminCreateUserConfigType(
                    inviteMessageTemplate: MessageTemplateType(smsMessage: "Hi {username}, use {####}", emailSubject: "Welcome"))))
        _ = try test.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: pool, username: "dana", userAttributes: [AttributeType(name: "phone_number", value: "+15555550100")],
                temporaryPassword: "Passw0rd!"))
        #expect(try test.engine.outboxMessages(poolId: pool, username: "dana").first?.text == "Hi dana, use Passw0rd!")
    }
}
