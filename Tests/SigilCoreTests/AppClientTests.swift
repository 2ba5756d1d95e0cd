import Foundation
import SigilCore
import Testing

@Suite struct AppClientTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
    }

    @Test func createGivesCognitoDefaults() async throws {
        let client = try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web")).userPoolClient!
        #expect(client.clientId?.wholeMatch(of: /[a-z0-9]{26}/) != nil)
        #expect(client.clientSecret == nil)
        #expect(client.refreshTokenValidity == 30)
        #expect(client.accessTokenValidity == nil && client.idTokenValidity == nil && client.tokenValidityUnits == nil)
        #expect(client.allowedOAuthFlowsUserPoolClient == false)
        #expect(client.enableTokenRevocation == true)
        #expect(client.enablePropagateAdditionalUserContextData == false)
        #expect(client.authSessionValidity == 3)
        #expect(client.preventUserExistenceErrors == nil)
        #expect(client.explicitAuthFlows == nil)
    }

    @Test func secretIsGeneratedWhenAsked() async throws {
        let client = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "server", generateSecret: true)
        ).userPoolClient!
        #expect(client.clientSecret?.wholeMatch(of: /[a-z0-9]{51}/) != nil)
        let described = try await test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: client.clientId!))
        #expect(described.userPoolClient?.clientSecret == client.clientSecret)
    }

    @Test func settingsAreChecked() async throws {
        await expectError(.invalidParameterException, "Invalid range for token validity.") {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", accessTokenValidity: 25))
        }
        await expectError(.invalidParameterException, "Invalid range for token validity.") {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", refreshTokenValidity: 36_500,
                    tokenValidityUnits: TokenValidityUnitsType(refreshToken: .days)))
        }
        _ = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "c", accessTokenValidity: 5, tokenValidityUnits: TokenValidityUnitsType(accessToken: .minutes)))
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", explicitAuthFlows: [.userPasswordAuth, .allowUserSrpAuth]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", readAttributes: ["email", "custom:nope"]))
        }
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", callbackURLs: ["http://example.com/cb"]))
        }
        _ = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", callbackURLs: ["http://localhost:3000/cb", "myapp://cb"]))
        await expectError(
            .invalidParameterException, "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows."
        ) {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", allowedOAuthFlowsUserPoolClient: true))
        }
        await expectError(.invalidOAuthFlowException, "CallbackUrls can not be empty when code flow or implicit flow is selected") {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", allowedOAuthFlows: [.code], allowedOAuthScopes: ["openid"],
                    allowedOAuthFlowsUserPoolClient: true))
        }
        await expectError(.invalidOAuthFlowException, "client_credentials flow can not be selected if client does not have a client secret.") {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", allowedOAuthFlows: [.clientCredentials], allowedOAuthScopes: ["api/read"],
                    allowedOAuthFlowsUserPoolClient: true))
        }
        await expectError(.scopeDoesNotExistException, "Invalid scope requested: Cognito") {
            _ = try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", allowedOAuthScopes: ["Cognito"]))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: "us-east-1_NotThere1", clientName: "c"))
        }
    }

    @Test func describeNeedsTheRightPool() async throws {
        let client = try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c")).userPoolClient!
        let otherPool = try await test.pool(CreateUserPoolRequest(poolName: "other"))
        await expectError(.resourceNotFoundException, "User pool client \(client.clientId!) does not exist.") {
            _ = try await test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: otherPool, clientId: client.clientId!))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.describeUserPoolClient(
                DescribeUserPoolClientRequest(userPoolId: poolId, clientId: "abcdefghijklmnopqrstuvwxyz"))
        }
    }

    @Test func listUpdateDelete() async throws {
        var ids: Set<String> = []
        for index in 0..<5 {
            ids.insert(
                try await test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c\(index)")).userPoolClient!
                    .clientId!)
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try await test.engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: poolId, maxResults: 2, nextToken: token))
            seen += (page.userPoolClients ?? []).compactMap(\.clientId)
            token = page.nextToken
        } while token != nil
        #expect(Set(seen) == ids && seen.count == 5)

        let id = seen[0]
        _ = try await test.engine.updateUserPoolClient(
            UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id, clientName: "renamed", explicitAuthFlows: [.allowUserPasswordAuth]))
        var client = try await test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: id)).userPoolClient!
        #expect(client.clientName == "renamed")
        #expect(client.explicitAuthFlows == [.allowUserPasswordAuth])
        _ = try await test.engine.updateUserPoolClient(UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id))
        client = try await test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: id)).userPoolClient!
        #expect(client.clientName == "renamed")
        #expect(client.explicitAuthFlows == nil)

        try await test.engine.deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: poolId, clientId: id))
        await expectError(.resourceNotFoundException) {
            try await test.engine.deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: poolId, clientId: id))
        }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.updateUserPoolClient(UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id))
        }
    }
}
