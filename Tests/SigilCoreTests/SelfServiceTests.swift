import Foundation
import SigilCore
import Testing

@Suite struct SelfServiceTests {
    let fixture: AuthFixture
    let access: String

    init() throws {
        fixture = try AuthFixture()
        try fixture.confirmedUser("ann", attributes: ["name": "Ann"])
        access = try #require(try fixture.tokens("ann").accessToken)
    }

    @Test func getUser() throws {
        let user = try fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.username == "ann")
        #expect(user.userAttributes.first?.name == "sub")
        #expect(user.userAttributes["name"] == "Ann")
        #expect(user.userMFASettingList == nil)
    }

    @Test func changingTheEmailNeedsVerification() throws {
        let response = try fixture.engine.updateUserAttributes(
            UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email", value: "new@example.com")], accessToken: access))
        #expect(response.codeDeliveryDetailsList?.first?.destination == "n***@e***")
        var user = try fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "new@example.com" && user.userAttributes["email_verified"] == "false")
        let code = try fixture.lastCode("ann")
        expectError(.codeMismatchException) {
            _ = try fixture.engine.verifyUserAttribute(
                VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code == "000000" ? "111111" : "000000"))
        }
        _ = try fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code))
        user = try fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email_verified"] == "true")
        expectError(.expiredCodeException) {
            _ = try fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code))
        }
        expectError(.invalidParameterException, "Invalid attribute name. Only phone_number and email can be verified.") {
            _ = try fixture.engine.getUserAttributeVerificationCode(
                GetUserAttributeVerificationCodeRequest(accessToken: access, attributeName: "name"))
        }
        expectError(.notAuthorizedException) {
            _ = try fixture.engine.updateUserAttributes(
                UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email_verified", value: "true")], accessToken: access))
        }
    }

    @Test func gatedUpdatesKeepTheOldValueUntilVerified() throws {
        _ = try fixture.engine.updateUserPool(
            UpdateUserPoolRequest(
                userPoolId: fixture.poolId, autoVerifiedAttributes: [.email],
                userAttributeUpdateSettings: UserAttributeUpdateSettingsType(attributesRequireVerificationBeforeUpdate: [.email])))
        _ = try fixture.engine.updateUserAttributes(
            UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email", value: "new@example.com")], accessToken: access))
        var user = try fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "ann@example.com" && user.userAttributes["email_verified"] == "true")
        let message = try #require(try fixture.engine.outboxMessages(poolId: fixture.poolId, username: "ann").first)
        #expect(message.destination == "new@example.com")
        _ = try fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: message.code!))
        user = try fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "new@example.com" && user.userAttributes["email_verified"] == "true")
    }

    @Test func deleteAttributesAndUser() throws {
        _ = try fixture.engine.deleteUserAttributes(DeleteUserAttributesRequest(userAttributeNames: ["name"], accessToken: access))
        #expect(try fixture.engine.getUser(GetUserRequest(accessToken: access)).userAttributes["name"] == nil)
        try fixture.engine.deleteUser(DeleteUserRequest(accessToken: access))
        expectError(.userNotFoundException) { _ = try fixture.engine.getUser(GetUserRequest(accessToken: access)) }
    }

    @Test func changePassword() throws {
        expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try fixture.engine.changePassword(
                ChangePasswordRequest(previousPassword: "Wrong-pass1", proposedPassword: "New-pass-1", accessToken: access))
        }
        expectError(.invalidPasswordException, "Password did not conform with policy: Password not long enough") {
            _ = try fixture.engine.changePassword(
                ChangePasswordRequest(previousPassword: AuthFixture.password, proposedPassword: "Ab1!", accessToken: access))
        }
        _ = try fixture.engine.changePassword(
            ChangePasswordRequest(previousPassword: AuthFixture.password, proposedPassword: "New-pass-1", accessToken: access))
        expectError(.notAuthorizedException) { _ = try fixture.passwordAuth("ann") }
        #expect(try fixture.tokens("ann", "New-pass-1").accessToken != nil)
    }

    @Test func authEventsNeedThreatProtection() throws {
        expectError(.userPoolAddOnNotEnabledException) {
            _ = try fixture.engine.adminListUserAuthEvents(AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann"))
        }
        // The console reads them whatever the mode.
        #expect(try fixture.engine.recentAuthEvents(poolId: fixture.poolId, username: "ann").first?.eventResponse == .pass)
    }

    @Test func authEventsAreRecordedAndPublished() async throws {
        let fixture = try AuthFixture(
            pool: CreateUserPoolRequest(
                poolName: "audit", autoVerifiedAttributes: [.email], userPoolAddOns: UserPoolAddOnsType(advancedSecurityMode: .audit)))
        try fixture.confirmedUser("ann")
        _ = try fixture.tokens("ann")
        let stream = fixture.engine.events.subscribe()
        expectError(.notAuthorizedException) {
            _ = try fixture.passwordAuth(
                "ann", "Wrong-pass1", context: RequestOrigin(ipAddress: "198.51.100.7", userAgent: "curl/8", requestId: "bad-1"))
        }
        let page = try fixture.engine.adminListUserAuthEvents(
            AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann", maxResults: 1))
        let latest = try #require(page.authEvents?.first)
        #expect(latest.eventType == .signIn && latest.eventResponse == .fail && latest.eventId == "bad-1")
        #expect(latest.eventContextData?.ipAddress == "198.51.100.7")
        #expect(latest.challengeResponses == [ChallengeResponseType(challengeName: .password, challengeResponse: .failure)])
        let older = try fixture.engine.adminListUserAuthEvents(
            AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann", maxResults: 10, nextToken: page.nextToken))
        #expect(older.authEvents?.first?.eventResponse == .pass)
        var iterator = stream.makeAsyncIterator()
        guard case .auth(_, let event)? = await iterator.next() else {
            Issue.record("no auth event published")
            return
        }
        #expect(event.eventId == "bad-1")
    }
}
