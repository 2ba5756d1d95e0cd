import Foundation
import SigilCore
import SigilJSON

/// What the console's screens work against: the engine in this process, or a remote
/// Cognito API (a Sigil server, another Cognito-compatible service, Amazon Cognito).
/// The Cognito operations are the API's own; the rest are what only Sigil has (the
/// outbox, trigger runs, risk details, managed login's steps, IAM roles), which a remote
/// backend answers through a Sigil server's admin API or refuses with `unavailable`.
public protocol ConsoleBackend: Sendable {
    /// Where the console is attached, for the status bar and confirmations.
    var location: BackendLocation { get }
    /// The backend's time (the engine's clock, which the console can move locally).
    var now: Date { get }

    // MARK: Cognito user pools

    func createUserPool(_ request: CreateUserPoolRequest) async throws -> CreateUserPoolResponse
    func describeUserPool(_ request: DescribeUserPoolRequest) async throws -> DescribeUserPoolResponse
    func deleteUserPoolAndDomains(_ poolId: String) async throws
    func getUserPoolMfaConfig(_ request: GetUserPoolMfaConfigRequest) async throws -> GetUserPoolMfaConfigResponse
    func setUserPoolMfaConfig(_ request: SetUserPoolMfaConfigRequest) async throws -> SetUserPoolMfaConfigResponse
    func describeUserPoolDomain(_ request: DescribeUserPoolDomainRequest) async throws -> DescribeUserPoolDomainResponse
    func createUserPoolClient(_ request: CreateUserPoolClientRequest) async throws -> CreateUserPoolClientResponse
    func describeUserPoolClient(_ request: DescribeUserPoolClientRequest) async throws -> DescribeUserPoolClientResponse
    func updateUserPoolClient(_ request: UpdateUserPoolClientRequest) async throws -> UpdateUserPoolClientResponse
    func listUserPoolClients(_ request: ListUserPoolClientsRequest) async throws -> ListUserPoolClientsResponse
    func listResourceServers(_ request: ListResourceServersRequest) async throws -> ListResourceServersResponse

    func adminCreateUser(_ request: AdminCreateUserRequest) async throws -> AdminCreateUserResponse
    func adminGetUser(_ request: AdminGetUserRequest) async throws -> AdminGetUserResponse
    func adminDeleteUser(_ request: AdminDeleteUserRequest) async throws
    func adminUpdateUserAttributes(_ request: AdminUpdateUserAttributesRequest) async throws -> AdminUpdateUserAttributesResponse
    func adminDeleteUserAttributes(_ request: AdminDeleteUserAttributesRequest) async throws -> AdminDeleteUserAttributesResponse
    func adminEnableUser(_ request: AdminEnableUserRequest) async throws -> AdminEnableUserResponse
    func adminDisableUser(_ request: AdminDisableUserRequest) async throws -> AdminDisableUserResponse
    func adminConfirmSignUp(_ request: AdminConfirmSignUpRequest) async throws -> AdminConfirmSignUpResponse
    func adminSetUserPassword(_ request: AdminSetUserPasswordRequest) async throws -> AdminSetUserPasswordResponse
    func adminResetUserPassword(_ request: AdminResetUserPasswordRequest) async throws -> AdminResetUserPasswordResponse
    func adminUserGlobalSignOut(_ request: AdminUserGlobalSignOutRequest) async throws -> AdminUserGlobalSignOutResponse
    func adminListGroupsForUser(_ request: AdminListGroupsForUserRequest) async throws -> AdminListGroupsForUserResponse
    func adminAddUserToGroup(_ request: AdminAddUserToGroupRequest) async throws
    func adminRemoveUserFromGroup(_ request: AdminRemoveUserFromGroupRequest) async throws
    func adminUpdateAuthEventFeedback(_ request: AdminUpdateAuthEventFeedbackRequest) async throws -> AdminUpdateAuthEventFeedbackResponse
    func createGroup(_ request: CreateGroupRequest) async throws -> CreateGroupResponse
    func deleteGroup(_ request: DeleteGroupRequest) async throws
    func listGroups(_ request: ListGroupsRequest) async throws -> ListGroupsResponse
    func listUsersInGroup(_ request: ListUsersInGroupRequest) async throws -> ListUsersInGroupResponse

    // MARK: Signing in, as an app does

    func initiateAuth(_ request: InitiateAuthRequest, context: RequestOrigin) async throws -> InitiateAuthResponse
    func respondToAuthChallenge(_ request: RespondToAuthChallengeRequest, context: RequestOrigin) async throws -> RespondToAuthChallengeResponse
    func signUp(_ request: SignUpRequest, context: RequestOrigin) async throws -> SignUpResponse
    func confirmSignUp(_ request: ConfirmSignUpRequest, context: RequestOrigin) async throws -> ConfirmSignUpResponse
    func resendConfirmationCode(_ request: ResendConfirmationCodeRequest, context: RequestOrigin) async throws
        -> ResendConfirmationCodeResponse
    func forgotPassword(_ request: ForgotPasswordRequest, context: RequestOrigin) async throws -> ForgotPasswordResponse
    func confirmForgotPassword(_ request: ConfirmForgotPasswordRequest, context: RequestOrigin) async throws
        -> ConfirmForgotPasswordResponse
    func associateSoftwareToken(_ request: AssociateSoftwareTokenRequest) async throws -> AssociateSoftwareTokenResponse
    func verifySoftwareToken(_ request: VerifySoftwareTokenRequest) async throws -> VerifySoftwareTokenResponse
    func getUser(_ request: GetUserRequest) async throws -> GetUserResponse
    func globalSignOut(_ request: GlobalSignOutRequest) async throws -> GlobalSignOutResponse
    func revokeToken(_ request: RevokeTokenRequest) async throws -> RevokeTokenResponse

    // MARK: Tokens and identity pools

    func issuer(poolId: String) -> String
    func jwks(poolId: String) async throws -> JSONValue
    func identityPoolSummaries() async throws -> [IdentityPoolSummary]
    func getId(_ request: GetIdInput) async throws -> GetIdResponse
    func credentialsForIdentity(_ request: GetCredentialsForIdentityInput) async throws -> Engine.CredentialGrant
    func authorize(_ grant: SessionGrant, action: String, resource: String) async throws -> PolicyDecision
    func role(arn: String) async throws -> IAMRole?
    func putRole(name: String, description: String?, policies: [String: String]) async throws -> IAMRole

    // MARK: What Sigil adds

    func poolSummaries() async throws -> [PoolSummary]
    func browseUsers(_ browse: UserBrowse, after position: UserCursor?, backwards: Bool, limit: Int) async throws -> [UserSummary]
    func outboxMessages(poolId: String?, username: String?, limit: Int) async throws -> [OutboxMessage]
    func recentAuthEvents(poolId: String, username: String, limit: Int) async throws -> [AuthEventType]
    func authEventRecords(poolId: String, username: String?, address: String?, before: Int64?, limit: Int) async throws -> [AuthEventRecord]
    func authActivity(poolId: String, minutes: Int) async throws -> (passed: [Int], failed: [Int])
    func riskOverview(poolId: String, window: RiskOverview.Window, leaders: Int) async throws -> RiskOverview
    func setThreatProtectionMode(poolId: String, _ mode: AdvancedSecurityModeType) async throws
    func functionMappings() async throws -> [FunctionMapping]
    func recentInvocations() async throws -> [TriggerInvocation]
    func rerun(_ invocation: TriggerInvocation) async throws -> TriggerInvocation

    /// Managed login's pages, stepped through as a browser would (the console's third
    /// sign-in flow); `apiEndpoint` is where the browser goes.
    var apiEndpoint: String { get }
    func authorizeRequest(_ query: [String: String], host: String?) async throws -> AuthorizeRequest
    func loginWithPassword(_ request: AuthorizeRequest, username: String, password: String, context: RequestOrigin) async throws -> LoginStep
    func loginAnswer(_ request: AuthorizeRequest, challenge: ChallengeNameType, responses: [String: String], session: String, context: RequestOrigin)
        async throws -> LoginStep
    func loginVerifyAuthenticator(_ request: AuthorizeRequest, session: String, code: String, context: RequestOrigin) async throws -> LoginStep
    func authorizationCodeGrant(
        clientId: String, clientSecret: String?, code: String, redirectUri: String?, codeVerifier: String?, context: RequestOrigin
    ) async throws -> OAuthTokens

    /// Creates the demo pool (users, groups, an app client, an identity pool); its id.
    func seedDemo() async throws -> String

    /// Engine events as they happen (live screens); the id stops them.
    func observe(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> UUID
    func stopObserving(_ id: UUID)
    /// Notes for the status bar as they come (a remote API throttling requests).
    func watchNotices(_ handler: @escaping @Sendable (String) -> Void)
}

/// Where the console is attached.
public struct BackendLocation: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A store file opened in this process.
        case local
        /// A Sigil server (its admin API answers).
        case sigil
        /// Another Cognito-compatible API, or Amazon Cognito.
        case remote
    }

    public var kind: Kind
    /// The store's path or the endpoint's URL.
    public var address: String
    public var region: String

    public init(kind: Kind, address: String, region: String) {
        self.kind = kind
        self.address = address
        self.region = region
    }
}

/// The calls screens make, with the defaults they leave out.
extension ConsoleBackend {
    /// A backend in this process has nothing to report.
    public func watchNotices(_ handler: @escaping @Sendable (String) -> Void) {}

    func outboxMessages(poolId: String?, limit: Int) async throws -> [OutboxMessage] {
        try await outboxMessages(poolId: poolId, username: nil, limit: limit)
    }

    func outboxMessages(poolId: String?, username: String?) async throws -> [OutboxMessage] {
        try await outboxMessages(poolId: poolId, username: username, limit: 50)
    }

    func browseUsers(_ browse: UserBrowse, after position: UserCursor?, limit: Int) async throws -> [UserSummary] {
        try await browseUsers(browse, after: position, backwards: false, limit: limit)
    }

    func authActivity(poolId: String) async throws -> (passed: [Int], failed: [Int]) {
        try await authActivity(poolId: poolId, minutes: 60)
    }

    func riskOverview(poolId: String, window: RiskOverview.Window) async throws -> RiskOverview {
        try await riskOverview(poolId: poolId, window: window, leaders: 10)
    }

    func putRole(name: String, policies: [String: String]) async throws -> IAMRole {
        try await putRole(name: name, description: nil, policies: policies)
    }
}
