import Foundation
import SigilConsole
import SigilCore
import SigilJSON
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The console's backend for a remote Cognito API: every Cognito operation goes over
/// HTTP (`CognitoAPIClient`); what only Sigil keeps (the outbox, trigger runs, risk
/// details, IAM roles, managed login's steps) is refused with a plain `unavailable`.
public struct RemoteBackend: ConsoleBackend {
    public let client: CognitoAPIClient
    public let location: BackendLocation
    /// Where pools' tokens say they come from: `<issuerBase>/<poolId>`, until a pool's
    /// discovery document says otherwise.
    let issuerBase: String
    /// Where the keys are served, when not at the issuer (a server behind another name).
    let keysBase: String?
    let issuers = Issuers()
    /// A Sigil server's admin API, when the endpoint is one.
    public let admin: SigilAdminClient?
    let streams = Streams()
    let notices = Notices()

    public init(
        client: CognitoAPIClient, location: BackendLocation, issuerBase: String, keysBase: String? = nil, admin: SigilAdminClient? = nil
    ) {
        self.admin = admin
        var client = client
        let notices = self.notices
        client.onThrottle = { text in notices.emit(text) }
        self.client = client
        self.location = location
        self.issuerBase = issuerBase
        self.keysBase = keysBase
    }

    /// The event streams open for live screens, by observation.
    final class Streams: Sendable {
        private let open = Mutex<[UUID: AdminEventStream]>([:])
        func add(_ id: UUID, _ stream: AdminEventStream) { open.withLock { $0[id] = stream } }
        func remove(_ id: UUID) -> AdminEventStream? { open.withLock { $0.removeValue(forKey: id) } }
    }

    /// Who hears of throttled requests (the status bar).
    final class Notices: Sendable {
        private let handlers = Mutex<[@Sendable (String) -> Void]>([])
        func add(_ handler: @escaping @Sendable (String) -> Void) { handlers.withLock { $0.append(handler) } }
        func emit(_ text: String) { for handler in handlers.withLock({ $0 }) { handler(text) } }
    }

    public func watchNotices(_ handler: @escaping @Sendable (String) -> Void) { notices.add(handler) }

    /// Issuers as pools' discovery documents name them.
    final class Issuers: Sendable {
        private let known = Mutex<[String: String]>([:])
        subscript(poolId: String) -> String? {
            get { known.withLock { $0[poolId] } }
            set { known.withLock { $0[poolId] = newValue } }
        }
    }

    public var now: Date { Date() }
    public var apiEndpoint: String { client.endpoints[.identityProvider]?.absoluteString ?? location.address }

    /// What an endpoint cannot do: not a Sigil server, or not yet over its admin API.
    func unavailable(_ what: String) -> CognitoError {
        CognitoError(
            .unsupportedOperationException,
            admin == nil
                ? "\(location.address) does not offer \(what): only Sigil keeps it, and this endpoint is not a Sigil server."
                : "\(what.prefix(1).uppercased() + what.dropFirst()) is not offered over a Sigil server's admin API yet; open the store locally.")
    }

    func call<Request: Encodable, Response: Decodable>(_ operation: String, _ request: Request) async throws -> Response {
        try await client.call(operation, request)
    }

    func send<Request: Encodable>(_ operation: String, _ request: Request) async throws {
        let _: JSONValue = try await client.call(operation, request)
    }

    // MARK: Pools

    public func createUserPool(_ request: CreateUserPoolRequest) async throws -> CreateUserPoolResponse { try await call("CreateUserPool", request) }
    public func describeUserPool(_ request: DescribeUserPoolRequest) async throws -> DescribeUserPoolResponse {
        try await call("DescribeUserPool", request)
    }
    public func deleteUserPoolAndDomains(_ poolId: String) async throws {
        let pool = try await describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool
        for domain in [pool?.domain, pool?.customDomain].compactMap({ $0 }) {
            try await send("DeleteUserPoolDomain", DeleteUserPoolDomainRequest(domain: domain, userPoolId: poolId))
        }
        try await send("DeleteUserPool", DeleteUserPoolRequest(userPoolId: poolId))
    }
    public func getUserPoolMfaConfig(_ request: GetUserPoolMfaConfigRequest) async throws -> GetUserPoolMfaConfigResponse {
        try await call("GetUserPoolMfaConfig", request)
    }
    public func setUserPoolMfaConfig(_ request: SetUserPoolMfaConfigRequest) async throws -> SetUserPoolMfaConfigResponse {
        try await call("SetUserPoolMfaConfig", request)
    }
    public func describeUserPoolDomain(_ request: DescribeUserPoolDomainRequest) async throws -> DescribeUserPoolDomainResponse {
        try await call("DescribeUserPoolDomain", request)
    }
    public func createUserPoolClient(_ request: CreateUserPoolClientRequest) async throws -> CreateUserPoolClientResponse {
        try await call("CreateUserPoolClient", request)
    }
    public func describeUserPoolClient(_ request: DescribeUserPoolClientRequest) async throws -> DescribeUserPoolClientResponse {
        try await call("DescribeUserPoolClient", request)
    }
    public func updateUserPoolClient(_ request: UpdateUserPoolClientRequest) async throws -> UpdateUserPoolClientResponse {
        try await call("UpdateUserPoolClient", request)
    }
    public func listUserPoolClients(_ request: ListUserPoolClientsRequest) async throws -> ListUserPoolClientsResponse {
        try await call("ListUserPoolClients", request)
    }
    public func listResourceServers(_ request: ListResourceServersRequest) async throws -> ListResourceServersResponse {
        try await call("ListResourceServers", request)
    }

    // MARK: Users and groups

    public func adminCreateUser(_ request: AdminCreateUserRequest) async throws -> AdminCreateUserResponse {
        try await call("AdminCreateUser", request)
    }
    public func adminGetUser(_ request: AdminGetUserRequest) async throws -> AdminGetUserResponse { try await call("AdminGetUser", request) }
    public func adminDeleteUser(_ request: AdminDeleteUserRequest) async throws { try await send("AdminDeleteUser", request) }
    public func adminUpdateUserAttributes(_ request: AdminUpdateUserAttributesRequest) async throws -> AdminUpdateUserAttributesResponse {
        try await call("AdminUpdateUserAttributes", request)
    }
    public func adminDeleteUserAttributes(_ request: AdminDeleteUserAttributesRequest) async throws -> AdminDeleteUserAttributesResponse {
        try await call("AdminDeleteUserAttributes", request)
    }
    public func adminEnableUser(_ request: AdminEnableUserRequest) async throws -> AdminEnableUserResponse {
        try await call("AdminEnableUser", request)
    }
    public func adminDisableUser(_ request: AdminDisableUserRequest) async throws -> AdminDisableUserResponse {
        try await call("AdminDisableUser", request)
    }
    public func adminConfirmSignUp(_ request: AdminConfirmSignUpRequest) async throws -> AdminConfirmSignUpResponse {
        try await call("AdminConfirmSignUp", request)
    }
    public func adminSetUserPassword(_ request: AdminSetUserPasswordRequest) async throws -> AdminSetUserPasswordResponse {
        try await call("AdminSetUserPassword", request)
    }
    public func adminResetUserPassword(_ request: AdminResetUserPasswordRequest) async throws -> AdminResetUserPasswordResponse {
        try await call("AdminResetUserPassword", request)
    }
    public func adminUserGlobalSignOut(_ request: AdminUserGlobalSignOutRequest) async throws -> AdminUserGlobalSignOutResponse {
        try await call("AdminUserGlobalSignOut", request)
    }
    public func adminListGroupsForUser(_ request: AdminListGroupsForUserRequest) async throws -> AdminListGroupsForUserResponse {
        try await call("AdminListGroupsForUser", request)
    }
    public func adminAddUserToGroup(_ request: AdminAddUserToGroupRequest) async throws { try await send("AdminAddUserToGroup", request) }
    public func adminRemoveUserFromGroup(_ request: AdminRemoveUserFromGroupRequest) async throws {
        try await send("AdminRemoveUserFromGroup", request)
    }
    public func adminUpdateAuthEventFeedback(_ request: AdminUpdateAuthEventFeedbackRequest) async throws -> AdminUpdateAuthEventFeedbackResponse {
        try await call("AdminUpdateAuthEventFeedback", request)
    }
    public func createGroup(_ request: CreateGroupRequest) async throws -> CreateGroupResponse { try await call("CreateGroup", request) }
    public func deleteGroup(_ request: DeleteGroupRequest) async throws { try await send("DeleteGroup", request) }
    public func listGroups(_ request: ListGroupsRequest) async throws -> ListGroupsResponse { try await call("ListGroups", request) }
    public func listUsersInGroup(_ request: ListUsersInGroupRequest) async throws -> ListUsersInGroupResponse {
        try await call("ListUsersInGroup", request)
    }

    // MARK: Signing in

    public func initiateAuth(_ request: InitiateAuthRequest, context: RequestOrigin) async throws -> InitiateAuthResponse {
        try await call("InitiateAuth", request)
    }
    public func respondToAuthChallenge(_ request: RespondToAuthChallengeRequest, context: RequestOrigin) async throws
        -> RespondToAuthChallengeResponse
    { try await call("RespondToAuthChallenge", request) }
    public func signUp(_ request: SignUpRequest, context: RequestOrigin) async throws -> SignUpResponse { try await call("SignUp", request) }
    public func confirmSignUp(_ request: ConfirmSignUpRequest, context: RequestOrigin) async throws -> ConfirmSignUpResponse {
        try await call("ConfirmSignUp", request)
    }
    public func resendConfirmationCode(_ request: ResendConfirmationCodeRequest, context: RequestOrigin) async throws
        -> ResendConfirmationCodeResponse
    { try await call("ResendConfirmationCode", request) }
    public func forgotPassword(_ request: ForgotPasswordRequest, context: RequestOrigin) async throws -> ForgotPasswordResponse {
        try await call("ForgotPassword", request)
    }
    public func confirmForgotPassword(_ request: ConfirmForgotPasswordRequest, context: RequestOrigin) async throws
        -> ConfirmForgotPasswordResponse
    { try await call("ConfirmForgotPassword", request) }
    public func associateSoftwareToken(_ request: AssociateSoftwareTokenRequest) async throws -> AssociateSoftwareTokenResponse {
        try await call("AssociateSoftwareToken", request)
    }
    public func verifySoftwareToken(_ request: VerifySoftwareTokenRequest) async throws -> VerifySoftwareTokenResponse {
        try await call("VerifySoftwareToken", request)
    }
    public func getUser(_ request: GetUserRequest) async throws -> GetUserResponse { try await call("GetUser", request) }
    public func globalSignOut(_ request: GlobalSignOutRequest) async throws -> GlobalSignOutResponse { try await call("GlobalSignOut", request) }
    public func revokeToken(_ request: RevokeTokenRequest) async throws -> RevokeTokenResponse { try await call("RevokeToken", request) }
}
