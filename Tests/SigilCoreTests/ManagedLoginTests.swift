import Foundation
import SigilCore
import SigilCrypto
import Testing

/// Managed login's sign-in: authorize requests checked as Cognito checks them, sign-in on
/// the pages ending in a code, the code grant with PKCE, implicit tokens, single sign-on
/// and userInfo.
@Suite struct ManagedLoginTests {
    static let callback = "https://app.example/callback"
    let test: TestEngine
    let poolId: String
    let client: UserPoolClientType
    let context = RequestOrigin(ipAddress: "203.0.113.9", userAgent: "test browser")

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool()
        client = try await test.engine.createUserPoolClient(
            CreateUserPoolClientRequest(
                userPoolId: poolId, clientName: "web", supportedIdentityProviders: ["COGNITO"], callbackURLs: [Self.callback],
                logoutURLs: ["https://app.example/"], allowedOAuthFlows: [.code, .implicit],
                allowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"], allowedOAuthFlowsUserPoolClient: true)
        ).userPoolClient!
        _ = try await test.engine.createUserPoolDomain(CreateUserPoolDomainRequest(domain: "web-app", userPoolId: poolId))
        try await test.user("alice", in: poolId, attributes: ["email": "alice@example.com", "email_verified": "true", "given_name": "Alice"])
        _ = try await test.engine.adminSetUserPassword(
            AdminSetUserPasswordRequest(userPoolId: poolId, username: "alice", password: "Passw0rd!", permanent: true))
    }

    func query(_ extra: [String: String] = [:]) -> [String: String] {
        ["client_id": client.clientId!, "response_type": "code", "redirect_uri": Self.callback, "state": "s1"].merging(extra) { $1 }
    }

    func request(_ extra: [String: String] = [:], host: String? = nil) async throws -> AuthorizeRequest {
        try await test.engine.authorizeRequest(query(extra), host: host)
    }

    func refusal(_ extra: [String: String], host: String? = nil) async -> AuthorizeRefusal? {
        do {
            _ = try await request(extra, host: host)
            return nil
        } catch let refusal as AuthorizeRefusal {
            return refusal
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    /// Signs alice in on the pages and returns where the browser is sent.
    func signIn(_ request: AuthorizeRequest) async throws -> (redirect: String, sso: String) {
        let step = try await test.engine.loginWithPassword(request, username: "alice", password: "Passw0rd!", context: context)
        guard case .signedIn(let redirect, let sso) = step else {
            Issue.record("expected a sign-in, got \(step)")
            return ("", "")
        }
        return (redirect, sso)
    }

    static func field(_ name: String, in url: String) -> String? {
        URLComponents(string: url.replacingOccurrences(of: "#", with: "?"))?.queryItems?.first { $0.name == name }?.value
    }

    func redeem(_ code: String, verifier: String? = nil, redirectUri: String = callback) async throws -> OAuthTokens {
        try await test.engine.authorizationCodeGrant(
            clientId: client.clientId!, clientSecret: nil, code: code, redirectUri: redirectUri, codeVerifier: verifier, context: context)
    }

    func expectGrantRefused(_ code: OAuthError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code.rawValue)")
        } catch let error as OAuthError {
            #expect(error.code == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func requestsBeforeTheRedirectURIIsKnownGetAPageNeverARedirect() async throws {
        #expect(await refusal(["client_id": "nope"]) == .page("No app client has the id nope."))
        #expect(await refusal(["redirect_uri": "https://evil.example/"])?.message.hasPrefix("redirect_mismatch") == true)
        #expect(await refusal(["redirect_uri": ""]) == .page("The request has no redirect_uri."))
        // A prefix domain of another pool (or none) is refused; the server's own name is not.
        #expect(await refusal([:], host: "other.auth.localhost:9229") != nil)
        #expect(await refusal([:], host: "web-app.auth.us-east-1.amazoncognito.com") == nil)
        #expect(await refusal([:], host: "web-app.auth.localhost") == nil)
        #expect(await refusal([:], host: "sigil.internal:9229") == nil)
        #expect(await refusal([:], host: "127.0.0.1:9229") == nil)
    }

    @Test func laterRefusalsGoBackToTheApp() async throws {
        let redirect = { (error: String) -> (AuthorizeRefusal?) -> Bool in
            { refusal in
                if case .redirect(let to, let code, _, let state) = refusal { return to == Self.callback && code == error && state == "s1" }
                return false
            }
        }
        #expect(redirect("unsupported_response_type")(await refusal(["response_type": "id_token"])))
        #expect(redirect("invalid_scope")(await refusal(["scope": "openid phone"])))
        #expect(redirect("invalid_request")(await refusal(["code_challenge": String(repeating: "a", count: 43), "code_challenge_method": "plain"])))
        _ = try await test.engine.updateUserPoolClient(
            UpdateUserPoolClientRequest(
                userPoolId: poolId, clientId: client.clientId!, callbackURLs: [Self.callback], allowedOAuthFlows: [.code],
                allowedOAuthScopes: ["openid"], allowedOAuthFlowsUserPoolClient: true))
        #expect(redirect("unauthorized_client")(await refusal(["response_type": "token"])))
        // Without COGNITO among its identity providers the client has no sign-in form.
        _ = try await test.engine.updateUserPoolClient(
            UpdateUserPoolClientRequest(
                userPoolId: poolId, clientId: client.clientId!, supportedIdentityProviders: [], callbackURLs: [Self.callback],
                allowedOAuthFlows: [.code], allowedOAuthScopes: ["openid"], allowedOAuthFlowsUserPoolClient: true))
        #expect(redirect("unauthorized_client")(await refusal([:])))
    }

    @Test func aPoolWithoutADomainServesNoPages() async throws {
        _ = try await test.engine.deleteUserPoolDomain(DeleteUserPoolDomainRequest(domain: "web-app", userPoolId: poolId))
        #expect(await refusal([:])?.message.contains("has no domain") == true)
    }

    @Test func theCodeGrantGivesScopedTokensWithNonceAndAtHash() async throws {
        let verifier = String(repeating: "v", count: 64)
        let challenge = Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
        let authorize = try await request([
            "scope": "openid email", "nonce": "n-123", "code_challenge": challenge, "code_challenge_method": "S256",
        ])
        let (redirect, _) = try await signIn(authorize)
        #expect(redirect.hasPrefix(Self.callback + "?code="))
        #expect(Self.field("state", in: redirect) == "s1")
        let code = try #require(Self.field("code", in: redirect))
        let tokens = try await redeem(code, verifier: verifier)
        let id = try JWT.decode(try #require(tokens.idToken)).claims
        let access = try JWT.decode(tokens.accessToken).claims
        #expect(access["scope"]?.stringValue == "openid email" && access["version"]?.intValue == 2)
        #expect(id["nonce"]?.stringValue == "n-123" && id["email"]?.stringValue == "alice@example.com")
        // The email scope lets in email and email_verified only.
        #expect(id["given_name"] == nil)
        let digest = SHA256.hash(Array(tokens.accessToken.utf8))
        #expect(id["at_hash"]?.stringValue == Base64URL.encode(Array(digest.prefix(16))))
        #expect(tokens.refreshToken != nil)
        // A refresh keeps the granted scopes.
        let refreshed = try await test.engine.refreshTokenGrant(
            clientId: client.clientId!, clientSecret: nil, refreshToken: tokens.refreshToken!, context: context)
        #expect(try JWT.decode(refreshed.accessToken).claims["scope"]?.stringValue == "openid email")
    }

    @Test func aCodeIsSpentByItsFirstRedemptionRightOrWrong() async throws {
        let verifier = String(repeating: "w", count: 50)
        let challenge = Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
        let authorize = try await request(["code_challenge": challenge, "code_challenge_method": "S256"])
        let first = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(first, verifier: "wrong-verifier-" + verifier) }
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(first, verifier: verifier) }

        let second = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(second, verifier: verifier, redirectUri: "https://app.example/other") }

        let third = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        await expectGrantRefused(.invalidRequest) { _ = try await redeem(third) }

        let fourth = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        _ = try await redeem(fourth, verifier: verifier)
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(fourth, verifier: verifier) }
    }

    @Test func codesExpireAfterFiveMinutesAndDieWithTheUser() async throws {
        let authorize = try await request()
        let late = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        test.clock.advance(by: 301)
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(late) }

        let code = try #require(Self.field("code", in: try await signIn(authorize).redirect))
        _ = try await test.engine.adminDisableUser(AdminDisableUserRequest(userPoolId: poolId, username: "alice"))
        await expectGrantRefused(.invalidGrant) { _ = try await redeem(code) }
        await expectError(.notAuthorizedException, "User is disabled.") {
            _ = try await test.engine.loginWithPassword(authorize, username: "alice", password: "Passw0rd!", context: context)
        }
    }

    @Test func theImplicitGrantPutsTokensInTheFragment() async throws {
        let (redirect, _) = try await signIn(try await request(["response_type": "token", "scope": "openid profile", "nonce": "n"]))
        #expect(redirect.hasPrefix(Self.callback + "#"))
        let id = try JWT.decode(try #require(Self.field("id_token", in: redirect))).claims
        #expect(id["given_name"]?.stringValue == "Alice" && id["nonce"]?.stringValue == "n")
        #expect(Self.field("token_type", in: redirect) == "Bearer" && Self.field("expires_in", in: redirect) == "3600")
        #expect(Self.field("refresh_token", in: redirect) == nil && Self.field("state", in: redirect) == "s1")
    }

    @Test func singleSignOnLastsAnHourAndEndsAtLogout() async throws {
        let authorize = try await request()
        let (_, sso) = try await signIn(authorize)
        let again = try await test.engine.loginWithSSOSession(authorize, session: sso, context: context)
        #expect(again?.hasPrefix(Self.callback + "?code=") == true)
        #expect(try await test.engine.loginWithSSOSession(authorize, session: "forged", context: context) == nil)
        test.clock.advance(by: 3_601)
        #expect(try await test.engine.loginWithSSOSession(authorize, session: sso, context: context) == nil)

        let (_, second) = try await signIn(authorize)
        try await test.engine.endSSOSession(second)
        #expect(try await test.engine.loginWithSSOSession(authorize, session: second, context: context) == nil)
    }

    @Test func mfaOnThePagesEndsInACodeAndTheAPICannotAnswerIt() async throws {
        _ = try await test.engine.setUserPoolMfaConfig(
            SetUserPoolMfaConfigRequest(
                userPoolId: poolId, emailMfaConfiguration: EmailMfaConfigType(), mfaConfiguration: .optional))
        _ = try await test.engine.adminSetUserMFAPreference(
            AdminSetUserMFAPreferenceRequest(
                emailMfaSettings: EmailMfaSettingsType(enabled: true, preferredMfa: true), username: "alice", userPoolId: poolId))
        let authorize = try await request()
        let step = try await test.engine.loginWithPassword(authorize, username: "alice", password: "Passw0rd!", context: context)
        guard case .challenge(.emailOtp, let session, let parameters) = step else {
            Issue.record("expected EMAIL_OTP, got \(step)")
            return
        }
        #expect(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL")
        let sent = try #require(try await test.engine.outboxMessages(poolId: poolId, username: "alice").first?.code)
        // The API's RespondToAuthChallenge cannot finish a managed-login sign-in.
        await expectError(.notAuthorizedException, "Invalid session for the user.") {
            _ = try await test.engine.respondToAuthChallenge(
                RespondToAuthChallengeRequest(
                    clientId: client.clientId!, challengeName: .emailOtp, session: session,
                    challengeResponses: ["USERNAME": "alice", "EMAIL_OTP_CODE": sent]))
        }
        let done = try await test.engine.loginAnswer(
            authorize, challenge: .emailOtp, responses: ["EMAIL_OTP_CODE": sent], session: session, context: context)
        guard case .signedIn(let redirect, _) = done else {
            Issue.record("expected a sign-in, got \(done)")
            return
        }
        #expect(redirect.contains("code="))
    }

    @Test func userInfoShowsWhatTheScopesAllow() async throws {
        let emailOnly = try await redeem(
            try #require(Self.field("code", in: try await signIn(try await request(["scope": "openid email"])).redirect)))
        let info = try await test.engine.userInfo(accessToken: emailOnly.accessToken)
        #expect(info["email"] == "alice@example.com" && info["email_verified"] == "true" && info["username"] == "alice")
        #expect(info["given_name"] == nil && info["sub"] != nil)
        let profile = try await redeem(
            try #require(Self.field("code", in: try await signIn(try await request(["scope": "openid profile"])).redirect)))
        #expect(try await test.engine.userInfo(accessToken: profile.accessToken)["given_name"] == "Alice")
        // Without the admin scope the token does not serve the self-service API.
        await expectError(.notAuthorizedException, "Access Token does not have required scopes") {
            _ = try await test.engine.getUser(GetUserRequest(accessToken: profile.accessToken))
        }
        await expectError(.notAuthorizedException) { _ = try await test.engine.userInfo(accessToken: "garbage") }
    }
}
