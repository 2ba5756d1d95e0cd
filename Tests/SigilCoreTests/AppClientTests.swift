import Foundation
import SigilCore
import Testing

@Suite struct AppClientTests {
    let test: TestEngine
    let poolId: String

    init() throws {
        test = try TestEngine()
        poolId = try test.pool()
    }

    @Test func createGivesCognitoDefaults() throws {
        let client = try test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web")).userPoolClient!
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

    @Test func secretIsGeneratedWhenAsked() throws {
        let client = try test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "server", generateSecret: true)
        ).userPoolClient!
        #expect(client.clientSecret?.wholeMatch(of: /[a-z0-9]{51}/) != nil)
        let described = try test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: client.clientId!))
        #expect(described.userPoolClient?.clientSecret == client.clientSecret)
    }

    @Test func settingsAreChecked() throws {
        expectError(.invalidParameterException, "Invalid range for token validity.") {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", accessTokenValidity: 25))
        }
        expectError(.invalidParameterException, "Invalid range for token validity.") {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", refreshTokenValidity: 36_500,
                    tokenValidityUnits: TokenValidityUnitsType(refreshToken: .days)))
        }
        _ = try test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "c", accessTokenValidity: 5, tokenValidityUnits: TokenValidityUnitsType(accessToken: .minutes)))
        expectError(.invalidParameterException) {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", explicitAuthFlows: [.userPasswordAuth, .allowUserSrpAuth]))
        }
        expectError(.invalidParameterException) {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", readAttributes: ["email", "custom:nope"]))
        }
        expectError(.invalidParameterException) {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", callbackURLs: ["http://example.com/cb"]))
        }
        _ = try test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", callbackURLs: ["http://localhost:3000/cb", "myapp://cb"]))
        expectError(
            .invalidParameterException, "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows."
        ) {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", allowedOAuthFlowsUserPoolClient: true))
        }
        expectError(.invalidOAuthFlowException, "CallbackUrls can not be empty when code flow or implicit flow is selected") {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", allowedOAuthFlows: [.code], allowedOAuthScopes: ["openid"],
                    allowedOAuthFlowsUserPoolClient: true))
        }
        expectError(.invalidOAuthFlowException, "client_credentials flow can not be selected if client does not have a client secret.") {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "c", allowedOAuthFlows: [.clientCredentials], allowedOAuthScopes: ["api/read"],
                    allowedOAuthFlowsUserPoolClient: true))
        }
        expectError(.scopeDoesNotExistException, "Invalid scope requested: Cognito") {
            _ = try test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c", allowedOAuthScopes: ["Cognito"]))
        }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: "us-east-1_NotThere1", clientName: "c"))
        }
    }

    @Test func describeNeedsTheRightPool() throws {
        let client = try test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c")).userPoolClient!
        let otherPool = try test.pool(CreateUserPoolRequest(poolName: "other"))
        expectError(.resourceNotFoundException, "User pool client \(client.clientId!) does not exist.") {
            _ = try test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: otherPool, clientId: client.clientId!))
        }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.describeUserPoolClient(
                DescribeUserPoolClientRequest(userPoolId: poolId, clientId: "abcdefghijklmnopqrstuvwxyz"))
        }
    }

    @Test func listUpdateDelete() throws {
        var ids: Set<String> = []
        for index in 0..<5 {
            ids.insert(
                try test.engine.createUserPoolClient(CreateUserPoolClientRequest(userPoolId: poolId, clientName: "c\(index)")).userPoolClient!
                    .clientId!)
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try test.engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: poolId, maxResults: 2, nextToken: token))
            seen += (page.userPoolClients ?? []).compactMap(\.clientId)
            token = page.nextToken
        } while token != nil
        #expect(Set(seen) == ids && seen.count == 5)

        let id = seen[0]
        _ = try test.engine.updateUserPoolClient(
            UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id, clientName: "renamed", explicitAuthFlows: [.allowUserPasswordAuth]))
        var client = try test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: id)).userPoolClient!
        #expect(client.clientName == "renamed")
        #expect(client.explicitAuthFlows == [.allowUserPasswordAuth])
        _ = try test.engine.updateUserPoolClient(UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id))
        client = try test.engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: poolId, clientId: id)).userPoolClient!
        #expect(client.clientName == "renamed")
        #expect(client.explicitAuthFlows == nil)

        try test.engine.deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: poolId, clientId: id))
        expectError(.resourceNotFoundException) {
            try test.engine.deleteUserPoolClient(DeleteUserPoolClientRequest(userPoolId: poolId, clientId: id))
        }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.updateUserPoolClient(UpdateUserPoolClientRequest(userPoolId: poolId, clientId: id))
        }
    }
}
