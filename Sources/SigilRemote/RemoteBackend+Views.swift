import Foundation
import SigilConsole
import SigilCore
import SigilJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The console's own views over a remote API: pools and users through the API's list
/// operations, keys through the issuer's JWKS; the rest only a Sigil server keeps.
extension RemoteBackend {
    public func poolSummaries() async throws -> [PoolSummary] {
        if let admin { return try await admin.call("PoolSummaries") }
        var summaries: [PoolSummary] = []
        var token: String?
        repeat {
            let page: ListUserPoolsResponse = try await call("ListUserPools", ListUserPoolsRequest(nextToken: token, maxResults: 60))
            for pool in page.userPools ?? [] {
                guard let id = pool.id else { continue }
                let described = try? await describeUserPool(DescribeUserPoolRequest(userPoolId: id)).userPool
                summaries.append(
                    PoolSummary(
                        id: id, name: pool.name ?? id, users: described?.estimatedNumberOfUsers ?? 0, clients: -1, groups: -1,
                        created: pool.creationDate))
            }
            token = page.nextToken
        } while token != nil
        return summaries.sorted { $0.id < $1.id }
    }

    /// A page of users through ListUsers: the filter in Cognito's grammar, or plain text
    /// as a username prefix (an email prefix with an `@`). A user's position holds the
    /// token of the page after it, so paging on asks for that page; the API pages forward
    /// only.
    public func browseUsers(_ browse: UserBrowse, after position: UserCursor?, backwards: Bool, limit: Int) async throws -> [UserSummary] {
        if let admin {
            return try await admin.call("BrowseUsers", AdminAPI.BrowseUsers(browse: browse, after: position, backwards: backwards, limit: limit))
        }
        if backwards { return [] }
        if let position, position.value.isEmpty { return [] }
        var request = ListUsersRequest(userPoolId: browse.poolId, limit: min(limit, 60), paginationToken: position?.value)
        request.filter = Self.filter(browse.filter)
        let page: ListUsersResponse = try await call("ListUsers", request)
        let users = page.users ?? []
        return users.enumerated().map { index, user in
            let attributes = Dictionary((user.attributes ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            let last = index == users.count - 1
            return UserSummary(
                username: user.username ?? "", email: attributes["email"], name: attributes["name"], status: user.userStatus ?? .unknown,
                enabled: user.enabled ?? true, created: user.userCreateDate ?? Date(timeIntervalSince1970: 0),
                position: UserCursor(value: last ? (page.paginationToken ?? "") : "", id: Int64(index)))
        }
    }

    /// Cognito's filter grammar as given, or plain text as a prefix.
    static func filter(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.contains("=") { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return text.contains("@") ? "email ^= \"\(escaped)\"" : "username ^= \"\(escaped)\""
    }

    /// The user's last sign-ins; none when the pool keeps no events (no threat
    /// protection) or the API does not offer them.
    public func recentAuthEvents(poolId: String, username: String, limit: Int) async throws -> [AuthEventType] {
        do {
            let page: AdminListUserAuthEventsResponse = try await call(
                "AdminListUserAuthEvents", AdminListUserAuthEventsRequest(userPoolId: poolId, username: username, maxResults: limit))
            return page.authEvents ?? []
        } catch let error as CognitoError
            where [.userPoolAddOnNotEnabledException, .unsupportedOperationException, .internalErrorException].contains(error.name)
        {
            return []
        }
    }

    /// The pool's issuer: as its discovery document names it once read, else the
    /// configured base and the pool id.
    public func issuer(poolId: String) -> String {
        issuers[poolId] ?? "\(issuerBase)/\(poolId)"
    }

    /// The pool's signing keys, from the endpoint's discovery document and JWKS (a Sigil
    /// server, moto and Cognito serve both under `/<poolId>/.well-known/`).
    public func jwks(poolId: String) async throws -> JSONValue {
        let base = (keysBase ?? issuerBase) + "/" + poolId + "/.well-known/"
        if let discovery = try? await fetchJSON(base + "openid-configuration"), let issuer = discovery["issuer"]?.stringValue {
            issuers[poolId] = issuer
        }
        return try await fetchJSON(base + "jwks.json")
    }

    func fetchJSON(_ address: String) async throws -> JSONValue {
        guard let url = URL(string: address) else { throw CognitoError.internalError("\(address) is not a URL") }
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: URLRequest(url: url, timeoutInterval: 10)) { data, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if let data, error == nil, status == 200 { return continuation.resume(returning: data) }
                continuation.resume(throwing: CognitoError.internalError("GET \(address) failed (\(error.map { "\($0)" } ?? "HTTP \(status)"))"))
            }.resume()
        }
        return try JSONValue(json: [UInt8](data))
    }

    public func identityPoolSummaries() async throws -> [IdentityPoolSummary] {
        if let admin { return try await admin.call("IdentityPoolSummaries") }
        var summaries: [IdentityPoolSummary] = []
        var token: String?
        repeat {
            let page: ListIdentityPoolsResponse = try await client.call(
                "ListIdentityPools", ListIdentityPoolsInput(maxResults: 60, nextToken: token), service: .identity)
            for pool in page.identityPools ?? [] {
                guard let id = pool.identityPoolId else { continue }
                let described: IdentityPool? = try? await client.call(
                    "DescribeIdentityPool", DescribeIdentityPoolInput(identityPoolId: id), service: .identity)
                var providers = Array((described?.supportedLoginProviders ?? [:]).keys)
                providers += (described?.cognitoIdentityProviders ?? []).compactMap(\.providerName)
                providers += described?.openIdConnectProviderARNs ?? []
                summaries.append(
                    IdentityPoolSummary(
                        id: id, name: pool.identityPoolName ?? id, identities: -1,
                        allowsGuests: described?.allowUnauthenticatedIdentities ?? false, providers: providers.sorted(), roles: [:]))
            }
            token = page.nextToken
        } while token != nil
        return summaries
    }

    public func getId(_ request: GetIdInput) async throws -> GetIdResponse { try await client.call("GetId", request, service: .identity) }

    public func credentialsForIdentity(_ request: GetCredentialsForIdentityInput) async throws -> Engine.CredentialGrant {
        throw unavailable("the credential inspector's policy view")
    }
    public func authorize(_ grant: SessionGrant, action: String, resource: String) async throws -> PolicyDecision {
        throw unavailable("the policy simulator")
    }
    public func role(arn: String) async throws -> IAMRole? { throw unavailable("IAM roles") }
    public func putRole(name: String, description: String?, policies: [String: String]) async throws -> IAMRole { throw unavailable("IAM roles") }
    public func outboxMessages(poolId: String?, username: String?, limit: Int) async throws -> [OutboxMessage] {
        guard let admin else { throw unavailable("an outbox") }
        return try await admin.call("OutboxMessages", AdminAPI.Outbox(poolId: poolId, username: username, limit: limit))
    }
    public func authEventRecords(poolId: String, username: String?, address: String?, before: Int64?, limit: Int) async throws
        -> [AuthEventRecord]
    {
        guard let admin else { throw unavailable("risk signals with their points") }
        return try await admin.call(
            "AuthEventRecords", AdminAPI.AuthEvents(poolId: poolId, username: username, address: address, before: before, limit: limit))
    }
    public func authActivity(poolId: String, minutes: Int) async throws -> (passed: [Int], failed: [Int]) {
        guard let admin else { throw unavailable("sign-in activity by minute") }
        let counts: AdminAPI.ActivityCounts = try await admin.call("AuthActivity", AdminAPI.Activity(poolId: poolId, minutes: minutes))
        return (counts.passed, counts.failed)
    }
    public func riskOverview(poolId: String, window: RiskOverview.Window, leaders: Int) async throws -> RiskOverview {
        guard let admin else { throw unavailable("the risk dashboard") }
        return try await admin.call("RiskOverview", AdminAPI.RiskQuery(poolId: poolId, window: window, leaders: leaders))
    }
    public func setThreatProtectionMode(poolId: String, _ mode: AdvancedSecurityModeType) async throws {
        guard let admin else { throw unavailable("changing threat protection from the console") }
        let _: [String: String] = try await admin.call("SetThreatProtectionMode", AdminAPI.Protection(poolId: poolId, mode: mode))
    }
    public func functionMappings() async throws -> [FunctionMapping] {
        guard let admin else { throw unavailable("function mappings") }
        return try await admin.call("FunctionMappings")
    }
    public func recentInvocations() async throws -> [TriggerInvocation] {
        guard let admin else { throw unavailable("a log of trigger runs") }
        return try await admin.call("Invocations")
    }
    public func rerun(_ invocation: TriggerInvocation) async throws -> TriggerInvocation {
        guard let admin else { throw unavailable("running triggers again") }
        return try await admin.call("Rerun", AdminAPI.Rerun(invocation: invocation))
    }
    public func authorizeRequest(_ query: [String: String], host: String?) async throws -> AuthorizeRequest {
        throw unavailable("managed login stepped through in the console")
    }
    public func loginWithPassword(_ request: AuthorizeRequest, username: String, password: String, context: RequestOrigin) async throws -> LoginStep {
        throw unavailable("managed login stepped through in the console")
    }
    public func loginAnswer(
        _ request: AuthorizeRequest, challenge: ChallengeNameType, responses: [String: String], session: String, context: RequestOrigin
    ) async throws -> LoginStep { throw unavailable("managed login stepped through in the console") }
    public func loginVerifyAuthenticator(_ request: AuthorizeRequest, session: String, code: String, context: RequestOrigin) async throws
        -> LoginStep
    { throw unavailable("managed login stepped through in the console") }
    public func authorizationCodeGrant(
        clientId: String, clientSecret: String?, code: String, redirectUri: String?, codeVerifier: String?, context: RequestOrigin
    ) async throws -> OAuthTokens { throw unavailable("managed login stepped through in the console") }
    public func seedDemo() async throws -> String { throw unavailable("the demo pool (sigil demo makes one on the server)") }

    /// A Sigil server's events, live; elsewhere none (screens refresh on their keys).
    public func observe(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> UUID {
        let id = UUID()
        guard let admin else { return id }
        let stream = AdminEventStream(client: admin, handler: handler)
        streams.add(id, stream)
        stream.start()
        return id
    }

    public func stopObserving(_ id: UUID) { streams.remove(id)?.stop() }
}
