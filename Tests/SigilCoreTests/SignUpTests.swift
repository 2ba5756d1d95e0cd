import Foundation
import SigilCore
import Testing

@Suite struct SignUpTests {
    let fixture: AuthFixture

    init() async throws { fixture = try await AuthFixture() }

    func signUp(_ username: String, password: String = AuthFixture.password, email: String? = nil) async throws -> SignUpResponse {
        try await fixture.engine.signUp(
            SignUpRequest(
                clientId: fixture.clientId, secretHash: fixture.secretHash(username), username: username, password: password,
                userAttributes: [AttributeType(name: "email", value: email ?? "\(username)@example.com")]))
    }

    func confirm(_ username: String, _ code: String) async throws {
        _ = try await fixture.engine.confirmSignUp(ConfirmSignUpRequest(clientId: fixture.clientId, username: username, confirmationCode: code))
    }

    @Test func signUpSendsACodeThatConfirmsAndVerifies() async throws {
        let response = try await signUp("ann")
        #expect(response.userConfirmed == false)
        #expect(UUID(uuidString: response.userSub) != nil)
        #expect(response.codeDeliveryDetails == CodeDeliveryDetailsType(destination: "a***@e***", deliveryMedium: .email, attributeName: "email"))
        let user = try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(user.userStatus == .unconfirmed && user.userAttributes?["email_verified"] == nil)
        await expectError(.userNotConfirmedException) { _ = try await fixture.passwordAuth("ann") }
        let code = try await fixture.lastCode("ann")
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        try await confirm("ann", code)
        let confirmed = try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(confirmed.userStatus == .confirmed && confirmed.userAttributes?["email_verified"] == "true")
        #expect(try await fixture.tokens("ann").idToken != nil)
        await expectError(.notAuthorizedException, "User cannot be confirmed. Current status is CONFIRMED") { try await confirm("ann", code) }
    }

    @Test func withoutAutoVerificationNoCodeIsSent() async throws {
        let plain = try await AuthFixture(pool: CreateUserPoolRequest(poolName: "plain"))
        let response = try await plain.engine.signUp(
            SignUpRequest(
                clientId: plain.clientId, username: "ann", password: AuthFixture.password,
                userAttributes: [AttributeType(name: "email", value: "ann@example.com")]))
        #expect(response.codeDeliveryDetails == nil)
        await expectError(.invalidParameterException, "Auto verification not turned on.") {
            _ = try await plain.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: plain.clientId, username: "ann"))
        }
    }

    @Test func codesAreCheckedAndCounted() async throws {
        _ = try await signUp("ann")
        let code = try await fixture.lastCode("ann")
        let wrong = code == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            await expectError(.codeMismatchException, "Invalid verification code provided, please try again.") { try await confirm("ann", wrong) }
        }
        await expectError(.limitExceededException, "Attempt limit exceeded, please try after some time.") { try await confirm("ann", code) }
        let resent = try await fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
        #expect(resent.codeDeliveryDetails?.deliveryMedium == .email)
        let fresh = try await fixture.lastCode("ann")
        fixture.clock.advance(by: 86_401)
        await expectError(.expiredCodeException, "Invalid code provided, please request a code again.") { try await confirm("ann", fresh) }
    }

    @Test func resendingIsLimitedPerHour() async throws {
        _ = try await signUp("ann")
        for _ in 0..<4 {
            _ = try await fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
        }
        await expectError(.limitExceededException) {
            _ = try await fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
        }
        fixture.clock.advance(by: 3_601)
        _ = try await fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
    }

    @Test func signUpRefusesBadInput() async throws {
        _ = try await signUp("ann")
        await expectError(.usernameExistsException, "User already exists") { _ = try await signUp("ann") }
        await expectError(.invalidPasswordException, "Password did not conform with policy: Password not long enough") {
            _ = try await signUp("bob", password: "Ab1!")
        }
        await expectError(.invalidParameterException, "Invalid email address format.") { _ = try await signUp("bob", email: "nope") }
        await expectError(.notAuthorizedException, "A client attempted to write unauthorized attribute") {
            _ = try await fixture.engine.signUp(
                SignUpRequest(
                    clientId: fixture.clientId, username: "bob", password: AuthFixture.password,
                    userAttributes: [AttributeType(name: "email", value: "b@example.com"), AttributeType(name: "email_verified", value: "true")]))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await fixture.engine.signUp(SignUpRequest(clientId: "abcdefghijklmnopqrstuvwxyz", username: "x", password: AuthFixture.password))
        }
        await expectError(.userNotFoundException) { try await confirm("ghost", "123456") }
        await expectError(.invalidParameterException, "User is already confirmed.") {
            try await fixture.confirmedUser("carl")
            _ = try await fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "carl"))
        }
        #expect(try await fixture.engine.listUsers(ListUsersRequest(userPoolId: fixture.poolId)).users?.count == 2)
    }

    @Test func hiddenUsersGetSimulatedAnswers() async throws {
        let hidden = try await AuthFixture(prevent: .enabled)
        let resent = try await hidden.engine.resendConfirmationCode(
            ResendConfirmationCodeRequest(clientId: hidden.clientId, username: "ghost@example.com"))
        #expect(resent.codeDeliveryDetails?.destination == "g***@e***")
        await expectError(.codeMismatchException) {
            _ = try await hidden.engine.confirmSignUp(ConfirmSignUpRequest(clientId: hidden.clientId, username: "ghost", confirmationCode: "123456"))
        }
    }

    @Test func confirmingATakenAliasNeedsForce() async throws {
        let alias = try await AuthFixture(pool: CreateUserPoolRequest(poolName: "alias", autoVerifiedAttributes: [.email], aliasAttributes: [.email]))
        try await alias.confirmedUser("ann", email: "shared@example.com")
        _ = try await alias.engine.signUp(
            SignUpRequest(
                clientId: alias.clientId, username: "bob", password: AuthFixture.password,
                userAttributes: [AttributeType(name: "email", value: "shared@example.com")]))
        let code = try await alias.lastCode("bob")
        await expectError(.aliasExistsException, "An account with the given email already exists.") {
            _ = try await alias.engine.confirmSignUp(ConfirmSignUpRequest(clientId: alias.clientId, username: "bob", confirmationCode: code))
        }
        _ = try await alias.engine.confirmSignUp(
            ConfirmSignUpRequest(clientId: alias.clientId, username: "bob", confirmationCode: code, forceAliasCreation: true))
        #expect(try await alias.engine.adminGetUser(AdminGetUserRequest(userPoolId: alias.poolId, username: "shared@example.com")).username == "bob")
    }

    @Test func secretHashClients() async throws {
        let secret = try await AuthFixture(secret: true)
        await expectError(.notAuthorizedException) {
            _ = try await secret.engine.signUp(SignUpRequest(clientId: secret.clientId, username: "ann", password: AuthFixture.password))
        }
        _ = try await secret.engine.signUp(
            SignUpRequest(clientId: secret.clientId, secretHash: secret.secretHash("ann"), username: "ann", password: AuthFixture.password))
    }
}

@Suite struct ForgotPasswordTests {
    @Test func codeThenNewPassword() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let sent = try await fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ann"))
        #expect(sent.codeDeliveryDetails?.deliveryMedium == .email)
        let code = try await fixture.lastCode("ann")
        await expectError(.invalidPasswordException, "Password did not conform with policy: Password must have symbol characters") {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "NoSymbols1"))
        }
        await expectError(.codeMismatchException) {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(
                    clientId: fixture.clientId, username: "ann", confirmationCode: code == "000000" ? "111111" : "000000", password: "New-pass-1"))
        }
        _ = try await fixture.engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "New-pass-1"))
        await expectError(.notAuthorizedException) { _ = try await fixture.passwordAuth("ann") }
        #expect(try await fixture.tokens("ann", "New-pass-1").accessToken != nil)
        await expectError(.expiredCodeException) {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "Other-pass-1"))
        }
    }

    @Test func resetRequiredUsersRecoverThisWay() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        _ = try await fixture.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann"))
        let code = try await fixture.lastCode("ann")
        fixture.clock.advance(by: 3_601)
        await expectError(.expiredCodeException) {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "New-pass-1"))
        }
        _ = try await fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ann"))
        _ = try await fixture.engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(
                clientId: fixture.clientId, username: "ann", confirmationCode: try await fixture.lastCode("ann"), password: "New-pass-1"))
        #expect(try await fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann")).userStatus == .confirmed)
    }

    @Test func refusals() async throws {
        let fixture = try await AuthFixture()
        await expectError(.userNotFoundException, "Username/client id combination not found.") {
            _ = try await fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ghost"))
        }
        try await fixture.test.user("nomail", in: fixture.poolId, attributes: ["email": "n@example.com"])
        _ = try await fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: "nomail", password: AuthFixture.password, permanent: true))
        await expectError(.invalidParameterException, "Cannot reset password for the user as there is no registered/verified email or phone_number") {
            _ = try await fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "nomail"))
        }
        await expectError(.expiredCodeException) {
            _ = try await fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "nomail", confirmationCode: "123456", password: "New-pass-1"))
        }
        let hidden = try await AuthFixture(prevent: .enabled)
        #expect(
            try await hidden.engine.forgotPassword(ForgotPasswordRequest(clientId: hidden.clientId, username: "+15555550100")).codeDeliveryDetails?
                .destination == "+*******0100")
        await expectError(.codeMismatchException) {
            _ = try await hidden.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: hidden.clientId, username: "ghost", confirmationCode: "123456", password: "New-pass-1"))
        }
    }
}
