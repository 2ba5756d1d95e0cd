import Foundation
import SigilCore
import SigilJSON

/// A backend that only reads (`--read-only`): every operation that would change
/// something (users, groups, pools, clients, sign-ups, MFA set-up, sign-outs, re-runs)
/// is refused before it reaches the backend. Signing in, which changes nothing an
/// operator sees, still works, so demos do.
public struct ReadOnlyBackend: ConsoleBackend {
    public let base: any ConsoleBackend

    public init(_ base: any ConsoleBackend) {
        self.base = base
    }

    var refusal: CognitoError {
        CognitoError(.notAuthorizedException, "The console is read-only (--read-only): it changes nothing on \(base.location.address).")
    }

    public var location: BackendLocation { base.location }
    public var now: Date { base.now }
    public var apiEndpoint: String { base.apiEndpoint }

    public func createUserPool(_ request: CreateUserPoolRequest) async throws -> CreateUserPoolResponse { throw refusal }
    public func describeUserPool(_ request: DescribeUserPoolRequest) async throws -> DescribeUserPoolResponse {
        try await base.describeUserPool(request)
    }
    public func deleteUserPoolAndDomains(_ poolId: String) async throws { throw refusal }
    public func getUserPoolMfaConfig(_ request: GetUserPoolMfaConfigRequest) async throws -> GetUserPoolMfaConfigResponse {
        try await base.getUserPoolMfaConfig(request)
    }
    public func setUserPoolMfaConfig(_ request: SetUserPoolMfaConfigRequest) async throws -> SetUserPoolMfaConfigResponse { throw refusal }
    public func describeUserPoolDomain(_ request: DescribeUserPoolDomainRequest) async throws -> DescribeUserPoolDomainResponse {
        try await base.describeUserPoolDomain(request)
    }
    public func createUserPoolClient(_ request: CreateUserPoolClientRequest) async throws -> CreateUserPoolClientResponse { throw refusal }
    public func describeUserPoolClient(_ request: DescribeUserPoolClientRequest) async throws -> DescribeUserPoolClientResponse {
        try await base.describeUserPoolClient(request)
    }
    public func updateUserPoolClient(_ request: UpdateUserPoolClientRequest) async throws -> UpdateUserPoolClientResponse { throw refusal }
    public func listUserPoolClients(_ request: ListUserPoolClientsRequest) async throws -> ListUserPoolClientsResponse {
        try await base.listUserPoolClients(request)
    }
    public func listResourceServers(_ request: ListResourceServersRequest) async throws -> ListResourceServersResponse {
        try await base.listResourceServers(request)
    }
    public func adminCreateUser(_ request: AdminCreateUserRequest) async throws -> AdminCreateUserResponse { throw refusal }
    public func adminGetUser(_ request: AdminGetUserRequest) async throws -> AdminGetUserResponse { try await base.adminGetUser(request) }
    public func adminDeleteUser(_ request: AdminDeleteUserRequest) async throws { throw refusal }
    public func adminUpdateUserAttributes(_ request: AdminUpdateUserAttributesRequest) async throws -> AdminUpdateUserAttributesResponse {
        throw refusal
    }
    public func adminDeleteUserAttributes(_ request: AdminDeleteUserAttributesRequest) async throws -> AdminDeleteUserAttributesResponse {
        throw refusal
    }
    public func adminEnableUser(_ request: AdminEnableUserRequest) async throws -> AdminEnableUserResponse { throw refusal }
    public func adminDisableUser(_ request: AdminDisableUserRequest) async throws -> AdminDisableUserResponse { throw refusal }
    public func adminConfirmSignUp(_ request: AdminConfirmSignUpRequest) async throws -> AdminConfirmSignUpResponse { throw refusal }
    public func adminSetUserPassword(_ request: AdminSetUserPasswordRequest) async throws -> AdminSetUserPasswordResponse { throw refusal }
    public func adminResetUserPassword(_ request: AdminResetUserPasswordRequest) async throws -> AdminResetUserPasswordResponse { throw refusal }
    public func adminUserGlobalSignOut(_ request: AdminUserGlobalSignOutRequest) async throws -> AdminUserGlobalSignOutResponse { throw refusal }
    public func adminListGroupsForUser(_ request: AdminListGroupsForUserRequest) async throws -> AdminListGroupsForUserResponse {
        try await base.adminListGroupsForUser(request)
    }
    public func adminAddUserToGroup(_ request: AdminAddUserToGroupRequest) async throws { throw refusal }
    public func adminRemoveUserFromGroup(_ request: AdminRemoveUserFromGroupRequest) async throws { throw refusal }
    public func adminUpdateAuthEventFeedback(_ request: AdminUpdateAuthEventFeedbackRequest) async throws -> AdminUpdateAuthEventFeedbackResponse {
        throw refusal
    }
    public func createGroup(_ request: CreateGroupRequest) async throws -> CreateGroupResponse { throw refusal }
    public func deleteGroup(_ request: DeleteGroupRequest) async throws { throw refusal }
    public func listGroups(_ request: ListGroupsRequest) async throws -> ListGroupsResponse { try await base.listGroups(request) }
    public func listUsersInGroup(_ request: ListUsersInGroupRequest) async throws -> ListUsersInGroupResponse {
        try await base.listUsersInGroup(request)
    }
    public func initiateAuth(_ request: InitiateAuthRequest, context: RequestOrigin) async throws -> InitiateAuthResponse {
        try await base.initiateAuth(request, context: context)
    }
    public func respondToAuthChallenge(_ request: RespondToAuthChallengeRequest, context: RequestOrigin) async throws
        -> RespondToAuthChallengeResponse
    { try await base.respondToAuthChallenge(request, context: context) }
    public func signUp(_ request: SignUpRequest, context: RequestOrigin) async throws -> SignUpResponse { throw refusal }
    public func confirmSignUp(_ request: ConfirmSignUpRequest, context: RequestOrigin) async throws -> ConfirmSignUpResponse { throw refusal }
    public func resendConfirmationCode(_ request: ResendConfirmationCodeRequest, context: RequestOrigin) async throws
        -> ResendConfirmationCodeResponse
    { throw refusal }
    public func forgotPassword(_ request: ForgotPasswordRequest, context: RequestOrigin) async throws -> ForgotPasswordResponse { throw refusal }
    public func confirmForgotPassword(_ request: ConfirmForgotPasswordRequest, context: RequestOrigin) async throws -> ConfirmForgotPasswordResponse {
        throw refusal
    }
    public func associateSoftwareToken(_ request: AssociateSoftwareTokenRequest) async throws -> AssociateSoftwareTokenResponse { throw refusal }
    public func verifySoftwareToken(_ request: VerifySoftwareTokenRequest) async throws -> VerifySoftwareTokenResponse { throw refusal }
    public func getUser(_ request: GetUserRequest) async throws -> GetUserResponse { try await base.getUser(request) }
    public func globalSignOut(_ request: GlobalSignOutRequest) async throws -> GlobalSignOutResponse { throw refusal }
    public func revokeToken(_ request: RevokeTokenRequest) async throws -> RevokeTokenResponse { throw refusal }
    public func issuer(poolId: String) -> String { base.issuer(poolId: poolId) }
    public func jwks(poolId: String) async throws -> JSONValue { try await base.jwks(poolId: poolId) }
    public func identityPoolSummaries() async throws -> [IdentityPoolSummary] { try await base.identityPoolSummaries() }
    public func getId(_ request: GetIdInput) async throws -> GetIdResponse { try await base.getId(request) }
    public func credentialsForIdentity(_ request: GetCredentialsForIdentityInput) async throws -> Engine.CredentialGrant {
        try await base.credentialsForIdentity(request)
    }
    public func authorize(_ grant: SessionGrant, action: String, resource: String) async throws -> PolicyDecision {
        try await base.authorize(grant, action: action, resource: resource)
    }
    public func role(arn: String) async throws -> IAMRole? { try await base.role(arn: arn) }
    public func putRole(name: String, description: String?, policies: [String: String]) async throws -> IAMRole { throw refusal }
    public func poolSummaries() async throws -> [PoolSummary] { try await base.poolSummaries() }
    public func browseUsers(_ browse: UserBrowse, after position: UserCursor?, backwards: Bool, limit: Int) async throws -> [UserSummary] {
        try await base.browseUsers(browse, after: position, backwards: backwards, limit: limit)
    }
    public func outboxMessages(poolId: String?, username: String?, limit: Int) async throws -> [OutboxMessage] {
        try await base.outboxMessages(poolId: poolId, username: username, limit: limit)
    }
    public func recentAuthEvents(poolId: String, username: String, limit: Int) async throws -> [AuthEventType] {
        try await base.recentAuthEvents(poolId: poolId, username: username, limit: limit)
    }
    public func authEventRecords(poolId: String, username: String?, address: String?, before: Int64?, limit: Int) async throws -> [AuthEventRecord] {
        try await base.authEventRecords(poolId: poolId, username: username, address: address, before: before, limit: limit)
    }
    public func authActivity(poolId: String, minutes: Int) async throws -> (passed: [Int], failed: [Int]) {
        try await base.authActivity(poolId: poolId, minutes: minutes)
    }
    public func riskOverview(poolId: String, window: RiskOverview.Window, leaders: Int) async throws -> RiskOverview {
        try await base.riskOverview(poolId: poolId, window: window, leaders: leaders)
    }
    public func setThreatProtectionMode(poolId: String, _ mode: AdvancedSecurityModeType) async throws { throw refusal }
    public func functionMappings() async throws -> [FunctionMapping] { try await base.functionMappings() }
    public func recentInvocations() async throws -> [TriggerInvocation] { try await base.recentInvocations() }
    public func rerun(_ invocation: TriggerInvocation) async throws -> TriggerInvocation { throw refusal }
    public func authorizeRequest(_ query: [String: String], host: String?) async throws -> AuthorizeRequest {
        try await base.authorizeRequest(query, host: host)
    }
    public func loginWithPassword(_ request: AuthorizeRequest, username: String, password: String, context: RequestOrigin) async throws -> LoginStep {
        try await base.loginWithPassword(request, username: username, password: password, context: context)
    }
    public func loginAnswer(
        _ request: AuthorizeRequest, challenge: ChallengeNameType, responses: [String: String], session: String, context: RequestOrigin
    ) async throws -> LoginStep {
        try await base.loginAnswer(request, challenge: challenge, responses: responses, session: session, context: context)
    }
    public func loginVerifyAuthenticator(_ request: AuthorizeRequest, session: String, code: String, context: RequestOrigin) async throws -> LoginStep
    { try await base.loginVerifyAuthenticator(request, session: session, code: code, context: context) }
    public func authorizationCodeGrant(
        clientId: String, clientSecret: String?, code: String, redirectUri: String?, codeVerifier: String?, context: RequestOrigin
    ) async throws -> OAuthTokens {
        try await base.authorizationCodeGrant(
            clientId: clientId, clientSecret: clientSecret, code: code, redirectUri: redirectUri, codeVerifier: codeVerifier, context: context)
    }
    public func seedDemo() async throws -> String { throw refusal }
    public func observe(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> UUID { base.observe(handler) }
    public func stopObserving(_ id: UUID) { base.stopObserving(id) }
    public func watchNotices(_ handler: @escaping @Sendable (String) -> Void) { base.watchNotices(handler) }
}
