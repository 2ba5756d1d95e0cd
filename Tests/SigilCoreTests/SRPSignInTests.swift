import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct SRPSignInTests {
    @Test func srpSignInAsPycognitoComputesIt() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        let response = try fixture.srpAuth("ann")
        let result = try #require(response.authenticationResult)
        #expect(try fixture.verified(result.idToken, use: "id")["cognito:username"]?.stringValue == "ann")
    }

    @Test func challengeCarriesCognitosParameters() throws {
        let fixture = try AuthFixture(pool: CreateUserPoolRequest(poolName: "email", usernameAttributes: [.email]))
        let user = try fixture.test.user("ann@example.com", in: fixture.poolId)
        _ = try fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: user.username!, password: AuthFixture.password, permanent: true))
        let srp = try SRPClient()
        let challenge = try fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann@example.com", "SRP_A": SRP.hexString(srp.publicValue)],
                clientId: fixture.clientId))
        let parameters = try #require(challenge.challengeParameters)
        #expect(Set(parameters.keys) == ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"])
        // In email-as-username pools the SRP user id is the internal username (the sub).
        #expect(parameters["USER_ID_FOR_SRP"] == user.username)
        #expect(parameters["USERNAME"] == user.username)
        let done = try fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        #expect(done.authenticationResult?.idToken != nil)
    }

    @Test func wrongPasswordFailsAtTheVerifier() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.srpAuth("ann", "Wrong-pass1") }
    }

    @Test func timestampMustBeCognitosFormat() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        // Zero-padded day: clients that get this wrong are refused, as by Cognito.
        expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try fixture.srpAuth("ann", timestamp: "Tue Jun 03 15:06:40 UTC 2025")
        }
    }

    @Test func aSecretBlockIsUsedOnce() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        let srp = try SRPClient()
        let challenge = try fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue)], clientId: fixture.clientId))
        let parameters = challenge.challengeParameters ?? [:]
        _ = try fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        expectError(.notAuthorizedException, "Invalid session for the user, session can only be used once.") {
            _ = try fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        }
        fixture.clock.advance(by: 10)
        let late = try fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue)], clientId: fixture.clientId))
        fixture.clock.advance(by: 181)
        expectError(.notAuthorizedException, "Invalid session for the user, session is expired.") {
            _ = try fixture.answerVerifier(late.challengeParameters ?? [:], client: srp, password: AuthFixture.password)
        }
    }

    @Test func unknownUsersFailAtInitiateUnlessHidden() throws {
        let legacy = try AuthFixture()
        let srp = try SRPClient()
        expectError(.userNotFoundException) {
            _ = try legacy.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userSrpAuth, authParameters: ["USERNAME": "ghost", "SRP_A": SRP.hexString(srp.publicValue)], clientId: legacy.clientId)
            )
        }
        let hidden = try AuthFixture(prevent: .enabled)
        func challenge() throws -> [String: String] {
            try hidden.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userSrpAuth, authParameters: ["USERNAME": "ghost", "SRP_A": SRP.hexString(srp.publicValue)], clientId: hidden.clientId)
            ).challengeParameters ?? [:]
        }
        let first = try challenge()
        let second = try challenge()
        #expect(first["SALT"] == second["SALT"])
        #expect(first["USER_ID_FOR_SRP"] == second["USER_ID_FOR_SRP"])
        #expect(UUID(uuidString: first["USER_ID_FOR_SRP"] ?? "") != nil)
        expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try hidden.answerVerifier(first, client: srp, password: "anything")
        }
    }

    @Test func badInputIsRefused() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        expectError(.invalidParameterException, "Missing required parameter SRP_A") {
            _ = try fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann"], clientId: fixture.clientId))
        }
        expectError(.invalidParameterException) {
            _ = try fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": "xyz"], clientId: fixture.clientId))
        }
        expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try fixture.respond(
                .passwordVerifier, session: nil,
                ["USERNAME": "ann", "PASSWORD_CLAIM_SECRET_BLOCK": "bm9wZQ==", "PASSWORD_CLAIM_SIGNATURE": "x", "TIMESTAMP": "x"])
        }
    }
}
