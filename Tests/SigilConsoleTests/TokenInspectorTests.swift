import Foundation
import SigilConsole
import SigilCore
import SigilCrypto
import SigilJSON
import Testing

@Suite struct TokenInspectorTests {
    /// A pool, a client and tokens for `ann`, signed in with her password.
    func signedIn() async throws -> (TestStore, String, AuthenticationResultType) {
        let store = try TestStore()
        let poolId = try await store.pool()
        let clientId = try await store.engine.createUserPoolClient(
            CreateUserPoolClientRequest(userPoolId: poolId, clientName: "web", explicitAuthFlows: [.allowUserPasswordAuth, .allowRefreshTokenAuth])
        ).userPoolClient!.clientId!
        try await store.user("ann", in: poolId, email: "ann@example.com")
        _ = try await store.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "ann", password: "Passw0rd!ann", permanent: true))
        let result = try await store.engine.initiateAuth(
            InitiateAuthRequest(authFlow: .userPasswordAuth, authParameters: ["USERNAME": "ann", "PASSWORD": "Passw0rd!ann"], clientId: clientId)
        ).authenticationResult!
        return (store, poolId, result)
    }

    /// The token with its claims changed and the original signature kept.
    func tampered(_ token: String, _ change: (inout [String: JSONValue]) -> Void) throws -> String {
        let parts = token.split(separator: ".").map(String.init)
        var claims = try JWT.decode(token).claims
        change(&claims)
        let payload = Base64URL.encode(try JSONValue.object(claims).jsonBytes())
        return parts[0] + "." + payload + "." + parts[2]
    }

    @Test func aValidTokenHasNoProblems() async throws {
        let (store, poolId, tokens) = try await signedIn()
        let report = await TokenReport.inspect(tokens.idToken!, engine: store.engine)
        #expect(report.problems == [])
        #expect(report.poolId == poolId)
        #expect(report.claims.first?.name == "sub")
        #expect(report.claims.contains { $0.name == "email" && $0.value == "ann@example.com" })
        await #expect(TokenReport.inspect(tokens.accessToken!, engine: store.engine).problems == [])
    }

    @Test func everyProblemIsListed() async throws {
        let (store, _, tokens) = try await signedIn()
        let forged = try tampered(tokens.idToken!) { $0["email"] = "mallory@example.com" }
        await #expect(TokenReport.inspect(forged, engine: store.engine).problems == ["Invalid token signature"])

        let parts = tokens.idToken!.split(separator: ".").map(String.init)
        let unsigned = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        await #expect(TokenReport.inspect(unsigned, engine: store.engine).problems.contains("Unsigned token (alg none) rejected"))

        let elsewhere = try tampered(tokens.idToken!) {
            $0["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Nowhere00"
            $0["token_use"] = "refresh"
        }
        let problems = await TokenReport.inspect(elsewhere, engine: store.engine).problems
        #expect(problems.first == "Issuer https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Nowhere00 is not a user pool of this Sigil")
        #expect(problems.contains("token_use is refresh; a user pool issues id and access tokens"))

        let otherClient = try tampered(tokens.idToken!) { $0["aud"] = "someclient" }
        await #expect(
            TokenReport.inspect(otherClient, engine: store.engine).problems.contains { $0.contains("Client someclient is not an app client") })

        store.clock.advance(by: 2 * 3_600)
        let expired = await TokenReport.inspect(tokens.accessToken!, engine: store.engine)
        #expect(expired.problems == ["Token has expired"])

        await #expect(TokenReport.inspect("not a token", engine: store.engine).problems == ["Malformed token: expected 3 segments, found 1"])
    }

    @Test func pastingATokenInTheInspectorScreen() async throws {
        let (store, _, tokens) = try await signedIn()
        let harness = Harness(store: store)
        harness.press(.character("7"))
        #expect(harness.model.screen == .tokens)
        #expect(harness.screen.contains("Paste an ID or access token"))
        harness.type(tokens.idToken!)
        // A paste is checked on the next tick (or at Enter).
        harness.app.tick()
        harness.app.settle()
        #expect(harness.model.tokens.report?.isValid == true)
        #expect(harness.screen.contains("✓ valid id token"))
        harness.press(.control("u"))
        harness.type("eyJhbGciOiJub25lIn0.e30.")
        harness.press(.enter)
        #expect(harness.screen.contains("✗ Unsigned token (alg none) rejected"))
    }
}

@Suite struct QRBlockTests {
    @Test func theDrawnBlocksHoldEveryModule() async throws {
        let uri = "otpauth://totp/Sigil:ann?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Sigil"
        let code = try #require(QRBlock(uri))
        #expect(code.modules.count == 33)
        // The three finder patterns: dark 7×7 corners.
        #expect(code.modules[0][0] && code.modules[0][6] && code.modules[6][0] && code.modules[0][32])
        var canvas = Canvas(width: code.size.width, height: code.size.height)
        code.render(&canvas, x: 0, y: 0, colour: true)
        #expect(canvas[0, 0].style.background == .index(15))
        // Read the half blocks back into modules and compare.
        let quiet = QRBlock.quietZone
        for row in 0..<code.modules.count {
            for column in 0..<code.modules.count {
                let cell = canvas[column + quiet, (row + quiet) / 2].character
                let top = (row + quiet) % 2 == 0
                let dark = cell == "█" || (top ? cell == "▀" : cell == "▄")
                #expect(dark == code.modules[row][column], "module \(row),\(column)")
            }
        }
    }

    @Test func longerTextMakesALargerCode() async throws {
        let short = try #require(QRBlock("otpauth://totp/Sigil:a?secret=AAAA"))
        let long = try #require(QRBlock(String(repeating: "x", count: 300)))
        #expect(long.modules.count > short.modules.count)
        #expect(QRBlock(String(repeating: "x", count: 5_000)) == nil)
    }
}

@Suite struct OutboxScreenTests {
    @Test func messagesNewestFirstFilteredByUserAndScopedToThePool() async throws {
        let store = try TestStore()
        let shop = try await store.pool("shop")
        let blog = try await store.pool("blog")
        for (pool, user) in [(shop, "ann"), (shop, "bob"), (blog, "cat")] {
            _ = try await store.engine.adminCreateUser(
                AdminCreateUserRequest(
                    userPoolId: pool, username: user, userAttributes: [AttributeType(name: "email", value: "\(user)@example.com")],
                    desiredDeliveryMediums: [.email]))
            store.clock.advance(by: 5)
        }
        let harness = Harness(store: store, settings: ConsoleSettings(initialPool: shop))
        harness.press(.character("6"))
        #expect(harness.model.outbox.messages.map(\.username) == ["bob", "ann"])
        #expect(harness.screen.contains("invitation"))
        harness.press(.character("a"))
        #expect(harness.model.outbox.messages.map(\.username) == ["cat", "bob", "ann"])
        harness.press(.character("/"))
        harness.type("bo")
        #expect(harness.model.outbox.shown.map(\.username) == ["bob"])
        harness.press(.enter)
        // The message's text shows below the list.
        #expect(harness.screen.contains("Your username is bob"))
    }
}
