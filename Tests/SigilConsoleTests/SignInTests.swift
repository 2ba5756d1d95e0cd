import Foundation
import SigilCore
import SigilCrypto
import Testing

@testable import SigilConsole

/// The hosted sign-in driven through the console as a person would: keys in, screens out.
@Suite struct SignInTests {
    /// A pool with one SRP + password client and a confirmed user `ann` (and `ann@example.com`).
    struct Fixture {
        let store: TestStore
        let poolId: String
        let clientId: String
        let harness: Harness

        init(mfa: UserPoolMfaType = .optional, secret: Bool = false, width: Int = 120, height: Int = 40) async throws {
            store = try TestStore()
            poolId = try await store.pool()
            _ = try await store.engine.setUserPoolMfaConfig(
                SetUserPoolMfaConfigRequest(
                    userPoolId: poolId, smsMfaConfiguration: SmsMfaConfigType(),
                    softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: true), emailMfaConfiguration: EmailMfaConfigType(),
                    mfaConfiguration: mfa))
            clientId = try await store.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "web", generateSecret: secret,
                    explicitAuthFlows: [.allowUserSrpAuth, .allowUserPasswordAuth, .allowRefreshTokenAuth])
            ).userPoolClient!.clientId!
            try await store.user("ann", in: poolId, email: "ann@example.com")
            _ = try await store.engine.adminUpdateUserAttributes(
                AdminUpdateUserAttributesRequest(
                    userPoolId: poolId, username: "ann",
                    userAttributes: [
                        AttributeType(name: "email_verified", value: "true"), AttributeType(name: "phone_number", value: "+15555550100"),
                        AttributeType(name: "phone_number_verified", value: "true"),
                    ]))
            _ = try await store.engine.adminSetUserPassword(
                AdminSetUserPasswordRequest(userPoolId: poolId, username: "ann", password: "Passw0rd!ann", permanent: true))
            harness = Harness(store: store, width: width, height: height)
            harness.press(.character("5"))
        }

        var model: SignInModel { harness.model.signIn }

        /// From the setup page to the sign-in page (SRP, or password with `password: true`).
        func openSignInPage(password: Bool = false) {
            if password {
                harness.press(.down, .right)
            }
            harness.press(.enter)
        }

        func signIn(_ username: String = "ann", _ secret: String = "Passw0rd!ann") {
            harness.type(username)
            harness.press(.tab)
            harness.type(secret)
            harness.press(.enter)
        }

        func lastCode(_ username: String) async throws -> String {
            try #require(try await store.engine.outboxMessages(poolId: poolId, username: username).first?.code)
        }
    }

    @Test func srpSignInEndsOnCheckedTokens() async throws {
        let fixture = try await Fixture()
        #expect(fixture.harness.screen.contains("Hosted sign-in: app client and request"))
        fixture.openSignInPage()
        fixture.signIn()
        #expect(fixture.model.page == .tokens)
        let screen = fixture.harness.screen
        #expect(screen.contains("Signed in as ann"))
        #expect(screen.contains("✓ valid"))
        #expect(screen.contains("cognito:username"))
        #expect(screen.contains("expires in 1h") || screen.contains("expires in 59m"))
        #expect(fixture.model.idReport?.isValid == true)
        #expect(fixture.model.accessReport?.tokenUse == "access")
        // The sign-in is in the user's auth events, with the request context from setup.
        let events = try await fixture.store.engine.recentAuthEvents(poolId: fixture.poolId, username: "ann")
        #expect(events.first?.eventContextData?.ipAddress == "203.0.113.10")
        // The access token tab.
        fixture.harness.press(.tab)
        #expect(fixture.harness.screen.contains("client_id"))
    }

    @Test func aWrongPasswordFailsWithCognitosError() async throws {
        let fixture = try await Fixture()
        fixture.openSignInPage()
        fixture.signIn("ann", "wrong-password")
        #expect(fixture.model.page == .signIn)
        #expect(fixture.harness.screen.contains("NotAuthorizedException: Incorrect username or password."))
    }

    @Test func passwordFlowAndEditedRequestContext() async throws {
        let fixture = try await Fixture()
        // Method: password; source IP: a documentation address.
        fixture.harness.press(.down, .right, .down, .control("u"))
        fixture.harness.type("198.51.100.7")
        fixture.harness.press(.enter)
        #expect(fixture.model.useSRP == false)
        fixture.signIn()
        #expect(fixture.model.page == .tokens)
        let events = try await fixture.store.engine.recentAuthEvents(poolId: fixture.poolId, username: "ann")
        #expect(events.first?.eventContextData?.ipAddress == "198.51.100.7")
    }

    @Test func aBadSourceAddressIsRefused() async throws {
        let fixture = try await Fixture()
        fixture.harness.press(.down, .down, .control("u"))
        fixture.harness.type("not-an-ip")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .setup)
        #expect(fixture.harness.screen.contains("not-an-ip is not an IPv4 or IPv6 address"))
    }

    @Test func clientsWithASecretGetASecretHash() async throws {
        let fixture = try await Fixture(secret: true)
        fixture.openSignInPage()
        fixture.signIn()
        #expect(fixture.model.page == .tokens)
        fixture.harness.press(.character("r"))
        #expect(fixture.model.tokenStatus == "Refreshed: new ID and access tokens")
    }

    @Test func signUpConfirmWithTheOutboxCodeThenSignIn() async throws {
        let fixture = try await Fixture()
        fixture.openSignInPage()
        // Tab to the Sign up button (fields: username, password; then buttons).
        fixture.harness.press(.tab, .tab, .tab, .enter)
        #expect(fixture.model.page == .signUp)
        fixture.harness.type("zoe")
        fixture.harness.press(.tab)
        fixture.harness.type("zoe@example.com")
        fixture.harness.press(.tab)
        fixture.harness.type("Passw0rd!zoe")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .confirmSignUp(username: "zoe"))
        #expect(fixture.harness.screen.contains("We sent a code to"))
        fixture.harness.press(.control("o"))
        let code = try await fixture.lastCode("zoe")
        #expect(fixture.model.form["code"] == code)
        #expect(fixture.harness.screen.contains("Code \(code) from the outbox"))
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .signIn)
        #expect(fixture.harness.screen.contains("Your account is confirmed"))
        fixture.harness.type("Passw0rd!zoe")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
    }

    @Test func forgotPasswordWithTheCodeThenTheNewPassword() async throws {
        let fixture = try await Fixture()
        fixture.openSignInPage()
        fixture.harness.press(.tab, .tab, .tab, .tab, .enter)
        #expect(fixture.model.page == .forgotPassword)
        fixture.harness.type("ann")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .resetPassword(username: "ann"))
        fixture.harness.type(try await fixture.lastCode("ann"))
        fixture.harness.press(.tab)
        fixture.harness.type("N3w-Passw0rd!")
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("Your password is changed"))
        fixture.harness.type("N3w-Passw0rd!")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
    }

    @Test func newPasswordRequiredForAnInvitedUser() async throws {
        let fixture = try await Fixture()
        try await fixture.store.user("ivy", in: fixture.poolId, email: "ivy@example.com")
        fixture.openSignInPage()
        fixture.signIn("ivy", "Passw0rd!x")
        guard case .newPassword(let name, _, _) = fixture.model.page else {
            Issue.record("expected NEW_PASSWORD_REQUIRED, got \(fixture.model.page)")
            return
        }
        #expect(name == "ivy")
        fixture.harness.type("Brand-n3w-pass!")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
        let user = try await fixture.store.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ivy"))
        #expect(user.userStatus == .confirmed)
    }

    @Test func totpEnrolmentShowsAQRCodeAndTheSecret() async throws {
        let fixture = try await Fixture(mfa: .on, width: 80, height: 24)
        _ = try await fixture.store.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: fixture.poolId, softwareTokenMfaConfiguration: SoftwareTokenMfaConfigType(enabled: true), mfaConfiguration: .on))
        fixture.openSignInPage()
        fixture.signIn()
        guard case .totpSetup(_, _, let secret?) = fixture.model.page else {
            Issue.record("expected TOTP enrolment, got \(fixture.model.page)")
            return
        }
        let screen = fixture.harness.screen
        #expect(screen.contains("█"))
        #expect(screen.contains("▀") || screen.contains("▄"))
        // The secret is on screen in groups of four.
        let shown = fixture.harness.terminal.text.joined(separator: "\n")
        let grouped = SignInView.chunks(secret, 4).joined(separator: " ")
        #expect(shown.replacingOccurrences(of: " │\n", with: " ").contains(grouped.prefix(24)))
        // A wrong code first, then the right one.
        fixture.harness.type("000000")
        fixture.harness.press(.enter)
        #expect(fixture.harness.screen.contains("EnableSoftwareTokenMFAException") || fixture.harness.screen.contains("CodeMismatch"))
        let code = TOTP(secret: try #require(Base32.decode(secret))).code(at: fixture.store.clock.now)
        fixture.harness.press(.control("u"))
        fixture.harness.type(code)
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
        // Next time the same app's code is asked for.
        fixture.store.clock.advance(by: 60)
        fixture.harness.press(.character("n"))
        fixture.harness.type("Passw0rd!ann")
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .mfaCode(.softwareTokenMfa, username: "ann", session: fixture.sessionOf(fixture.model.page), destination: nil))
        #expect(!fixture.harness.screen.contains("^O"), "no outbox code for an authenticator app")
        fixture.harness.type(TOTP(secret: Base32.decode(secret)!).code(at: fixture.store.clock.now))
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
    }

    @Test func smsCodeFromTheOutboxOnDemand() async throws {
        let fixture = try await Fixture()
        _ = try await fixture.store.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                smsMfaSettings: SMSMfaSettingsType(enabled: true, preferredMfa: true), username: "ann", userPoolId: fixture.poolId))
        fixture.openSignInPage()
        fixture.signIn()
        guard case .mfaCode(.smsMfa, _, _, let destination) = fixture.model.page else {
            Issue.record("expected SMS_MFA, got \(fixture.model.page)")
            return
        }
        #expect(destination?.contains("0100") == true)
        fixture.harness.press(.control("o"))
        #expect(fixture.model.form["code"] == (try await fixture.lastCode("ann")))
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
    }

    @Test func selectMFATypeWhenTwoAreOnAndNoneIsPreferred() async throws {
        let fixture = try await Fixture()
        _ = try await fixture.store.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                smsMfaSettings: SMSMfaSettingsType(enabled: true), emailMfaSettings: EmailMfaSettingsType(enabled: true), username: "ann",
                userPoolId: fixture.poolId))
        fixture.openSignInPage()
        fixture.signIn()
        guard case .selectMFA(_, _, let options) = fixture.model.page else {
            Issue.record("expected SELECT_MFA_TYPE, got \(fixture.model.page)")
            return
        }
        #expect(options.contains("EMAIL_OTP") && options.contains("SMS_MFA"))
        while fixture.model.form["choice"] != "EMAIL_OTP" { fixture.harness.press(.right) }
        fixture.harness.press(.enter)
        guard case .mfaCode(.emailOtp, _, _, _) = fixture.model.page else {
            Issue.record("expected EMAIL_OTP, got \(fixture.model.page)")
            return
        }
        fixture.harness.type(try await fixture.lastCode("ann"))
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
    }

    @Test func globalSignOutRevokesAndSignOutEnds() async throws {
        let fixture = try await Fixture()
        fixture.openSignInPage()
        fixture.signIn()
        fixture.harness.press(.character("c"))
        #expect(fixture.model.tokenStatus == "GetUser accepts the access token (user ann)")
        fixture.harness.press(.character("g"))
        #expect(fixture.model.tokenStatus?.contains("Signed out everywhere") == true)
        #expect(fixture.model.tokenStatus?.contains("Access Token has been revoked") == true)
        fixture.harness.press(.character("r"))
        #expect(fixture.model.tokenStatus?.contains("NotAuthorizedException") == true)
        // A fresh sign-in, then a plain sign-out revokes its refresh token.
        fixture.harness.press(.character("n"))
        fixture.harness.type("Passw0rd!ann")
        fixture.harness.press(.enter)
        let refresh = try #require(fixture.model.tokens?.refreshToken)
        fixture.harness.press(.character("o"))
        #expect(fixture.model.page == .signIn)
        await #expect(throws: CognitoError.self) {
            try await fixture.store.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": refresh], clientId: fixture.clientId))
        }
    }

    @Test func expiryShowsWhenTheClockMoves() async throws {
        let fixture = try await Fixture()
        fixture.openSignInPage()
        fixture.signIn()
        fixture.store.clock.advance(by: 2 * 3_600)
        fixture.harness.app.tick()
        fixture.harness.app.settle()
        #expect(fixture.model.idReport?.problems.contains("Token has expired") == true)
        #expect(fixture.harness.screen.contains("expired 1h ago"))
    }

    @Test func theOutboxPutsACodeIntoTheWaitingPrompt() async throws {
        let fixture = try await Fixture()
        _ = try await fixture.store.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                smsMfaSettings: SMSMfaSettingsType(enabled: true, preferredMfa: true), username: "ann", userPoolId: fixture.poolId))
        fixture.openSignInPage()
        fixture.signIn()
        guard case .mfaCode = fixture.model.page else {
            Issue.record("expected an MFA prompt, got \(fixture.model.page)")
            return
        }
        // Typing goes into the code field, so the palette opens with ^P.
        fixture.harness.press(.control("p"))
        fixture.harness.type("outbox")
        fixture.harness.press(.enter)
        #expect(fixture.harness.model.screen == .outbox)
        #expect(fixture.harness.screen.contains("mfa-code"))
        fixture.harness.press(.enter)
        #expect(fixture.harness.model.screen == .signIn)
        #expect(fixture.model.form["code"] == (try await fixture.lastCode("ann")))
        fixture.harness.press(.enter)
        #expect(fixture.model.page == .tokens)
        // With no prompt waiting, the outbox says so.
        fixture.harness.press(.character("6"), .enter)
        #expect(fixture.harness.model.toast?.text == "No sign-in prompt is waiting for a code")
    }
}

extension SignInTests.Fixture {
    func sessionOf(_ page: SignInModel.Page) -> String? {
        if case .mfaCode(_, _, let session, _) = page { return session }
        return nil
    }
}
