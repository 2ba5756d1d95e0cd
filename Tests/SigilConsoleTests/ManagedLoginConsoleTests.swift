import Foundation
import SigilCore
import SigilCrypto
import Testing

@testable import SigilConsole

/// The hosted sign-in screen as the relying party of managed login: the authorize address,
/// the pages' flow, the redirect with its code and state, and the token exchange.
@Suite struct ManagedLoginConsoleTests {
    let store: TestStore
    let poolId: String
    let harness: Harness

    init(domain: Bool = true) async throws {
        store = try TestStore()
        poolId = try await store.pool()
        _ = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "web", supportedIdentityProviders: ["COGNITO"], callbackURLs: ["http://localhost:3000/callback"],
                allowedOAuthFlows: [.code], allowedOAuthScopes: ["openid", "email"], allowedOAuthFlowsUserPoolClient: true))
        if domain { _ = try await store.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "console-app", userPoolId: poolId)) }
        try await store.user("ann", in: poolId, email: "ann@example.com")
        _ = try await store.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "ann", password: "Passw0rd!ann", permanent: true))
        harness = Harness(store: store, width: 120, height: 40)
        harness.press(.character("5"))
        // The sign-in flow choice: the third, managed login.
        harness.press(.down, .right, .right, .enter)
    }

    var model: SignInModel { harness.model.signIn }

    @Test func theCodeFlowFromAuthorizeAddressToTokens() async throws {
        let run = try #require(model.oauth)
        #expect(model.page == .signIn && model.useManagedLogin)
        #expect(run.url.contains("/oauth2/authorize?client_id=") && run.url.contains("code_challenge_method=S256"))
        #expect(harness.screen.contains("Managed login. The app sends the browser to:"))
        harness.type("ann")
        harness.press(.tab)
        harness.type("Passw0rd!ann")
        harness.press(.enter)
        #expect(model.page == .redirect)
        let redirect = model.form["redirect"]
        #expect(redirect.hasPrefix("http://localhost:3000/callback?code=") && redirect.contains("state=\(run.state)"))
        harness.press(.enter)
        #expect(model.page == .tokens)
        let access = try JWT.decode(try #require(model.tokens?.accessToken)).claims
        #expect(access["scope"]?.stringValue == "openid email" && access["username"]?.stringValue == "ann")
        #expect(try JWT.decode(try #require(model.tokens?.idToken)).claims["nonce"]?.stringValue == run.nonce)
        #expect(harness.screen.contains("From /oauth2/token"))
    }

    @Test func aPastedRedirectMustCarryThisSignInsState() async throws {
        harness.press(.tab, .tab, .tab, .tab, .tab, .tab, .tab)
        harness.press(.enter)
        #expect(model.page == .redirect)
        harness.type("http://localhost:3000/callback?code=abc&state=forged")
        harness.press(.tab, .enter)
        #expect(model.page == .redirect)
        #expect(harness.screen.contains("state is not this sign-in's"))
        harness.press(.backTab, .control("u"))
        harness.type("http://evil.example/?code=abc")
        harness.press(.tab, .enter)
        #expect(harness.screen.contains("not an address at the callback"))
    }

    @Test func aPoolWithoutADomainIsExplained() async throws {
        let bare = try await ManagedLoginConsoleTests(domain: false)
        #expect(bare.model.page == .setup && bare.model.oauth == nil)
        #expect(bare.harness.screen.contains("has no domain"))
    }
}

/// The settings screen edits an app client's OAuth settings and keeps the rest of it.
@Suite struct OAuthSettingsConsoleTests {
    @Test func theFormChangesTheCallbacksAndKeepsTheClient() async throws {
        let console = try await ManagedLoginConsoleTests()
        let engine = console.store.engine
        let harness = console.harness
        harness.press(.escape, .character("4"), .character("o"))
        #expect(harness.screen.contains("OAuth settings of web"))
        harness.press(.tab, .tab, .tab, .tab, .tab, .control("u"))
        harness.type("https://app.example/cb http://localhost:3000/callback")
        harness.press(.tab, .control("u"))
        harness.type("https://app.example/")
        harness.press(.enter)
        let listed = try await engine.listUserPoolClients(ListUserPoolClientsRequest(userPoolId: console.poolId, maxResults: 10))
        let client = try #require(
            try await engine.describeUserPoolClient(
                DescribeUserPoolClientRequest(userPoolId: console.poolId, clientId: listed.userPoolClients!.first!.clientId!)
            ).userPoolClient)
        #expect(client.callbackURLs == ["https://app.example/cb", "http://localhost:3000/callback"])
        #expect(client.logoutURLs == ["https://app.example/"])
        #expect(client.allowedOAuthFlows == [.code] && client.allowedOAuthScopes == ["openid", "email"] && client.clientName == "web")
        harness.press(.character("G"))
        #expect(harness.screen.contains("https://app.example/cb, http://localhost:3000/callback"))

        // A scope no resource server offers is refused in the dialog, and nothing changes.
        harness.press(.character("o"), .tab, .tab, .tab, .tab, .control("u"))
        harness.type("openid shop/read")
        harness.press(.enter)
        #expect(harness.screen.contains("ScopeDoesNotExistException") || harness.screen.contains("shop/read"))
        let after = try await engine.describeUserPoolClient(DescribeUserPoolClientRequest(userPoolId: console.poolId, clientId: client.clientId!))
        #expect(after.userPoolClient?.allowedOAuthScopes == ["openid", "email"])
    }
}
