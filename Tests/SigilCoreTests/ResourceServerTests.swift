import Foundation
import SigilCore
import Testing

@Suite struct ResourceServerTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
    }

    func scope(_ name: String) -> ResourceServerScopeType { ResourceServerScopeType(scopeName: name, scopeDescription: "\(name) access") }

    @Test func createDescribeReplaceAndDelete() async throws {
        let created = try await test.engine.createResourceServer(
            CreateResourceServerRequest(
                userPoolId: poolId, identifier: "https://api.shop.example", name: "Shop API", scopes: [scope("read"), scope("write")])
        ).resourceServer
        #expect(created.userPoolId == poolId && created.identifier == "https://api.shop.example" && created.scopes?.count == 2)
        await expectError(.invalidParameterException, "https://api.shop.example already exists in user pool \(poolId).") {
            _ = try await test.engine.createResourceServer(
                CreateResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example", name: "Again"))
        }
        let described = try await test.engine.describeResourceServer(
            DescribeResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example")
        ).resourceServer
        #expect(described == created)

        // An update replaces the scopes: those left out are gone.
        _ = try await test.engine.updateResourceServer(
            UpdateResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example", name: "Shop", scopes: [scope("read")]))
        let replaced = try await test.engine.describeResourceServer(
            DescribeResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example")
        ).resourceServer
        #expect(replaced.name == "Shop" && replaced.scopes == [scope("read")])

        try await test.engine.deleteResourceServer(DeleteResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example"))
        await expectError(.resourceNotFoundException, "Resource server https://api.shop.example does not exist.") {
            _ = try await test.engine.describeResourceServer(
                DescribeResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example"))
        }
        await expectError(.resourceNotFoundException) {
            try await test.engine.deleteResourceServer(DeleteResourceServerRequest(userPoolId: poolId, identifier: "https://api.shop.example"))
        }
    }

    @Test func scopesAreCheckedAgainstTheModelAndEachOther() async throws {
        await expectError(.invalidParameterException, "Scope read is given more than once.") {
            _ = try await test.engine.createResourceServer(
                CreateResourceServerRequest(userPoolId: poolId, identifier: "orders", name: "Orders", scopes: [scope("read"), scope("read")]))
        }
        // A slash would make `identifier/scope` ambiguous; the model's pattern refuses it.
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createResourceServer(
                CreateResourceServerRequest(userPoolId: poolId, identifier: "orders", name: "Orders", scopes: [scope("read/all")]))
        }
        await expectError(.resourceNotFoundException, "User pool us-east-1_missing does not exist.") {
            _ = try await test.engine.createResourceServer(
                CreateResourceServerRequest(userPoolId: "us-east-1_missing", identifier: "orders", name: "Orders"))
        }
        let list = try await test.engine.listResourceServers(ListResourceServersRequest(userPoolId: poolId))
        #expect(list.resourceServers.isEmpty && list.nextToken == nil)
    }

    @Test func listsPageByIdentifierAndThePoolHoldsAtMost25() async throws {
        for index in (0..<25).reversed() {
            _ = try await test.engine.createResourceServer(
                CreateResourceServerRequest(userPoolId: poolId, identifier: String(format: "api-%02d", index), name: "API \(index)"))
        }
        await expectError(.limitExceededException, "The user pool already has 25 resource servers.") {
            _ = try await test.engine.createResourceServer(CreateResourceServerRequest(userPoolId: poolId, identifier: "api-25", name: "One more"))
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try await test.engine.listResourceServers(ListResourceServersRequest(userPoolId: poolId, maxResults: 10, nextToken: token))
            #expect(page.resourceServers.count <= 10)
            seen += page.resourceServers.compactMap(\.identifier)
            token = page.nextToken
        } while token != nil
        #expect(seen == (0..<25).map { String(format: "api-%02d", $0) })
        // Deleting the pool takes its resource servers with it.
        try await test.engine.deleteUserPool(DeleteUserPoolRequest(userPoolId: poolId))
        let again = try await test.pool()
        #expect(try await test.engine.listResourceServers(ListResourceServersRequest(userPoolId: again)).resourceServers.isEmpty)
    }

    @Test func appClientsMayAskForTheScopesResourceServersOffer() async throws {
        func client(_ scopes: [String], flows: [OAuthFlowType] = [.clientCredentials]) async throws -> UserPoolClientType? {
            try await test.engine.createUserPoolClient(
                CreateUserPoolClientRequest(
                    userPoolId: poolId, clientName: "service", generateSecret: true, allowedOAuthFlows: flows, allowedOAuthScopes: scopes,
                    allowedOAuthFlowsUserPoolClient: true)
            ).userPoolClient
        }
        await expectError(.scopeDoesNotExistException, "Invalid scope requested: orders/read") { _ = try await client(["orders/read"]) }
        _ = try await test.engine.createResourceServer(
            CreateResourceServerRequest(userPoolId: poolId, identifier: "orders", name: "Orders", scopes: [scope("read")]))
        #expect(try await client(["orders/read"])?.allowedOAuthScopes == ["orders/read"])
        await expectError(.scopeDoesNotExistException, "Invalid scope requested: orders/write") { _ = try await client(["orders/write"]) }
        await expectError(.invalidOAuthFlowException, "openid is not supported with client_credentials flow.") {
            _ = try await client(["openid", "orders/read"])
        }
    }
}
