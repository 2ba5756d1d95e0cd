import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct NewPasswordRequiredTests {
    let fixture: AuthFixture

    init() async throws {
        fixture = try await AuthFixture(
            pool: CreateUserPoolRequest(poolName: "p", schema: [SchemaAttributeType(name: "given_name", required: true)]))
        _ = try await fixture.engine.adminCreateUser(
            AdminCreateUserRequest(
                userPoolId: fixture.poolId, username: "dana",
                userAttributes: [AttributeType(name: "email", value: "dana@example.com"), AttributeType(name: "given_name", value: "Dana")],
                temporaryPassword: "Temp-pass1", messageAction: .suppress))
    }

    @Test func temporaryPasswordLeadsToTheChallengeAndTheAnswerToTokens() async throws {
        let challenge = try await fixture.passwordAuth("dana", "Temp-pass1")
        #expect(challenge.challengeName == .newPasswordRequired)
        let parameters = try #require(challenge.challengeParameters)
        #expect(parameters["USER_ID_FOR_SRP"] == "dana")
        #expect(parameters["requiredAttributes"] == "[]")
        let shown = try JSONSerialization.jsonObject(with: Data((parameters["userAttributes"] ?? "").utf8)) as? [String: String]
        #expect(shown?["email"] == "dana@example.com" && shown?["sub"] == nil)
        let session = try #require(challenge.session)

        await expectError(.invalidPasswordException, "Password does not conform to policy: Password must have numeric characters") {
            _ = try await fixture.respond(.newPasswordRequired, session: session, ["USERNAME": "dana", "NEW_PASSWORD": "No-digits-here"])
        }
        let done = try await fixture.respond(
            .newPasswordRequired, session: session, ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1", "userAttributes.name": "Dana D"])
        #expect(done.authenticationResult?.idToken != nil)
        #expect(try await fixture.verified(done.authenticationResult?.idToken, use: "id")["name"]?.stringValue == "Dana D")
        let user = try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "dana"))
        #expect(user.userStatus == .confirmed)
        #expect(try await fixture.tokens("dana", "Brand-new-1").accessToken != nil)
        await expectError(.notAuthorizedException, "Invalid session for the user, session can only be used once.") {
            _ = try await fixture.respond(.newPasswordRequired, session: session, ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-2"])
        }
    }

    @Test func requiredAttributesMustBeAnswered() async throws {
        _ = try await fixture.engine.adminDeleteUserAttributes(
            AdminDeleteUserAttributesRequest(userPoolId: fixture.poolId, username: "dana", userAttributeNames: ["email"]))
        let challenge = try await fixture.passwordAuth("dana", "Temp-pass1")
        let session = try #require(challenge.session)
        await expectError(.notAuthorizedException) {
            _ = try await fixture.respond(
                .newPasswordRequired, session: session,
                ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1", "userAttributes.email_verified": "true"])
        }
        await expectError(.invalidParameterException, "Invalid attributes given, given_name is missing") {
            _ = try await fixture.respond(
                .newPasswordRequired, session: session, ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1", "userAttributes.given_name": ""])
        }
    }

    @Test func sessionsExpireAndGarbageIsRefused() async throws {
        let session = try #require(try await fixture.passwordAuth("dana", "Temp-pass1").session)
        fixture.clock.advance(by: 3 * 60 + 1)
        await expectError(.notAuthorizedException, "Invalid session for the user, session is expired.") {
            _ = try await fixture.respond(.newPasswordRequired, session: session, ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1"])
        }
        await expectError(.notAuthorizedException, "Invalid session for the user.") {
            _ = try await fixture.respond(
                .newPasswordRequired, session: String(repeating: "A", count: 40), ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1"])
        }
        await expectError(.invalidParameterException, "Missing required parameter Session") {
            _ = try await fixture.respond(.newPasswordRequired, session: nil, ["USERNAME": "dana", "NEW_PASSWORD": "Brand-new-1"])
        }
    }

    @Test func temporaryPasswordsExpire() async throws {
        fixture.clock.advance(by: 8 * 86_400)
        await expectError(.notAuthorizedException, "Temporary password has expired and must be reset by an administrator.") {
            _ = try await fixture.passwordAuth("dana", "Temp-pass1")
        }
    }
}

@Suite struct MFAChallengeTests {
    func fixture(_ mode: UserPoolMfaType, sms: Bool = false, totp: Bool = false, email: Bool = false) async throws -> AuthFixture {
        let fixture = try await AuthFixture()
        _ = try await fixture.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: fixture.poolId, smsMfaConfiguration: sms ? SmsMfaConfigType() : nil,
                softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: totp), emailMfaConfiguration: email ? EmailMfaConfigType() : nil,
                mfaConfiguration: mode))
        return fixture
    }

    @Test func smsCodeWhenMfaIsRequired() async throws {
        let fixture = try await fixture(.on, sms: true)
        try await fixture.confirmedUser("ann", attributes: ["phone_number": "+15555550123"])
        let challenge = try await fixture.passwordAuth("ann")
        #expect(challenge.challengeName == .smsMfa)
        #expect(challenge.challengeParameters?["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS")
        #expect(challenge.challengeParameters?["CODE_DELIVERY_DESTINATION"] == "+*******0123")
        let code = try await fixture.lastCode("ann")
        #expect(code.count == 6)
        await expectError(.codeMismatchException, "Invalid code or auth state for the user.") {
            _ = try await fixture.respond(
                .smsMfa, session: challenge.session, ["USERNAME": "ann", "SMS_MFA_CODE": "000000" == code ? "111111" : "000000"])
        }
        let done = try await fixture.respond(.smsMfa, session: challenge.session, ["USERNAME": "ann", "SMS_MFA_CODE": code])
        #expect(done.authenticationResult?.accessToken != nil)
        await expectError(.notAuthorizedException, "Invalid session for the user, session can only be used once.") {
            _ = try await fixture.respond(.smsMfa, session: challenge.session, ["USERNAME": "ann", "SMS_MFA_CODE": code])
        }
    }

    @Test func fiveWrongCodesEndTheSession() async throws {
        let fixture = try await fixture(.on, sms: true)
        try await fixture.confirmedUser("ann", attributes: ["phone_number": "+15555550123"])
        let challenge = try await fixture.passwordAuth("ann")
        let code = try await fixture.lastCode("ann")
        let wrong = code == "123456" ? "654321" : "123456"
        for _ in 0..<5 {
            await expectError(.codeMismatchException) {
                _ = try await fixture.respond(.smsMfa, session: challenge.session, ["USERNAME": "ann", "SMS_MFA_CODE": wrong])
            }
        }
        await expectError(.notAuthorizedException) {
            _ = try await fixture.respond(.smsMfa, session: challenge.session, ["USERNAME": "ann", "SMS_MFA_CODE": code])
        }
    }

    @Test func optionalMfaOnlyForUsersWhoTurnedItOn() async throws {
        let fixture = try await fixture(.optional, sms: true, email: true)
        try await fixture.confirmedUser("ann", attributes: ["phone_number": "+15555550123"])
        #expect(try await fixture.passwordAuth("ann").authenticationResult != nil)
        _ = try await fixture.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                emailMfaSettings: EmailMfaSettingsType(enabled: true, preferredMfa: true), username: "ann", userPoolId: fixture.poolId))
        let challenge = try await fixture.passwordAuth("ann")
        #expect(challenge.challengeName == .emailOtp)
        #expect(challenge.challengeParameters?["CODE_DELIVERY_DESTINATION"] == "a***@e***")
        let code = try await fixture.lastCode("ann")
        #expect(code.count == 8)
        #expect(
            try await fixture.respond(.emailOtp, session: challenge.session, ["USERNAME": "ann", "EMAIL_OTP_CODE": code]).authenticationResult != nil)

        // Two methods and no preference: the user chooses.
        _ = try await fixture.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                smsMfaSettings: SMSMfaSettingsType(enabled: true, preferredMfa: false),
                emailMfaSettings: EmailMfaSettingsType(enabled: true, preferredMfa: false),
                username: "ann", userPoolId: fixture.poolId))
        let user = try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(user.userMFASettingList == ["SMS_MFA", "EMAIL_OTP"])
        let select = try await fixture.passwordAuth("ann")
        #expect(select.challengeName == .selectMfaType)
        #expect(select.challengeParameters?["MFAS_CAN_CHOOSE"] == "[\"SMS_MFA\",\"EMAIL_OTP\"]")
        let sms = try await fixture.respond(.selectMfaType, session: select.session, ["USERNAME": "ann", "ANSWER": "SMS_MFA"])
        #expect(sms.challengeName == .smsMfa)
        let smsCode = try await fixture.lastCode("ann")
        #expect(try await fixture.respond(.smsMfa, session: sms.session, ["USERNAME": "ann", "SMS_MFA_CODE": smsCode]).authenticationResult != nil)
    }

    @Test func totpEnrolmentWithAnAccessTokenThenSignIn() async throws {
        let fixture = try await fixture(.optional, totp: true)
        try await fixture.confirmedUser("ann")
        let access = try #require(try await fixture.tokens("ann").accessToken)
        await expectError(.invalidParameterException, "User has not verified software token mfa") {
            _ = try await fixture.engine.setUserMFAPreference(
                SetUserMFAPreferenceRequest(
                    softwareTokenMfaSettings: SoftwareTokenMfaSettingsType(enabled: true, preferredMfa: true), accessToken: access))
        }
        let secretCode = try #require(try await fixture.engine.associateSoftwareToken(AssociateSoftwareTokenRequest(accessToken: access)).secretCode)
        #expect(secretCode.count >= 16)
        let totp = TOTP(secret: try #require(Base32.decode(secretCode)))
        await expectError(.enableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA") {
            _ = try await fixture.engine.verifySoftwareToken(
                VerifySoftwareTokenRequest(accessToken: access, userCode: "000000" == totp.code(at: fixture.clock.now) ? "111111" : "000000"))
        }
        #expect(
            try await fixture.engine.verifySoftwareToken(VerifySoftwareTokenRequest(accessToken: access, userCode: totp.code(at: fixture.clock.now)))
                .status
                == .success)
        _ = try await fixture.engine.setUserMFAPreference(
            SetUserMFAPreferenceRequest(
                softwareTokenMfaSettings: SoftwareTokenMfaSettingsType(enabled: true, preferredMfa: true), accessToken: access))

        fixture.clock.advance(by: 30)
        let challenge = try await fixture.passwordAuth("ann")
        #expect(challenge.challengeName == .softwareTokenMfa)
        let code = totp.code(at: fixture.clock.now)
        #expect(
            try await fixture.respond(.softwareTokenMfa, session: challenge.session, ["USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": code])
                .authenticationResult != nil)
        // The same code again is a replay.
        let again = try await fixture.passwordAuth("ann")
        await expectError(.expiredCodeException) {
            _ = try await fixture.respond(.softwareTokenMfa, session: again.session, ["USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": code])
        }
        fixture.clock.advance(by: 30)
        #expect(
            try await fixture.respond(
                .softwareTokenMfa, session: again.session, ["USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": totp.code(at: fixture.clock.now)]
            )
            .authenticationResult != nil)
    }

    @Test func mfaSetupDuringSignInWhenMfaIsRequired() async throws {
        let fixture = try await fixture(.on, totp: true)
        try await fixture.confirmedUser("ann")
        let setup = try await fixture.passwordAuth("ann")
        #expect(setup.challengeName == .mfaSetup)
        #expect(setup.challengeParameters?["MFAS_CAN_SETUP"] == "[\"SOFTWARE_TOKEN_MFA\"]")
        let associated = try await fixture.engine.associateSoftwareToken(AssociateSoftwareTokenRequest(session: setup.session))
        let secretCode = try #require(associated.secretCode)
        let totp = TOTP(secret: try #require(Base32.decode(secretCode)))
        let verified = try await fixture.engine.verifySoftwareToken(
            VerifySoftwareTokenRequest(session: associated.session, userCode: totp.code(at: fixture.clock.now), friendlyDeviceName: "phone"))
        #expect(verified.status == .success)
        fixture.clock.advance(by: 30)
        let done = try await fixture.respond(
            .mfaSetup, session: verified.session, ["USERNAME": "ann", "SOFTWARE_TOKEN_MFA_CODE": totp.code(at: fixture.clock.now)])
        #expect(done.authenticationResult?.accessToken != nil)
        await expectError(.notAuthorizedException) {
            _ = try await fixture.engine.associateSoftwareToken(AssociateSoftwareTokenRequest(session: setup.session))
        }
        let next = try await fixture.passwordAuth("ann")
        #expect(next.challengeName == .softwareTokenMfa)
        #expect(next.challengeParameters?["FRIENDLY_DEVICE_NAME"] == "phone")
    }

    @Test func poolMfaConfiguration() async throws {
        let fixture = try await AuthFixture()
        let set = try await fixture.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: fixture.poolId, softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: true), mfaConfiguration: .optional))
        #expect(set.mfaConfiguration == .optional)
        let get = try await fixture.engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: fixture.poolId))
        #expect(get.softwareTokenMfaConfiguration?.enabled == true)
        #expect(
            try await fixture.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: fixture.poolId)).userPool?.mfaConfiguration == .optional)
        await expectError(.invalidParameterException) {
            _ = try await fixture.engine.setUserPoolMfaConfig(SetUserPoolMfaConfigRequest(userPoolId: fixture.poolId, mfaConfiguration: .on))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await fixture.engine.getUserPoolMfaConfig(GetUserPoolMfaConfigRequest(userPoolId: "us-east-1_NotThere1"))
        }
        await expectError(.invalidParameterException, "User does not have delivery config set to turn on SMS_MFA") {
            try await fixture.confirmedUser("ann")
            _ = try await fixture.engine.adminSetUserMFAPreference(
                AdminSetUserMFAPreferenceRequest(smsMfaSettings: SMSMfaSettingsType(enabled: true), username: "ann", userPoolId: fixture.poolId))
        }
    }
}
