import Foundation
import SigilCore
import SigilCrypto
import Testing

@Suite struct TokenTests {
    @Test func groupsAndRolesAreInTheTokens() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        for (name, precedence, role) in [
            ("staff", 5, "arn:aws:iam::000000000000:role/staff"), ("admins", 1, "arn:aws:iam::000000000000:role/admin"), ("beta", 9, nil),
        ] {
            _ = try await fixture.engine.createGroup(
                CreateGroupRequest(groupName: name, userPoolId: fixture.poolId, roleArn: role, precedence: precedence))
            try await fixture.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: fixture.poolId, username: "ann", groupName: name))
        }
        let result = try await fixture.tokens("ann")
        let id = try await fixture.verified(result.idToken, use: "id")
        #expect(id["cognito:groups"] == ["admins", "staff", "beta"])
        #expect(id["cognito:roles"] == ["arn:aws:iam::000000000000:role/admin", "arn:aws:iam::000000000000:role/staff"])
        #expect(id["cognito:preferred_role"]?.stringValue == "arn:aws:iam::000000000000:role/admin")
        #expect(try await fixture.verified(result.accessToken, use: "access")["cognito:groups"] == ["admins", "staff", "beta"])
    }

    @Test func idTokensCarryOnlyReadableAttributes() async throws {
        let fixture = try await AuthFixture()
        let client = try await fixture.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: fixture.poolId, clientName: "narrow", readAttributes: ["email", "email_verified"],
                explicitAuthFlows: [.allowUserPasswordAuth])
        ).userPoolClient!
        try await fixture.confirmedUser("ann", attributes: ["name": "Ann", "phone_number": "+15555550100"])
        let result = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password], clientId: client.clientId!)
        ).authenticationResult
        let id = try await fixture.verified(result?.idToken, use: "id")
        #expect(id["email"] != nil && id["name"] == nil && id["phone_number"] == nil)
        #expect(id["phone_number_verified"] == nil)
    }

    @Test func refreshKeepsTheSignInAndNeedsALiveToken() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let first = try await fixture.tokens("ann")
        fixture.clock.advance(by: 600)
        let refreshed = try #require(
            try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": first.refreshToken!], clientId: fixture.clientId)
            ).authenticationResult)
        #expect(refreshed.refreshToken == nil)
        let before = try await fixture.verified(first.idToken, use: "id")
        let after = try await fixture.verified(refreshed.idToken, use: "id")
        #expect(after["origin_jti"] == before["origin_jti"])
        #expect(after["auth_time"] == before["auth_time"])
        #expect(after["iat"]?.intValue == (before["iat"]?.intValue ?? 0) + 600)
        #expect(after["jti"] != before["jti"])

        await expectError(.notAuthorizedException, "Invalid Refresh Token.") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshToken, authParameters: ["REFRESH_TOKEN": "garbage"], clientId: fixture.clientId))
        }
        fixture.clock.advance(by: 31 * 86_400)
        await expectError(.notAuthorizedException, "Refresh Token has expired") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshToken, authParameters: ["REFRESH_TOKEN": first.refreshToken!], clientId: fixture.clientId))
        }
    }

    @Test func rotationIssuesANewRefreshToken() async throws {
        let fixture = try await AuthFixture()
        let client = try await fixture.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: fixture.poolId, clientName: "rotating", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth],
                refreshTokenRotation: RefreshTokenRotationType(feature: .enabled, retryGracePeriodSeconds: 0))
        ).userPoolClient!
        try await fixture.confirmedUser("ann")
        let first = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(
                authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": AuthFixture.password], clientId: client.clientId!)
        ).authenticationResult!
        let next = try await fixture.engine.initiateAuth(
            InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": first.refreshToken!], clientId: client.clientId!)
        ).authenticationResult!
        #expect(next.refreshToken != nil && next.refreshToken != first.refreshToken)
        fixture.clock.advance(by: 1)
        await expectError(.notAuthorizedException, "Refresh Token has expired") {
            _ = try await fixture.engine.initiateAuth(
                InitiateAuthRequest(authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": first.refreshToken!], clientId: client.clientId!))
        }
    }

    @Test func signingOutRevokesTokens() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let first = try await fixture.tokens("ann")
        let second = try await fixture.tokens("ann")
        #expect(try await fixture.engine.getUser(GetUserRequest(accessToken: first.accessToken!)).username == "ann")
        _ = try await fixture.engine.globalSignOut(GlobalSignOutRequest(accessToken: first.accessToken!))
        for tokens in [first, second] {
            await expectError(.notAuthorizedException, "Access Token has been revoked") {
                _ = try await fixture.engine.getUser(GetUserRequest(accessToken: tokens.accessToken!))
            }
            await expectError(.notAuthorizedException, "Refresh Token has been revoked") {
                _ = try await fixture.engine.initiateAuth(
                    InitiateAuthRequest(
                        authFlow: .refreshTokenAuth, authParameters: ["REFRESH_TOKEN": tokens.refreshToken!], clientId: fixture.clientId))
            }
        }
        // A new sign-in works again, and the old tokens still verify offline until they expire.
        let third = try await fixture.tokens("ann")
        #expect(try await fixture.engine.getUser(GetUserRequest(accessToken: third.accessToken!)).username == "ann")
        #expect(try await fixture.verified(first.accessToken, use: "access")["username"]?.stringValue == "ann")

        _ = try await fixture.engine.adminUserGlobalSignOut(AdminUserGlobalSignOutRequest(userPoolId: fixture.poolId, username: "ann"))
        await expectError(.notAuthorizedException, "Access Token has been revoked") {
            _ = try await fixture.engine.getUser(GetUserRequest(accessToken: third.accessToken!))
        }
    }

    @Test func revokeTokenEndsOneSignIn() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let first = try await fixture.tokens("ann")
        let second = try await fixture.tokens("ann")
        _ = try await fixture.engine.revokeToken(RevokeTokenRequest(token: first.refreshToken!, clientId: fixture.clientId))
        await expectError(.notAuthorizedException, "Access Token has been revoked") {
            _ = try await fixture.engine.getUser(GetUserRequest(accessToken: first.accessToken!))
        }
        #expect(try await fixture.engine.getUser(GetUserRequest(accessToken: second.accessToken!)).username == "ann")
    }

    @Test func accessTokensExpireAndForgeriesFail() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let tokens = try await fixture.tokens("ann")
        await expectError(.notAuthorizedException, "Invalid Access Token") {
            _ = try await fixture.engine.getUser(GetUserRequest(accessToken: tokens.idToken!))
        }
        let parts = tokens.accessToken!.split(separator: ".")
        let forged = parts[0] + "." + Base64URL.encode(#"{"username":"root","token_use":"access"}"#) + "." + parts[2]
        await expectError(.notAuthorizedException, "Invalid Access Token") {
            _ = try await fixture.engine.getUser(GetUserRequest(accessToken: String(forged)))
        }
        fixture.clock.advance(by: 3601)
        await expectError(.notAuthorizedException, "Access Token has expired") {
            _ = try await fixture.engine.getUser(GetUserRequest(accessToken: tokens.accessToken!))
        }
    }

    @Test func rotatedKeysStayPublishedForTokensTheySigned() async throws {
        let fixture = try await AuthFixture()
        try await fixture.confirmedUser("ann")
        let old = try await fixture.tokens("ann")
        let before = try await fixture.engine.jwks(poolId: fixture.poolId)["keys"]?.arrayValue ?? []
        #expect(before.count == 2)
        #expect(before.allSatisfy { $0["alg"] == "RS256" && $0["use"] == "sig" && $0["kty"] == "RSA" && $0["e"] == "AQAB" })
        try await fixture.engine.rotateSigningKeys(poolId: fixture.poolId)
        let fresh = try await fixture.tokens("ann")
        #expect(try JWT.decode(fresh.idToken!).header["kid"] != JWT.decode(old.idToken!).header["kid"])
        #expect(try await fixture.engine.jwks(poolId: fixture.poolId)["keys"]?.arrayValue?.count == 4)
        #expect(try await fixture.verified(old.idToken, use: "id")["cognito:username"] == "ann")
        #expect(try await fixture.engine.getUser(GetUserRequest(accessToken: old.accessToken!)).username == "ann")
        fixture.clock.advance(by: 2 * 86_400)
        try await fixture.engine.rotateSigningKeys(poolId: fixture.poolId)
        #expect(try await fixture.engine.jwks(poolId: fixture.poolId)["keys"]?.arrayValue?.count == 4)
    }

    @Test func issuerCanBeCognitos() async throws {
        let test = try TestEngine()
        let engine = try Engine(
            store: test.engine.store, clock: test.clock,
            configuration: EngineConfiguration(
                atRestKey: Array(repeating: 7, count: 32), issuerBase: EngineConfiguration.cognitoIssuerBase(region: "us-east-1")))
        let pool = try await engine.createUserPool(CreateUserPoolRequest(poolName: "p")).userPool!.id!
        #expect(engine.issuer(poolId: pool) == "https://cognito-idp.us-east-1.amazonaws.com/\(pool)")
    }
}
