import Foundation
import SigilCore
import Testing

@Suite struct SelfServiceTests {
    let fixture: AuthFixture
    let access: String

    init() async throws {
        fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann", attributes: ["name": "Ann"])
        access = try #require(try await fixture.tokens("ann").accessToken)
    }

    @Test func getUser() async throws {
        let user = try await fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.username == "ann")
        #expect(user.userAttributes.first?.name == "sub")
        #expect(user.userAttributes["name"] == "Ann")
        #expect(user.userMFASettingList == nil)
    }

    @Test func changingTheEmailNeedsVerification() async throws {
        let response = try await fixture.engine.updateUserAttributes(
            UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email", value: "new@example.com")], accessToken: access))
        #expect(response.codeDeliveryDetailsList?.first?.destination == "n***@e***")
        var user = try await fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "new@example.com" && user.userAttributes["email_verified"] == "false")
        let code = try await fixture.lastCode("ann")
        await expectError(.codeMismatchException) {
            _ = try await fixture.engine.verifyUserAttribute(
                VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code == "000000" ? "111111" : "000000"))
        }
        _ = try await fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code))
        user = try await fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email_verified"] == "true")
        await expectError(.expiredCodeException) {
            _ = try await fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: code))
        }
        await expectError(.invalidParameterException, "Invalid attribute name. Only phone_number and email can be verified.") {
            _ = try await fixture.engine.getUserAttributeVerificationCode(
                GetUserAttributeVerificationCodeRequest(accessToken: access, attributeName: "name"))
        }
        await expectError(.notAuthorizedException) {
            _ = try await fixture.engine.updateUserAttributes(
                UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email_verified", value: "true")], accessToken: access))
        }
    }

    @Test func gatedUpdatesKeepTheOldValueUntilVerified() async throws {
        _ = try await fixture.engine.updateUserPool(
            UpdateUserPoolRequest(
                userPoolId: fixture.poolId, autoVerifiedAttributes: [.email],
                userAttributeUpdateSettings: UserAttributeUpdateSettingsType(attributesRequireVerificationBeforeUpdate: [.email])))
        _ = try await fixture.engine.updateUserAttributes(
            UpdateUserAttributesRequest(userAttributes: [AttributeType(name: "email", value: "new@example.com")], accessToken: access))
        var user = try await fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "ann@example.com" && user.userAttributes["email_verified"] == "true")
        let message = try #require(try await fixture.engine.outboxMessages(poolId: fixture.poolId, username: "ann").first)
        #expect(message.destination == "new@example.com")
        _ = try await fixture.engine.verifyUserAttribute(VerifyUserAttributeRequest(accessToken: access, attributeName: "email", code: message.code!))
        user = try await fixture.engine.getUser(GetUserRequest(accessToken: access))
        #expect(user.userAttributes["email"] == "new@example.com" && user.userAttributes["email_verified"] == "true")
    }

    @Test func deleteAttributesAndUser() async throws {
        _ = try await fixture.engine.deleteUserAttributes(DeleteUserAttributesRequest(userAttributeNames: ["name"], accessToken: access))
        #expect(try await fixture.engine.getUser(GetUserRequest(accessToken: access)).userAttributes["name"] == nil)
        try await fixture.engine.deleteUser(DeleteUserRequest(accessToken: access))
        await expectError(.userNotFoundException) { _ = try await fixture.engine.getUser(GetUserRequest(accessToken: access)) }
    }

    @Test func changePassword() async throws {
        await expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try await fixture.engine.changePassword(
                ChangePasswordRequest(previousPassword: "Wrong-pass1", proposedPassword: "New-pass-1", accessToken: access))
        }
        await expectError(.invalidPasswordException, "Password did not conform with policy: Password not long enough") {
            _ = try await fixture.engine.changePassword(
                ChangePasswordRequest(previousPassword: AuthFixture.password, proposedPassword: "Ab1!", accessToken: access))
        }
        _ = try await fixture.engine.changePassword(
            ChangePasswordRequest(previousPassword: AuthFixture.password, proposedPassword: "New-pass-1", accessToken: access))
        await expectError(.notAuthorizedException) { _ = try await fixture.passwordAuth("ann") }
        #expect(try await fixture.tokens("ann", "New-pass-1").accessToken != nil)
    }

    @Test func authEventsNeedThreatProtection() async throws {
        await expectError(.userPoolAddOnNotEnabledException) {
            _ = try await fixture.engine.adminListUserAuthEvents(AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann"))
        }
        // The console reads them whatever the mode.
        #expect(try await fixture.engine.recentAuthEvents(poolId: fixture.poolId, username: "ann").first?.eventResponse == .pass)
    }

    @Test func authEventsAreRecordedAndPublished() async throws {
        let fixture = try await AuthFixture(
            pool: CreateUserPoolRequest(
                poolName: "audit", autoVerifiedAttributes: [.email], userPoolAddOns: UserPoolAddOnsType(advancedSecurityMode: .audit)))
        try await fixture.confirmedUser("ann")
        _ = try await fixture.tokens("ann")
        let stream = fixture.engine.events.subscribe()
        await expectError(.notAuthorizedException) {
            _ = try await fixture.passwordAuth(
                "ann", "Wrong-pass1", context: RequestOrigin(ipAddress: "198.51.100.7", userAgent: "curl/8", requestId: "bad-1"))
        }
        let page = try await fixture.engine.adminListUserAuthEvents(
            AdminListUserAuthEventsRequest(userPoolId: fixture.poolId, username: "ann", maxResults: 1))
        let latest = try #require(page.authEvents?.first)
        #expect(latest.eventType == .signIn && latest.eventResponse == .fail && latest.eventId == "bad-1")
        #expect(latest.eventContextData?.ipAddress == "198.51.100.7")
        #expect(latest.challengeResponses == [ChallengeResponseType(challengeName: .password, challengeResponse: .failure)])
        let older = try await fixture.engine.adminListUserAuthEvents(
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
