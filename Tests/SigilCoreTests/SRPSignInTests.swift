import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct SRPSignInTests {
    @Test func srpSignInAsPycognitoComputesIt() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let response = try await fixture.srpAuth("ann")
        let result = try #require(response.authenticationResult)
        #expect(try await fixture.verified(result.idToken, use: "id")["cognito:username"]?.stringValue == "ann")
    }

    @Test func challengeCarriesCognitosParameters() async throws {
        let fixture = try await AuthFixture(pool: CreateUserPoolRequest(poolName: "email", usernameAttributes: [.email]))
        let user = try await fixture.test.user("ann@example.com", in: fixture.poolId)
        _ = try await fixture.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: fixture.poolId, username: user.username!, password: AuthFixture.password, permanent: true))
        let srp = try SRPClient()
        let challenge = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann@example.com", "SRP_A": SRP.hexString(srp.publicValue)],
                clientId: fixture.clientId))
        let parameters = try #require(challenge.challengeParameters)
        #expect(Set(parameters.keys) == ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"])
        // In email-as-username pools the SRP user id is the internal username (the sub).
        #expect(parameters["USER_ID_FOR_SRP"] == user.username)
        #expect(parameters["USERNAME"] == user.username)
        let done = try await fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        #expect(done.authenticationResult?.idToken != nil)
    }

    @Test func wrongPasswordFailsAtTheVerifier() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.srpAuth("ann", "Wrong-pass1") }
    }

    @Test func timestampMustBeCognitosFormat() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        // Zero-padded day: clients that get this wrong are refused, as by Cognito.
        await expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try await fixture.srpAuth("ann", timestamp: "Tue Jun 03 15:06:40 UTC 2025")
        }
    }

    @Test func aSecretBlockIsUsedOnce() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let srp = try SRPClient()
        let challenge = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue)], clientId: fixture.clientId))
        let parameters = challenge.challengeParameters ?? [:]
        _ = try await fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        await expectError(.notAuthorizedException, "Invalid session for the user, session can only be used once.") {
            _ = try await fixture.answerVerifier(parameters, client: srp, password: AuthFixture.password)
        }
        fixture.clock.advance(by: 10)
        let late = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": SRP.hexString(srp.publicValue)], clientId: fixture.clientId))
        fixture.clock.advance(by: 181)
        await expectError(.notAuthorizedException, "Invalid session for the user, session is expired.") {
            _ = try await fixture.answerVerifier(late.challengeParameters ?? [:], client: srp, password: AuthFixture.password)
        }
    }

    @Test func unknownUsersFailAtInitiateUnlessHidden() async throws {
        let legacy = try await AuthFixture()
        let srp = try SRPClient()
        await expectError(.userNotFoundException) {
            _ = try await legacy.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userSrpAuth, authParameters: ["USERNAME": "ghost", "SRP_A": SRP.hexString(srp.publicValue)], clientId: legacy.clientId)
            )
        }
        let hidden = try await AuthFixture(prevent: .enabled)
        func challenge() async throws -> [String: String] {
            try await hidden.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userSrpAuth, authParameters: ["USERNAME": "ghost", "SRP_A": SRP.hexString(srp.publicValue)], clientId: hidden.clientId)
            ).challengeParameters ?? [:]
        }
        let first = try await challenge()
        let second = try await challenge()
        #expect(first["SALT"] == second["SALT"])
        #expect(first["USER_ID_FOR_SRP"] == second["USER_ID_FOR_SRP"])
        #expect(UUID(uuidString: first["USER_ID_FOR_SRP"] ?? "") != nil)
        await expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try await hidden.answerVerifier(first, client: srp, password: "anything")
        }
    }

    @Test func badInputIsRefused() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        await expectError(.invalidParameterException, "Missing required parameter SRP_A") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann"], clientId: fixture.clientId))
        }
        await expectError(.invalidParameterException) {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userSrpAuth, authParameters: ["USERNAME": "ann", "SRP_A": "xyz"], clientId: fixture.clientId))
        }
        await expectError(.notAuthorizedException, "Incorrect username or password.") {
            _ = try await fixture.respond(
                .passwordVerifier, session: nil,
                ["USERNAME": "ann", "PASSWORD_CLAIM_SECRET_BLOCK": "bm9wZQ==", "PASSWORD_CLAIM_SIGNATURE": "x", "TIMESTAMP": "x"])
        }
    }
}
