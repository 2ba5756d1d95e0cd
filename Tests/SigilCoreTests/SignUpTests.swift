import Foundation
import SigilCore
import Testing

@Suite struct SignUpTests {
    let fixture: AuthFixture

    init() throws { fixture = try AuthFixture() }

    func signUp(_ username: String, password: String = AuthFixture.password, email: String? = nil) throws -> SignUpResponse {
        try fixture.engine.signUp(
            SignUpRequest(
                clientId: fixture.clientId, secretHash: fixture.secretHash(username), username: username, password: password,
                userAttributes: [AttributeType(name: "email", value: email ?? "\(username)@example.com")]))
    }

    func confirm(_ username: String, _ code: String) throws {
        _ = try fixture.engine.confirmSignUp(ConfirmSignUpRequest(clientId: fixture.clientId, username: username, confirmationCode: code))
    }

    @Test func signUpSendsACodeThatConfirmsAndVerifies() throws {
        let response = try signUp("ann")
        #expect(response.userConfirmed == false)
        #expect(UUID(uuidString: response.userSub) != nil)
        #expect(response.codeDeliveryDetails == CodeDeliveryDetailsType(destination: "a***@e***", deliveryMedium: .email, attributeName: "email"))
        let user = try fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(user.userStatus == .unconfirmed && user.userAttributes?["email_verified"] == nil)
        expectError(.userNotConfirmedException) { _ = try fixture.passwordAuth("ann") }
        let code = try fixture.lastCode("ann")
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        try confirm("ann", code)
        let confirmed = try fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann"))
        #expect(confirmed.userStatus == .confirmed && confirmed.userAttributes?["email_verified"] == "true")
        #expect(try fixture.tokens("ann").idToken != nil)
        expectError(.notAuthorizedException, "User cannot be confirmed. Current status is CONFIRMED") { try confirm("ann", code) }
    }

    @Test func withoutAutoVerificationNoCodeIsSent() throws {
        let plain = try AuthFixture(pool: CreateUserPoolRequest(poolName: "plain"))
        let response = try plain.engine.signUp(
            SignUpRequest(
                clientId: plain.clientId, username: "ann", password: AuthFixture.password,
                userAttributes: [AttributeType(name: "email", value: "ann@example.com")]))
        #expect(response.codeDeliveryDetails == nil)
        expectError(.invalidParameterException, "Auto verification not turned on.") {
            _ = try plain.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: plain.clientId, username: "ann"))
        }
    }

    @Test func codesAreCheckedAndCounted() throws {
        _ = try signUp("ann")
        let code = try fixture.lastCode("ann")
        let wrong = code == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            expectError(.codeMismatchException, "Invalid verification code provided, please try again.") { try confirm("ann", wrong) }
        }
        expectError(.limitExceededException, "Attempt limit exceeded, please try after some time.") { try confirm("ann", code) }
        let resent = try fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
        #expect(resent.codeDeliveryDetails?.deliveryMedium == .email)
        let fresh = try fixture.lastCode("ann")
        fixture.clock.advance(by: 86_401)
        expectError(.expiredCodeException, "Invalid code provided, please request a code again.") { try confirm("ann", fresh) }
    }

    @Test func resendingIsLimitedPerHour() throws {
        _ = try signUp("ann")
        for _ in 0..<4 { _ = try fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann")) }
        expectError(.limitExceededException) {
            _ = try fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
        }
        fixture.clock.advance(by: 3_601)
        _ = try fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "ann"))
    }

    @Test func signUpRefusesBadInput() throws {
        _ = try signUp("ann")
        expectError(.usernameExistsException, "User already exists") { _ = try signUp("ann") }
        expectError(.invalidPasswordException, "Password did not conform with policy: Password not long enough") {
            _ = try signUp("bob", password: "Ab1!")
        }
        expectError(.invalidParameterException, "Invalid email address format.") { _ = try signUp("bob", email: "nope") }
        expectError(.notAuthorizedException, "A client attempted to write unauthorized attribute") {
            _ = try fixture.engine.signUp(
                SignUpRequest(
                    clientId: fixture.clientId, username: "bob", password: AuthFixture.password,
                    userAttributes: [AttributeType(name: "email", value: "b@example.com"), AttributeType(name: "email_verified", value: "true")]))
        }
        expectError(.resourceNotFoundException) {
            _ = try fixture.engine.signUp(SignUpRequest(clientId: "abcdefghijklmnopqrstuvwxyz", username: "x", password: AuthFixture.password))
        }
        expectError(.userNotFoundException) { try confirm("ghost", "123456") }
        expectError(.invalidParameterException, "User is already confirmed.") {
            try fixture.confirmedUser("carl")
            _ = try fixture.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: fixture.clientId, username: "carl"))
        }
        #expect(try fixture.engine.listUsers(ListUsersRequest(userPoolId: fixture.poolId)).users?.count == 2)
    }

    @Test func hiddenUsersGetSimulatedAnswers() throws {
        let hidden = try AuthFixture(prevent: .enabled)
        let resent = try hidden.engine.resendConfirmationCode(ResendConfirmationCodeRequest(clientId: hidden.clientId, username: "ghost@example.com"))
        #expect(resent.codeDeliveryDetails?.destination == "g***@e***")
        expectError(.codeMismatchException) {
            _ = try hidden.engine.confirmSignUp(ConfirmSignUpRequest(clientId: hidden.clientId, username: "ghost", confirmationCode: "123456"))
        }
    }

    @Test func confirmingATakenAliasNeedsForce() throws {
        let alias = try AuthFixture(pool: CreateUserPoolRequest(poolName: "alias", autoVerifiedAttributes: [.email], aliasAttributes: [.email]))
        try alias.confirmedUser("ann", email: "shared@example.com")
        _ = try alias.engine.signUp(
            SignUpRequest(
                clientId: alias.clientId, username: "bob", password: AuthFixture.password,
                userAttributes: [AttributeType(name: "email", value: "shared@example.com")]))
        let code = try alias.lastCode("bob")
        expectError(.aliasExistsException, "An account with the given email already exists.") {
            _ = try alias.engine.confirmSignUp(ConfirmSignUpRequest(clientId: alias.clientId, username: "bob", confirmationCode: code))
        }
        _ = try alias.engine.confirmSignUp(
            ConfirmSignUpRequest(clientId: alias.clientId, username: "bob", confirmationCode: code, forceAliasCreation: true))
        #expect(try alias.engine.adminGetUser(AdminGetUserRequest(userPoolId: alias.poolId, username: "shared@example.com")).username == "bob")
    }

    @Test func secretHashClients() throws {
        let secret = try AuthFixture(secret: true)
        expectError(.notAuthorizedException) {
            _ = try secret.engine.signUp(SignUpRequest(clientId: secret.clientId, username: "ann", password: AuthFixture.password))
        }
        _ = try secret.engine.signUp(
            SignUpRequest(clientId: secret.clientId, secretHash: secret.secretHash("ann"), username: "ann", password: AuthFixture.password))
    }
}

@Suite struct ForgotPasswordTests {
    @Test func codeThenNewPassword() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        let sent = try fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ann"))
        #expect(sent.codeDeliveryDetails?.deliveryMedium == .email)
        let code = try fixture.lastCode("ann")
        expectError(.invalidPasswordException, "Password did not conform with policy: Password must have symbol characters") {
            _ = try fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "NoSymbols1"))
        }
        expectError(.codeMismatchException) {
            _ = try fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(
                    clientId: fixture.clientId, username: "ann", confirmationCode: code == "000000" ? "111111" : "000000", password: "New-pass-1"))
        }
        _ = try fixture.engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "New-pass-1"))
        expectError(.notAuthorizedException) { _ = try fixture.passwordAuth("ann") }
        #expect(try fixture.tokens("ann", "New-pass-1").accessToken != nil)
        expectError(.expiredCodeException) {
            _ = try fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "Other-pass-1"))
        }
    }

    @Test func resetRequiredUsersRecoverThisWay() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        _ = try fixture.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann"))
        let code = try fixture.lastCode("ann")
        fixture.clock.advance(by: 3_601)
        expectError(.expiredCodeException) {
            _ = try fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "ann", confirmationCode: code, password: "New-pass-1"))
        }
        _ = try fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ann"))
        _ = try fixture.engine.confirmForgotPassword(
            ConfirmForgotPasswordRequest(
                clientId: fixture.clientId, username: "ann", confirmationCode: try fixture.lastCode("ann"), password: "New-pass-1"))
        #expect(try fixture.engine.adminGetUser(AdminGetUserRequest(userPoolId: fixture.poolId, username: "ann")).userStatus == .confirmed)
    }

    @Test func refusals() throws {
        let fixture = try AuthFixture()
        expectError(.userNotFoundException, "Username/client id combination not found.") {
            _ = try fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "ghost"))
        }
        try fixture.test.user("nomail", in: fixture.poolId, attributes: ["email": "n@example.com"])
        _ = try fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: "nomail", password: AuthFixture.password, permanent: true))
        expectError(.invalidParameterException, "Cannot reset password for the user as there is no registered/verified email or phone_number") {
            _ = try fixture.engine.forgotPassword(ForgotPasswordRequest(clientId: fixture.clientId, username: "nomail"))
        }
        expectError(.expiredCodeException) {
            _ = try fixture.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: fixture.clientId, username: "nomail", confirmationCode: "123456", password: "New-pass-1"))
        }
        let hidden = try AuthFixture(prevent: .enabled)
        #expect(
            try hidden.engine.forgotPassword(ForgotPasswordRequest(clientId: hidden.clientId, username: "+15555550100")).codeDeliveryDetails?
                .destination == "+*******0100")
        expectError(.codeMismatchException) {
            _ = try hidden.engine.confirmForgotPassword(
                ConfirmForgotPasswordRequest(clientId: hidden.clientId, username: "ghost", confirmationCode: "123456", password: "New-pass-1"))
        }
    }
}
