import Foundation
import SigilCore
import Testing

@Suite struct UserAdministrationTests {
    let test: TestEngine
    let poolId: String

    init() throws {
        test = try TestEngine()
        poolId = try test.pool(CreateUserPoolRequest(poolName: "p", autoVerifiedAttributes: [.email]))
        try test.user("dana", in: poolId, attributes: ["email": "dana@example.com", "email_verified": "true", "name": "Dana"])
    }

    func get(_ username: String = "dana") throws -> AdminGetUserResponse {
        try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: username))
    }

    @Test func getFindsByUsernameOrSub() throws {
        let user = try get()
        #expect(user.username == "dana")
        #expect(user.userStatus == .forceChangePassword)
        #expect(user.userAttributes?.first?.name == "sub")
        let sub = try #require(user.userAttributes?["sub"])
        #expect(try get(sub).username == "dana")
        expectError(.userNotFoundException, "User does not exist.") { _ = try get("ghost") }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: "us-east-1_NotThere1", username: "dana"))
        }
    }

    @Test func changingAnAutoVerifiedEmailUnverifiesItAndSendsACode() throws {
        test.clock.advance(by: 5)
        _ = try test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "new@example.com"), AttributeType(name: "locale", value: "en")]))
        let user = try get()
        #expect(user.userAttributes?["email"] == "new@example.com")
        #expect(user.userAttributes?["email_verified"] == "false")
        #expect(user.userAttributes?["locale"] == "en")
        #expect(user.userLastModifiedDate! > user.userCreateDate!)
        let message = try #require(try test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.purpose == .verifyAttribute)
        #expect(message.destination == "new@example.com")
        #expect(message.code?.count == 6)
        #expect(message.text == "Your verification code is \(message.code!). ")
    }

    @Test func adminCanMarkAnEmailVerifiedWithoutACode() throws {
        _ = try test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "new@example.com"), AttributeType(name: "email_verified", value: "true")]))
        #expect(try get().userAttributes?["email_verified"] == "true")
        #expect(try test.engine.outboxMessages(poolId: poolId, username: "dana").isEmpty)
    }

    @Test func updateRefusesImmutableUnknownAndRequiredChanges() throws {
        let pool = try test.pool(
            CreateUserPoolRequest(
                poolName: "q",
                schema: [SchemaAttributeType(name: "name", mutable: false), SchemaAttributeType(name: "family_name", required: true)]))
        try test.user("x", in: pool, attributes: ["name": "X", "family_name": "Y"])
        expectError(.invalidParameterException, "Cannot modify the non-mutable attribute name") {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "name", value: "Z")]))
        }
        expectError(.invalidParameterException, "Invalid user attributes: family_name: Required attribute cannot be deleted.") {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "family_name", value: "")]))
        }
        expectError(.invalidParameterException) {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "x", userAttributes: [AttributeType(name: "shoe_size", value: "9")]))
        }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "nobody", userAttributes: [AttributeType(name: "locale", value: "en")]))
        }
        expectError(.invalidParameterException, "Invalid user attributes: family_name: Required attribute cannot be deleted.") {
            _ = try test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: pool, username: "x", userAttributeNames: ["family_name"]))
        }
        expectError(.invalidParameterException, "Cannot modify the non-mutable attribute sub") {
            _ = try test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: pool, username: "x", userAttributeNames: ["sub"]))
        }
        let attributes = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "x")).userAttributes
        #expect(attributes?["name"] == "X" && attributes?["family_name"] == "Y")
    }

    @Test func deleteAttributesRemovesVerificationToo() throws {
        _ = try test.engine.adminDeleteUserAttributes(
            AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["email", "name"]))
        let attributes = try get().userAttributes
        #expect(attributes?["email"] == nil && attributes?["email_verified"] == nil && attributes?["name"] == nil)
        expectError(.invalidParameterException, "Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.\n") {
            _ = try test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["custom:nope"]))
        }
        expectError(
            .invalidParameterException,
            "Invalid user attributes: user.custom:a: Attribute does not exist in the schema.\nuser.custom:b: Attribute does not exist in the schema.\n"
        ) {
            _ = try test.engine.adminDeleteUserAttributes(
                AdminDeleteUserAttributesRequest(userPoolId: poolId, username: "dana", userAttributeNames: ["custom:a", "locale", "custom:b"]))
        }
    }

    @Test func disableEnableAndDelete() throws {
        _ = try test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "dana"))
        #expect(try get().enabled == false)
        #expect(try get().userStatus == .forceChangePassword)
        _ = try test.engine.adminEnableUser(AdminEnableUserRequest(userPoolId: poolId, username: "dana"))
        #expect(try get().enabled == true)
        try test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "dana"))
        expectError(.userNotFoundException) { _ = try get() }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "dana"))
        }
        expectError(.userNotFoundException) { try test.engine.adminDeleteUser(AdminDeleteUserRequest(userPoolId: poolId, username: "dana")) }
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 0)
        // The name can be used again.
        try test.user("dana", in: poolId)
    }

    @Test func setPasswordPermanentOrTemporary() throws {
        _ = try test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password", permanent: true))
        #expect(try get().userStatus == .confirmed)
        _ = try test.engine.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password"))
        #expect(try get().userStatus == .forceChangePassword)
        expectError(.invalidPasswordException, "Password does not conform to policy: Password must have uppercase characters") {
            _ = try test.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "lowercase-1", permanent: true))
        }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminSetUserPassword(AdminSetUserPasswordRequest(userPoolId: poolId, username: "ghost", password: "N3w-password"))
        }
        #expect(try get().userStatus == .forceChangePassword)
    }

    @Test func resetPasswordSendsACodeToAVerifiedAddress() throws {
        expectError(.notAuthorizedException, "User password cannot be reset in the current state.") {
            _ = try test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "dana"))
        }
        _ = try test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "dana", password: "N3w-password", permanent: true))
        _ = try test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "dana"))
        #expect(try get().userStatus == .resetRequired)
        let message = try #require(try test.engine.outboxMessages(poolId: poolId, username: "dana").first)
        #expect(message.purpose == .resetPassword && message.channel == .email && message.code?.count == 6)

        try test.user("erin", in: poolId, attributes: ["email": "erin@example.com"])
        _ = try test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "erin", password: "N3w-password", permanent: true))
        expectError(.invalidParameterException, "Cannot reset password for the user as there is no registered/verified email or phone_number") {
            _ = try test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "erin"))
        }
        _ = try test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "erin"))
        expectError(.notAuthorizedException, "User is disabled") {
            _ = try test.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: poolId, username: "erin"))
        }
        #expect(try get("erin").userStatus == .confirmed)
    }

    @Test func confirmSignUpOnlyForUnconfirmedUsers() throws {
        let now = test.clock.now
        try test.engine.store.write { writer in
            let pool = try #require(try writer.pool(id: poolId))
            _ = try writer.insertUser(
                UserRecord(
                    poolKey: pool.key, username: "fresh", status: .unconfirmed, created: now, modified: now,
                    attributes: ["sub": UUID().uuidString.lowercased()]))
        }
        _ = try test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "fresh"))
        #expect(try get("fresh").userStatus == .confirmed)
        expectError(.notAuthorizedException, "User cannot be confirmed. Current status is CONFIRMED") {
            _ = try test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "fresh"))
        }
        expectError(.notAuthorizedException, "User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD") {
            _ = try test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "dana"))
        }
        expectError(.userNotFoundException) {
            _ = try test.engine.adminConfirmSignUp(AdminConfirmSignUpRequest(userPoolId: poolId, username: "ghost"))
        }
    }
}

@Suite struct AliasUpdateTests {
    @Test func verifiedAliasesStayUniqueOnUpdate() throws {
        let test = try TestEngine()
        let pool = try test.pool(CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email]))
        try test.user("ann", in: pool, attributes: ["email": "shared@example.com", "email_verified": "true"])
        try test.user("bob", in: pool, attributes: ["email": "bob@example.com", "email_verified": "true"])
        expectError(.aliasExistsException, "An account with the given email already exists.") {
            _ = try test.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: pool, username: "bob",
                    userAttributes: [AttributeType(name: "email", value: "shared@example.com"), AttributeType(name: "email_verified", value: "true")])
            )
        }
        let bob = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "bob"))
        #expect(bob.userAttributes?["email"] == "bob@example.com")
        // Unverified, the same address is no alias and may be shared.
        _ = try test.engine.adminUpdateUserAttributes(
            AdminUpdateUserAttributesRequest(
                userPoolId: pool, username: "bob", userAttributes: [AttributeType(name: "email", value: "shared@example.com")]))
        #expect(try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: pool, username: "shared@example.com")).username == "ann")
    }
}
