import Foundation
import SigilConsole
import SigilCore
import Testing

@Suite struct PoolsScreenTests {
    @Test func manyPoolsStartOnTheListWithCounts() async throws {
        let store = try TestStore()
        let shop = try await store.pool("shop")
        _ = try await store.pool("blog")
        try await store.users(3, in: shop)
        try await store.group("admins", in: shop)
        let harness = Harness(store: store)
        #expect(harness.model.screen == .pools)
        let row = harness.row(containing: shop)
        #expect(row?.contains("shop") == true)
        #expect(row?.split(separator: " ").contains("3") == true)
        #expect(harness.model.pools.pools.first { $0.id == shop }?.groups == 1)
    }

    @Test func enterOpensTheDirectoryAndEscComesBack() async throws {
        let store = try TestStore()
        _ = try await store.pool("a")
        let second = try await store.pool("b")
        try await store.users(2, in: second)
        let harness = Harness(store: store)
        let index = harness.model.pools.pools.firstIndex { $0.id == second }!
        for _ in 0..<index { harness.press(.down) }
        harness.press(.enter)
        #expect(harness.model.screen == .directory)
        #expect(harness.model.poolId == second)
        #expect(harness.model.directory.rows.count == 2)
        harness.press(.escape)
        #expect(harness.model.screen == .pools)
        // q below the top goes back; at the top it quits.
        harness.press(.enter, .character("q"))
        #expect(harness.model.screen == .pools)
        harness.press(.character("q"))
        #expect(harness.model.quitting)
    }

    @Test func createAndDeleteAPoolWithAConfirmationNamingIt() async throws {
        let store = try TestStore()
        _ = try await store.pool("first")
        _ = try await store.pool("second")
        let harness = Harness(store: store)
        harness.press(.character("c"))
        harness.type("third")
        harness.press(.enter)
        #expect(harness.model.dialog == nil)
        let created = try #require(harness.model.pools.pools.first { $0.name == "third" })
        #expect(created.clients == 1)
        let index = harness.model.pools.pools.firstIndex { $0.name == "third" }!
        harness.press(.home)
        for _ in 0..<index { harness.press(.down) }
        harness.press(.character("x"))
        #expect(harness.screen.contains("Delete pool third (\(created.id))"))
        harness.press(.character("y"))
        #expect(!harness.model.pools.pools.contains { $0.name == "third" })
    }

    @Test func aProtectedPoolSaysWhyItCannotBeDeleted() async throws {
        let store = try TestStore()
        let id = try await store.engine.createUserPool(CreateUserPoolRequest(poolName: "kept", deletionProtection: .active)).userPool!.id!
        _ = try await store.pool("other")
        let harness = Harness(store: store)
        let index = harness.model.pools.pools.firstIndex { $0.id == id }!
        for _ in 0..<index { harness.press(.down) }
        harness.press(.character("x"), .character("y"))
        #expect(harness.model.toast?.kind == .error)
        #expect(harness.screen.contains("InvalidParameterException"))
        #expect(harness.model.pools.pools.contains { $0.id == id })
    }

    @Test func theSelectedPoolsSignInsPerMinuteAreCharted() async throws {
        let store = try TestStore()
        let shop = try await store.pool("shop")
        _ = try await store.pool("blog")
        let client = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: shop, clientName: "web", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        try await store.user("ann", in: shop)
        // 1, 2 and 1 failures a minute (fewer than lock an account).
        for count in [1, 2, 1] {
            for _ in 0..<count {
                _ = try? await store.engine.initiateAuth(
                    InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": "nope"], clientId: client))
            }
            store.clock.advance(by: 60)
        }
        let activity = try await store.engine.authActivity(poolId: shop)
        #expect(activity.failed.suffix(4) == [1, 2, 1, 0])
        #expect(activity.passed.reduce(0, +) == 0)
        let harness = Harness(store: store)
        let index = harness.model.pools.pools.firstIndex { $0.id == shop }!
        harness.press(.home)
        for _ in 0..<index { harness.press(.down) }
        let screen = harness.screen
        #expect(screen.contains("Auth events per minute, last hour · shop"))
        #expect(screen.contains("▄█▄"))
        #expect(screen.contains("4 in all"))
    }

    @Test func anEmptyStoreOffersTheDemoPool() async throws {
        let harness = Harness(store: try TestStore())
        #expect(harness.screen.contains("Create demo pool"))
        harness.press(.enter)
        #expect(harness.model.screen == .directory)
        #expect(harness.model.directory.rows.contains { $0.username == "alice" })
        #expect(harness.model.pools.pools.count == 1)
    }

    @Test func theDemoOfferCanBeDeclined() async throws {
        let harness = Harness(store: try TestStore())
        harness.press(.character("n"))
        #expect(harness.model.pools.pools.isEmpty)
        #expect(harness.screen.contains("No user pools yet"))
    }
}

@Suite struct GroupsScreenTests {
    @Test func groupsListMembersAndManageThem() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        try await store.users(3, in: poolId)
        try await store.group("admins", in: poolId)
        try await store.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "user-00002", groupName: "admins"))
        let harness = Harness(store: store)
        harness.press(.character("3"))
        #expect(harness.model.screen == .groups)
        #expect(harness.model.groups.members.compactMap(\.username) == ["user-00002"])
        #expect(harness.screen.contains("Members of admins (1)"))
        // Create a group through the form.
        harness.press(.character("c"))
        harness.type("auditors")
        harness.press(.tab, .tab)
        harness.type("ten")
        harness.press(.enter)
        #expect(harness.screen.contains("Precedence must be a whole number"))
        harness.press(.control("u"))
        harness.type("10")
        harness.press(.enter)
        #expect(harness.model.groups.groups.compactMap(\.groupName).sorted() == ["admins", "auditors"])
        // Remove the member.
        harness.press(.home, .tab, .character("x"), .character("y"))
        #expect(harness.model.groups.members.isEmpty)
        // Enter on a member opens them in the directory.
        try await store.engine.adminAddUserToGroup(AdminAddUserToGroupRequest(userPoolId: poolId, username: "user-00001", groupName: "admins"))
        harness.press(.control("r"))
        harness.press(.enter)
        #expect(harness.model.screen == .directory)
        #expect(harness.model.directory.selectedUser?.username == "user-00001")
    }
}

@Suite struct SettingsScreenTests {
    @Test func settingsShowPolicyMFAAndClients() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        _ = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowUserSrpAuth, .allowRefreshTokenAuth]))
        let harness = Harness(store: store, height: 60)
        harness.press(.character("4"))
        let screen = harness.screen
        #expect(screen.contains("Password policy"))
        #expect(screen.contains("Minimum length"))
        #expect(screen.contains("Alias attributes"))
        #expect(screen.contains("email"))
        #expect(screen.contains("web"))
        #expect(screen.contains("ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH"))
        let lines = harness.model.settings.lines.count
        #expect(lines > 20)
    }

    @Test func settingsShowDomainsResourceServersAndOAuthClients() async throws {
        let store = try TestStore()
        let poolId = try await store.pool()
        _ = try await store.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "shop-login", userPoolId: poolId, managedLoginVersion: 2))
        _ = try await store.engine.createResourceServer(
            CreateResourceServerRequest(
                userPoolId: poolId, identifier: "orders", name: "Orders",
                scopes: [ResourceServerScopeType(scopeName: "read", scopeDescription: "Read")]))
        _ = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "billing", generateSecret: true, allowedOAuthFlows: [.clientCredentials],
                allowedOAuthScopes: ["orders/read"], allowedOAuthFlowsUserPoolClient: true))
        let harness = Harness(store: store, width: 120, height: 60)
        harness.press(.character("4"))
        let screen = harness.screen
        #expect(screen.contains("Managed login"))
        #expect(screen.contains("Prefix domain") && screen.contains("shop-login · managed login"))
        #expect(screen.contains("Orders") && screen.contains("orders/read"))
        #expect(screen.contains("OAuth flows") && screen.contains("client_credentials"))
    }
}
