import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct PasswordSignInTests {
    @Test func userPasswordAuthIssuesVerifiableTokens() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann", attributes: ["name": "Ann Lee", "custom:tier": "gold"].filter { !$0.key.hasPrefix("custom") })
        let response = try await fixture.passwordAuth("ann", context: RequestOrigin(ipAddress: "203.0.113.9", requestId: "req-1"))
        let result = try #require(response.authenticationResult)
        #expect(response.challengeName == nil)
        #expect(response.challengeParameters == [:])
        #expect(result.tokenType == "Bearer")
        #expect(result.expiresIn == 3600)
        #expect(result.refreshToken != nil)

        let id = try await fixture.verified(result.idToken, use: "id")
        let access = try await fixture.verified(result.accessToken, use: "access")
        let sub = try #require(id["sub"]?.stringValue)
        #expect(id["aud"]?.stringValue == fixture.clientId)
        #expect(id["cognito:username"]?.stringValue == "ann")
        #expect(id["email"]?.stringValue == "ann@example.com")
        #expect(id["email_verified"] == .bool(true))
        #expect(id["name"]?.stringValue == "Ann Lee")
        #expect(id["event_id"]?.stringValue == "req-1")
        #expect(id["cognito:groups"] == nil)
        #expect(id["iss"]?.stringValue == "http://localhost:9229/\(fixture.poolId)")
        #expect(id["exp"]?.intValue == (id["iat"]?.intValue ?? 0) + 3600)
        #expect(access["client_id"]?.stringValue == fixture.clientId)
        #expect(access["aud"] == nil)
        #expect(access["username"]?.stringValue == "ann")
        #expect(access["scope"]?.stringValue == "aws.cognito.signin.user.admin")
        #expect(access["sub"]?.stringValue == sub)
        #expect(access["origin_jti"] == id["origin_jti"])
        #expect(access["jti"] != id["jti"])
        let header = try JWT.decode(try #require(result.idToken)).header
        #expect(Set(header.keys) == ["alg", "kid"])
        #expect(try JWT.decode(try #require(result.accessToken)).header["kid"] != header["kid"])
    }

    @Test func wrongPasswordsAndUnknownUsers() async throws {
        let legacy = try await AuthFixture()
        try await legacy.confirmedUser("ann")
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await legacy.passwordAuth("ann", "Wrong-pass1") }
        await expectError(.userNotFoundException, "User does not exist.") { _ = try await legacy.passwordAuth("ghost") }
        await expectError(.invalidParameterException, "Missing required parameter PASSWORD") {
            _ = try await legacy.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann"], clientId: legacy.clientId))
        }
        let hidden = try await AuthFixture(prevent: .enabled)
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await hidden.passwordAuth("ghost") }
        await expectError(.resourceNotFoundException) {
            _ = try await legacy.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth, authParameters: ["USERNAME": "a", "PASSWORD": "b"], clientId: "abcdefghijklmnopqrstuvwxyz"))
        }
    }

    @Test func statusRules() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        // An unconfirmed user learns that, even with a wrong password.
        let now = fixture.clock.now
        try await fixture.engine.store.write { writer in
            let pool = try #require(try await writer.pool(id: fixture.poolId))
            _ = try await writer.insertUser(
                UserRecord(
                    poolKey: pool.key, username: "new", status: .unconfirmed, created: now, modified: now,
                    attributes: ["sub": UUID().uuidString.lowercased()]))
        }
        await expectError(.userNotConfirmedException, "User is not confirmed.") { _ = try await fixture.passwordAuth("new", "whatever1A!") }
        _ = try await fixture.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: fixture.poolId, username: "ann"))
        await expectError(.notAuthorizedException, "User is disabled.") { _ = try await fixture.passwordAuth("ann") }
        _ = try await fixture.engine.adminEnableUser(AdminEnableUserRequest(userPoolId: fixture.poolId, username: "ann"))
        _ = try await fixture.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann"))
        await expectError(.passwordResetRequiredException, "Password reset required for the user") { _ = try await fixture.passwordAuth("ann") }
    }

    @Test func aliasesSignIn() async throws {
        let fixture = try await AuthFixture(pool: CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email]))
        try await fixture.confirmedUser("ann", email: "Ann@Example.com")
        let result = try await fixture.tokens("Ann@Example.com")
        #expect(try await fixture.verified(result.accessToken, use: "access")["username"]?.stringValue == "ann")
    }

    @Test func flowsAreEnforcedPerClient() async throws {
        let fixture = try await AuthFixture(flows: [.allowUserSrpAuth, .allowRefreshTokenAuth])
        try await fixture.confirmedUser("ann")
        await expectError(.invalidParameterException, "USER_PASSWORD_AUTH flow not enabled for this client") {
            _ = try await fixture.passwordAuth("ann")
        }
        await expectError(.invalidParameterException, "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client") {
            _ = try await fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: fixture.poolId, clientId: fixture.clientId, authFlow: .adminUserPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
        }
        await expectError(.invalidParameterException, "Initiate Auth method not supported.") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .adminNoSrpAuth, authParameters: ["USERNAME": "ann"], clientId: fixture.clientId))
        }
    }

    @Test func adminPasswordAuth() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        for flow in [AuthFlowType.adminUserPasswordAuth, .adminNoSrpAuth] {
            let response = try await fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: fixture.poolId, clientId: fixture.clientId, authFlow: flow,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
            #expect(response.authenticationResult?.accessToken != nil)
        }
        let other = try await fixture.test.pool(CreateUserPoolRequest(poolName: "other"))
        await expectError(.resourceNotFoundException) {
            _ = try await fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: other, clientId: fixture.clientId, authFlow: .adminUserPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
        }
    }

    @Test func secretHashIsRequiredAndChecked() async throws {
        let fixture = try await AuthFixture(secret: true)
        try await fixture.confirmedUser("ann")
        #expect(try await fixture.tokens("ann").accessToken != nil)
        await expectError(.notAuthorizedException, "Client \(fixture.clientId) is configured with secret but SECRET_HASH was not received") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password], clientId: fixture.clientId))
        }
        await expectError(.notAuthorizedException, "Unable to verify secret hash for client \(fixture.clientId)") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password, "SECRET_HASH": "bm90IGl0"],
                    clientId: fixture.clientId))
        }
    }

    @Test func lockoutGrowsAndEnds() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        for _ in 0..<5 {
            await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") }
        }
        // Locked: even the right password is refused, and trying does not extend the lock.
        await expectError(.notAuthorizedException, "Password attempts exceeded") { _ = try await fixture.passwordAuth("ann") }
        fixture.clock.advance(by: 1.5)
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") }
        fixture.clock.advance(by: 1.5)
        await expectError(.notAuthorizedException, "Password attempts exceeded") { _ = try await fixture.passwordAuth("ann") }
        fixture.clock.advance(by: 1)
        #expect(try await fixture.tokens("ann").accessToken != nil)
        // Success resets the count.
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") }
        #expect(try await fixture.tokens("ann").accessToken != nil)
    }

    @Test func failuresAreForgottenAfterFifteenQuietMinutes() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        for _ in 0..<4 { await expectError(.notAuthorizedException) { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") } }
        fixture.clock.advance(by: 16 * 60)
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") }
        await expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try await fixture.passwordAuth("ann", "Wrong-pass1") }
    }
}
