import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct PasswordSignInTests {
    @Test func userPasswordAuthIssuesVerifiableTokens() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann", attributes: ["name": "Ann Lee", "custom:tier": "gold"].filter { !$0.key.hasPrefix("custom") })
        let response = try fixture.passwordAuth("ann", context: RequestOrigin(ipAddress: "203.0.113.9", requestId: "req-1"))
        let result = try #require(response.authenticationResult)
        #expect(response.challengeName == nil)
        #expect(response.challengeParameters == [:])
        #expect(result.tokenType == "Bearer")
        #expect(result.expiresIn == 3600)
        #expect(result.refreshToken != nil)

        let id = try fixture.verified(result.idToken, use: "id")
        let access = try fixture.verified(result.accessToken, use: "access")
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

    @Test func wrongPasswordsAndUnknownUsers() throws {
        let legacy = try AuthFixture()
        try legacy.confirmedUser("ann")
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try legacy.passwordAuth("ann", "Wrong-pass1") }
        expectError(.userNotFoundException, "User does not exist.") { _ = try legacy.passwordAuth("ghost") }
        expectError(.invalidParameterException, "Missing required parameter PASSWORD") {
            _ = try legacy.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann"], clientId: legacy.clientId))
        }
        let hidden = try AuthFixture(prevent: .enabled)
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try hidden.passwordAuth("ghost") }
        expectError(.resourceNotFoundException) {
            _ = try legacy.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth, authParameters: ["USERNAME": "a", "PASSWORD": "b"], clientId: "abcdefghijklmnopqrstuvwxyz"))
        }
    }

    @Test func statusRules() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        // An unconfirmed user learns that, even with a wrong password.
        let now = fixture.clock.now
        try fixture.engine.store.write { writer in
            let pool = try #require(try writer.pool(id: fixture.poolId))
            _ = try writer.insertUser(
                UserRecord(
                    poolKey: pool.key, username: "new", status: .unconfirmed, created: now, modified: now,
                    attributes: ["sub": UUID().uuidString.lowercased()]))
        }
        expectError(.userNotConfirmedException, "User is not confirmed.") { _ = try fixture.passwordAuth("new", "whatever1A!") }
        _ = try fixture.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: fixture.poolId, username: "ann"))
        expectError(.notAuthorizedException, "User is disabled.") { _ = try fixture.passwordAuth("ann") }
        _ = try fixture.engine.adminEnableUser(AdminEnableUserRequest(userPoolId: fixture.poolId, username: "ann"))
        _ = try fixture.engine.adminResetUserPassword(AdminResetUserPasswordRequest(userPoolId: fixture.poolId, username: "ann"))
        expectError(.passwordResetRequiredException, "Password reset required for the user") { _ = try fixture.passwordAuth("ann") }
    }

    @Test func aliasesSignIn() throws {
        let fixture = try AuthFixture(pool: CreateUserPoolRequest(poolName: "alias", aliasAttributes: [.email]))
        try fixture.confirmedUser("ann", email: "Ann@Example.com")
        let result = try fixture.tokens("Ann@Example.com")
        #expect(try fixture.verified(result.accessToken, use: "access")["username"]?.stringValue == "ann")
    }

    @Test func flowsAreEnforcedPerClient() throws {
        let fixture = try AuthFixture(flows: [.allowUserSrpAuth, .allowRefreshTokenAuth])
        try fixture.confirmedUser("ann")
        expectError(.invalidParameterException, "USER_PASSWORD_AUTH flow not enabled for this client") { _ = try fixture.passwordAuth("ann") }
        expectError(.invalidParameterException, "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client") {
            _ = try fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: fixture.poolId, clientId: fixture.clientId, authFlow: .adminUserPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
        }
        expectError(.invalidParameterException, "Initiate Auth method not supported.") {
            _ = try fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .adminNoSrpAuth, authParameters: ["USERNAME": "ann"], clientId: fixture.clientId))
        }
    }

    @Test func adminPasswordAuth() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        for flow in [AuthFlowType.adminUserPasswordAuth, .adminNoSrpAuth] {
            let response = try fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: fixture.poolId, clientId: fixture.clientId, authFlow: flow,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
            #expect(response.authenticationResult?.accessToken != nil)
        }
        let other = try fixture.test.pool(CreateUserPoolRequest(poolName: "other"))
        expectError(.resourceNotFoundException) {
            _ = try fixture.engine.adminInitiateAuth(
                AdminInitiateAuthRequest(
                    userPoolId: other, clientId: fixture.clientId, authFlow: .adminUserPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password]))
        }
    }

    @Test func secretHashIsRequiredAndChecked() throws {
        let fixture = try AuthFixture(secret: true)
        try fixture.confirmedUser("ann")
        #expect(try fixture.tokens("ann").accessToken != nil)
        expectError(.notAuthorizedException, "Client \(fixture.clientId) is configured with secret but SECRET_HASH was not received") {
            _ = try fixture.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password], clientId: fixture.clientId))
        }
        expectError(.notAuthorizedException, "Unable to verify secret hash for client \(fixture.clientId)") {
            _ = try fixture.engine.initiateAuth(
                InitiateAuthRequest(
                    authFlow: .userPasswordAuth,
                    authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password, "SECRET_HASH": "bm90IGl0"],
                    clientId: fixture.clientId))
        }
    }

    @Test func lockoutGrowsAndEnds() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        for _ in 0..<5 {
            expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.passwordAuth("ann", "Wrong-pass1") }
        }
        // Locked: even the right password is refused, and trying does not extend the lock.
        expectError(.notAuthorizedException, "Password attempts exceeded") { _ = try fixture.passwordAuth("ann") }
        fixture.clock.advance(by: 1.5)
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.passwordAuth("ann", "Wrong-pass1") }
        fixture.clock.advance(by: 1.5)
        expectError(.notAuthorizedException, "Password attempts exceeded") { _ = try fixture.passwordAuth("ann") }
        fixture.clock.advance(by: 1)
        #expect(try fixture.tokens("ann").accessToken != nil)
        // Success resets the count.
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.passwordAuth("ann", "Wrong-pass1") }
        #expect(try fixture.tokens("ann").accessToken != nil)
    }

    @Test func failuresAreForgottenAfterFifteenQuietMinutes() throws {
        let fixture = try AuthFixture()
        try fixture.confirmedUser("ann")
        for _ in 0..<4 { expectError(.notAuthorizedException) { _ = try fixture.passwordAuth("ann", "Wrong-pass1") } }
        fixture.clock.advance(by: 16 * 60)
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.passwordAuth("ann", "Wrong-pass1") }
        expectError(.notAuthorizedException, "Incorrect username or password.") { _ = try fixture.passwordAuth("ann", "Wrong-pass1") }
    }
}
