import Foundation
import SigilCore
import Testing

@Suite struct UserAdministrationTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool(CreateUserPoolRequest(poolName: "p", autoVerifiedAttributes: [.email]))
        try await test.user("dana", in: poolId, attributes: ["email": "dana@example.com", "email_verified": "true", "name": "Dana"])
    }

    func get(_ username: String = "dana") async throws -> AdminGetUserResponse {
        try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: username))
    }

    @Test func getFindsByUsernameOrSub() async throws {
        let user = try await get()
        #expect(user.username == "dana")
        #expect(user.userStatus == .forceChangePassword)
        #expect(user.userAttributes?.first?.name == "sub")
        let sub = try #require(user.userAttributes?["sub"])
        await #expect(try get(sub).username == "dana")
        await expectError(.userNotFoundException, "User does not exist.") { _ = try await get("ghost") }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: "us-east-1_NotThere1", username: "dana"))
        }
    }

    @Test func changingAnAutoVerifiedEmailUnverifiesItAndSendsACode() async throws {
        test.clock.advance(by: 5)
        _ = try await test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "new@example.com"), AttributeType(name: "locale", value: "en")]))
        let user = try await get()
        #expect(user.userAttributes?["email"] == "new@example.com")
        #expect(user.userAttributes?["email_verified"] == "false")
        #expect(user.userAttributes?["locale"] == "en")
        #expect(user.userLastModifiedDate! > user.userCreateDate!)
        let message = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.purpose == .verifyAttribute)
        #expect(message.destination == "new@example.com")
        #expect(message.code?.count == 6)
        #expect(message.text == "Your verification code is \(message.code!). ")
    }

    @Test func adminCanMarkAnEmailVerifiedWithoutACode() async throws {
        _ = try await test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "new@example.com"), AttributeType(name: "email_verified", value: "true")]))
        await #expect(try get().userAttributes?["email_verified"] == "true")
        #expect(try await test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)
    }

    @Test func updateRefusesImmutableUnknownAndRequiredChanges() async throws {
        let pool = try await test.pool(
            CreateUserPoolRequest(
                poolName: "q",
                schema: [SchemaAttributeType(name: "name", mutable: false), SchemaAttributeType(name: "family_name", required: true)]))
        try await test.user("x", in: pool, attributes: ["name": "X", "family_name": "Y"])
        await expectError(.invalidParameterException, "Cannot modify the non-mutable attribute name") {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "name", value: "Z")]))
        }
        await expectError(.invalidParameterException, "Invalid user attributes: family_name: Required attribute cannot be deleted.") {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "family_name", value: "")]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "shoe_size", value: "9")]))
        }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "nobody", userAttributes: [AttributeType(name: "locale", value: "en")]))
        }
        await expectError(.invalidParameterException, "Invalid user attributes: family_name: Required attribute cannot be deleted.") {
            _ = try await test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: pool, username: "x", userAttributeNames: ["family_name"]))
        }
        await expectError(.invalidParameterException, "Cannot modify the non-mutable attribute sub") {
            _ = try await test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: pool, username: "x", userAttributeNames: ["sub"]))
        }
        let attributes = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "x")).userAttributes
        #expect(attributes?["name"] == "X" && attributes?["family_name"] == "Y")
    }

    @Test func deleteAttributesRemovesVerificationToo() async throws {
        _ = try await test.engine.adminDeleteUserAttributes(
            AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["email", "name"]))
        let attributes = try await get().userAttributes
        #expect(attributes?["email"] == nil && attributes?["email_verified"] == nil && attributes?["name"] == nil)
        await expectError(.invalidParameterException, "Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.\n") {
            _ = try await test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["custom:nope"]))
        }
        await expectError(
            .invalidParameterException,
            "Invalid user attributes: user.custom:a: Attribute does not exist in the schema.\nuser.custom:b: Attribute does not exist in the schema.\n"
        ) {
            _ = try await test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["custom:a", "locale", "custom:b"]))
        }
    }

    @Test func disableEnableAndDelete() async throws {
        _ = try await test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "dana"))
        await #expect(try get().enabled == false)
        await #expect(try get().userStatus == .forceChangePassword)
        _ = try await test.engine.adminEnableUser(AdminEnableUserRequest(userPoolId: poolId, username: "dana"))
        await #expect(try get().enabled == true)
        try await test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "dana"))
        await expectError(.userNotFoundException) { _ = try await get() }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "dana"))
        }
        await expectError(.userNotFoundException) {
            try await test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "dana"))
        }
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 0)
        // The name can be used again.
        try await test.user("dana", in: poolId)
    }

    @Test func setPasswordPermanentOrTemporary() async throws {
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password", permanent: true))
        await #expect(try get().userStatus == .confirmed)
        _ = try await test.engine.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password"))
        await #expect(try get().userStatus == .forceChangePassword)
        await expectError(.invalidPasswordException, "Password does not conform to policy: Password must have uppercase characters") {
            _ = try await test.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "lowercase-1", permanent: true))
        }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: poolId, username: "ghost", password: "N3w-password"))
        }
        await #expect(try get().userStatus == .forceChangePassword)
    }

    @Test func resetPasswordSendsACodeToAVerifiedAddress() async throws {
        await expectError(.notAuthorizedException, "User password cannot be reset in the current state.") {
            _ = try await test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "dana"))
        }
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password", permanent: true))
        _ = try await test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "dana"))
        await #expect(try get().userStatus == .resetRequired)
        let message = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.purpose == .resetPassword && message.channel == .email && message.code?.count == 6)

        try await test.user("erin", in: poolId, attributes: ["email": "erin@example.com"])
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "erin", password: "N3w-password", permanent: true))
        await expectError(.invalidParameterException, "Cannot reset password for the user as there is no registered/verified email or phone_number") {
            _ = try await test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "erin"))
        }
        _ = try await test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "erin"))
        await expectError(.notAuthorizedException, "User is disabled") {
            _ = try await test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "erin"))
        }
        await #expect(try get("erin").userStatus == .confirmed)
    }

    @Test func confirmSignUpOnlyForUnconfirmedUsers() async throws {
        let now = test.clock.now
        try await test.engine.store.write { writer in
            let pool = try #require(try await writer.pool(id: poolId))
            _ = try await writer.insertUser(
                UserRecord(
                    poolKey: pool.key, username: "fresh", status: .unconfirmed, created: now, modified: now,
                    attributes: ["sub": UUID().uuidString.lowercased()]))
        }
        _ = try await test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "fresh"))
        await #expect(try get("fresh").userStatus == .confirmed)
        await expectError(.notAuthorizedException, "User cannot be confirmed. Current status is CONFIRMED") {
            _ = try await test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "fresh"))
        }
        await expectError(.notAuthorizedException, "User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD") {
            _ = try await test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "dana"))
        }
        await expectError(.userNotFoundException) {
            _ = try await test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "ghost"))
        }
    }
}

@Suite struct AliasUpdateTests {
    @Test func verifiedAliasesStayUniqueOnUpdate() async throws {
        let test = try TestEngine()
        let pool = try await test.pool(CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email]))
        try await test.user("ann", in: pool, attributes: ["email": "shared@example.com", "email_verified": "true"])
        try await test.user("bob", in: pool, attributes: ["email": "bob@example.com", "email_verified": "true"])
        await expectError(.aliasExistsException, "An account with the given email already exists.") {
            _ = try await test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "bob",
                    userAttributes: [AttributeType(name: "email", value: "shared@example.com"), AttributeType(name: "email_verified", value: "true")])
            )
        }
        let bob = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "bob"))
        #expect(bob.userAttributes?["email"] == "bob@example.com")
        // Unverified, the same address is no alias and may be shared.
        _ = try await test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: pool, username: "bob", userAttributes: [AttributeType(name: "email", value: "shared@example.com")]))
        #expect(try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "shared@example.com")).username == "ann")
    }
}
