import Foundation
import SigilCore
import SigilCrypto
import Testing

/// Machine-to-machine tokens: a confidential client trades its secret for custom scopes.
@Suite struct ClientCredentialsTests {
    let test: TestEngine
    let poolId: String
    let client: UserPoolClientType

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        _ = try await test.engine.createResourceServer(
            CreateResourceServerRequest(
                userPoolId: poolId, identifier: "orders", name: "Orders",
                scopes: [
                    ResourceServerScopeType(scopeName: "read", scopeDescription: "Read"),
                    ResourceServerScopeType(scopeName: "write", scopeDescription: "Write"),
                ]))
        client = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "billing", generateSecret: true, allowedOAuthFlows: [.clientCredentials],
                allowedOAuthScopes: ["orders/read", "orders/write"], allowedOAuthFlowsUserPoolClient: true)
        ).userPoolClient!
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
    }

    func token(scope: String? = nil, secret: String? = nil) async throws -> OAuthTokens {
        try await test.engine.clientCredentialsToken(clientId: client.clientId!, clientSecret: secret ?? client.clientSecret, scope: scope)
    }

    func expectRefusal(_ code: OAuthError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code.rawValue)")
        } catch let error as OAuthError {
            #expect(error.code == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theTokenCarriesTheClientAndItsScopes() async throws {
        let tokens = try await token()
        #expect(tokens.idToken == nil && tokens.refreshToken == nil && tokens.expiresIn == 3_600 && tokens.tokenType == "Bearer")
        let claims = try JWT.decode(tokens.accessToken).claims
        #expect(claims["sub"]?.stringValue == client.clientId && claims["client_id"]?.stringValue == client.clientId)
        #expect(claims["token_use"]?.stringValue == "access" && claims["version"]?.intValue == 2)
        #expect(claims["scope"]?.stringValue == "orders/read orders/write")
        #expect(claims["iss"]?.stringValue == test.engine.issuer(poolId: poolId))
        #expect(claims["auth_time"] == claims["iat"] && claims["exp"]?.intValue == (claims["iat"]?.intValue ?? 0) + 3_600)
        #expect(claims["username"] == nil && claims["cognito:groups"] == nil)
        // The pool's JWKS verifies it.
        let jwks = try await test.engine.jwks(poolId: poolId)
        let keys = try Dictionary(
            uniqueKeysWithValues: (jwks["keys"]?.arrayValue ?? []).map { ($0["kid"]?.stringValue ?? "", try RSAKey(jwk: $0.objectValue ?? [:])) })
        _ = try JWT.verify(tokens.accessToken, keys: keys, issuer: test.engine.issuer(poolId: poolId), tokenUse: "access", now: test.clock.now)

        let narrowed = try JWT.decode(try await token(scope: "orders/read").accessToken).claims
        #expect(narrowed["scope"]?.stringValue == "orders/read")
    }

    @Test func refusals() async throws {
        await expectRefusal(.invalidClient) { _ = try await token(secret: "wrong") }
        await expectRefusal(.invalidClient) {
            _ = try await test.engine.clientCredentialsToken(clientId: "nosuchclient", clientSecret: "x", scope: nil)
        }
        await expectRefusal(.invalidScope) { _ = try await token(scope: "orders/delete") }
        await expectRefusal(.invalidScope) { _ = try await token(scope: "openid") }
        // A client without the flow, even with a secret.
        let other = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web", generateSecret: true)
        ).userPoolClient!
        await expectRefusal(.unauthorizedClient) {
            _ = try await test.engine.clientCredentialsToken(clientId: other.clientId!, clientSecret: other.clientSecret, scope: nil)
        }
        // Without a domain, the pool has no token endpoint.
        try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "shop", userPoolId: poolId))
        await expectRefusal(.invalidRequest) { _ = try await token() }
    }

    @Test func aScopeNoLongerOfferedIsLeftOut() async throws {
        _ = try await test.engine.updateResourceServer(
            UpdateResourceServerRequest(
                userPoolId: poolId, identifier: "orders", name: "Orders",
                scopes: [ResourceServerScopeType(scopeName: "read", scopeDescription: "Read")]))
        #expect(try JWT.decode(try await token().accessToken).claims["scope"]?.stringValue == "orders/read")
        try await test.engine.deleteResourceServer(DeleteResourceServerRequest(userPoolId: poolId, identifier: "orders"))
        await expectRefusal(.invalidScope) { _ = try await token() }
    }
}
