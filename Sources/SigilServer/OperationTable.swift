import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// The AWS JSON 1.1 operations the server answers: each turns a request body into a
/// typed request, calls the engine, and encodes the response with the API's field names.
struct OperationTable: Sendable {
    /// Reads the typed request from the body's JSON (already parsed and checked against the
    /// model), calls the engine, and writes the response.
    typealias Handler = @Sendable (Engine, JSONValue, RequestOrigin) async throws -> Data

    private(set) var handlers: [String: Handler] = [:]

    /// An operation that returns a response shape.
    mutating func add<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ operation: OperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Response
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    /// An operation whose model has no output: the response is `{}`.
    mutating func add<Request: Decodable & Sendable>(
        _ operation: OperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Void
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    /// The same for the identity pools API.
    mutating func add<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ operation: IdentityOperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Response
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    mutating func add<Request: Decodable & Sendable>(
        _ operation: IdentityOperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Void
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    private static func handler<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Response
    ) -> Handler {
        { engine, body, context in
            let request = try Self.decode(Request.self, from: body)
            return try Self.encode(try await call(engine, request, context))
        }
    }

    private static func handler<Request: Decodable & Sendable>(_ call: @escaping @Sendable (Engine, Request, RequestOrigin) async throws -> Void)
        -> Handler
    {
        { engine, body, context in
            try await call(engine, try Self.decode(Request.self, from: body), context)
            return Data("{}".utf8)
        }
    }

    /// The response as JSON: written directly for the busiest shapes, else by JSONEncoder.
    static func encode<Response: Encodable>(_ response: Response) throws -> Data {
        if let direct = response as? any DirectJSON {
            var writer = JSONWriter(capacity: 1_024)
            do {
                try direct.write(to: &writer)
                return Data(writer.bytes)
            } catch is DirectJSONUnsupported {}
        }
        return try JSONCoding.encoder.encode(response)
    }

    static func decode<Request: Decodable>(_ type: Request.Type, from body: JSONValue) throws -> Request {
        do {
            return try JSONValueDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw CognitoError(.serializationException, Self.describe(error))
        }
    }

    /// A decoding failure in words, naming the member (the model check catches most
    /// mistakes before this point).
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "Could not read '\(path(context.codingPath))': \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "Missing member '\(path(context.codingPath + [key]))'"
        @unknown default:
            return "The request could not be read"
        }
    }
}

extension OperationTable {
    /// Every operation of the engine.
    static let cognitoIdentityProvider: OperationTable = {
        var table = OperationTable()
        // User pools
        table.add(.createUserPool) { engine, request, _ in try await engine.createUserPool(request) }
        table.add(.describeUserPool) { engine, request, _ in try await engine.describeUserPool(request) }
        table.add(.listUserPools) { engine, request, _ in try await engine.listUserPools(request) }
        table.add(.updateUserPool) { engine, request, _ in try await engine.updateUserPool(request) }
        table.add(.deleteUserPool) { (engine: Engine, request: DeleteUserPoolRequest, _: RequestOrigin) in try await engine.deleteUserPool(request) }
        table.add(.addCustomAttributes) { engine, request, _ in try await engine.addCustomAttributes(request) }
        table.add(.setUserPoolMfaConfig) { engine, request, _ in try await engine.setUserPoolMfaConfig(request) }
        table.add(.getUserPoolMfaConfig) { engine, request, _ in try await engine.getUserPoolMfaConfig(request) }
        // App clients
        table.add(.createUserPoolClient) { engine, request, _ in try await engine.createUserPoolClient(request) }
        table.add(.describeUserPoolClient) { engine, request, _ in try await engine.describeUserPoolClient(request) }
        table.add(.listUserPoolClients) { engine, request, _ in try await engine.listUserPoolClients(request) }
        table.add(.updateUserPoolClient) { engine, request, _ in try await engine.updateUserPoolClient(request) }
        table.add(.deleteUserPoolClient) { (engine: Engine, request: DeleteUserPoolClientRequest, _: RequestOrigin) in
            try await engine.deleteUserPoolClient(request)
        }
        // Users
        table.add(.adminCreateUser) { engine, request, _ in try await engine.adminCreateUser(request) }
        table.add(.adminGetUser) { engine, request, _ in try await engine.adminGetUser(request) }
        table.add(.adminUpdateUserAttributes) { engine, request, _ in try await engine.adminUpdateUserAttributes(request) }
        table.add(.adminDeleteUserAttributes) { engine, request, _ in try await engine.adminDeleteUserAttributes(request) }
        table.add(.adminDeleteUser) { (engine: Engine, request: AdminDeleteUserRequest, _: RequestOrigin) in try await engine.adminDeleteUser(request)
        }
        table.add(.adminDisableUser) { engine, request, _ in try await engine.adminDisableUser(request) }
        table.add(.adminEnableUser) { engine, request, _ in try await engine.adminEnableUser(request) }
        table.add(.adminSetUserPassword) { engine, request, _ in try await engine.adminSetUserPassword(request) }
        table.add(.adminResetUserPassword) { engine, request, _ in try await engine.adminResetUserPassword(request) }
        table.add(.adminConfirmSignUp) { engine, request, _ in try await engine.adminConfirmSignUp(request) }
        table.add(.adminUserGlobalSignOut) { engine, request, _ in try await engine.adminUserGlobalSignOut(request) }
        table.add(.adminSetUserMFAPreference) { engine, request, _ in try await engine.adminSetUserMFAPreference(request) }
        table.add(.adminListUserAuthEvents) { engine, request, _ in try await engine.adminListUserAuthEvents(request) }
        // Threat protection
        table.add(.setRiskConfiguration) { engine, request, _ in try await engine.setRiskConfiguration(request) }
        table.add(.describeRiskConfiguration) { engine, request, _ in try await engine.describeRiskConfiguration(request) }
        table.add(.adminUpdateAuthEventFeedback) { engine, request, _ in try await engine.adminUpdateAuthEventFeedback(request) }
        table.add(.updateAuthEventFeedback) { engine, request, _ in try await engine.updateAuthEventFeedback(request) }
        // Remembered devices
        table.add(.confirmDevice) { engine, request, _ in try await engine.confirmDevice(request) }
        table.add(.getDevice) { engine, request, _ in try await engine.getDevice(request) }
        table.add(.adminGetDevice) { engine, request, _ in try await engine.adminGetDevice(request) }
        table.add(.listDevices) { engine, request, _ in try await engine.listDevices(request) }
        table.add(.adminListDevices) { engine, request, _ in try await engine.adminListDevices(request) }
        table.add(.updateDeviceStatus) { engine, request, _ in try await engine.updateDeviceStatus(request) }
        table.add(.adminUpdateDeviceStatus) { engine, request, _ in try await engine.adminUpdateDeviceStatus(request) }
        table.add(.forgetDevice) { (engine: Engine, request: ForgetDeviceRequest, _: RequestOrigin) in try await engine.forgetDevice(request) }
        table.add(.adminForgetDevice) { (engine: Engine, request: AdminForgetDeviceRequest, _: RequestOrigin) in
            try await engine.adminForgetDevice(request)
        }
        table.add(.listUsers) { engine, request, _ in try await engine.listUsers(request) }
        // Domains and resource servers
        table.add(.createUserPoolDomain) { engine, request, _ in try await engine.createUserPoolDomain(request) }
        table.add(.describeUserPoolDomain) { engine, request, _ in try await engine.describeUserPoolDomain(request) }
        table.add(.updateUserPoolDomain) { engine, request, _ in try await engine.updateUserPoolDomain(request) }
        table.add(.deleteUserPoolDomain) { (engine: Engine, request: DeleteUserPoolDomainRequest, _: RequestOrigin) in
            try await engine.deleteUserPoolDomain(request)
        }
        table.add(.createResourceServer) { engine, request, _ in try await engine.createResourceServer(request) }
        table.add(.describeResourceServer) { engine, request, _ in try await engine.describeResourceServer(request) }
        table.add(.updateResourceServer) { engine, request, _ in try await engine.updateResourceServer(request) }
        table.add(.deleteResourceServer) { (engine: Engine, request: DeleteResourceServerRequest, _: RequestOrigin) in
            try await engine.deleteResourceServer(request)
        }
        table.add(.listResourceServers) { engine, request, _ in try await engine.listResourceServers(request) }
        table.add(.setUICustomization) { engine, request, _ in try await engine.setUICustomization(request) }
        table.add(.getUICustomization) { engine, request, _ in try await engine.getUICustomization(request) }
        table.add(.createTerms) { engine, request, _ in try await engine.createTerms(request) }
        table.add(.describeTerms) { engine, request, _ in try await engine.describeTerms(request) }
        table.add(.describeTermsByClient) { engine, request, _ in try await engine.describeTermsByClient(request) }
        table.add(.updateTerms) { engine, request, _ in try await engine.updateTerms(request) }
        table.add(.deleteTerms) { (engine: Engine, request: DeleteTermsRequest, _: RequestOrigin) in try await engine.deleteTerms(request) }
        table.add(.listTerms) { engine, request, _ in try await engine.listTerms(request) }
        table.add(.createManagedLoginBranding) { engine, request, _ in try await engine.createManagedLoginBranding(request) }
        table.add(.describeManagedLoginBranding) { engine, request, _ in try await engine.describeManagedLoginBranding(request) }
        table.add(.describeManagedLoginBrandingByClient) { engine, request, _ in
            try await engine.describeManagedLoginBrandingByClient(request)
        }
        table.add(.updateManagedLoginBranding) { engine, request, _ in try await engine.updateManagedLoginBranding(request) }
        table.add(.deleteManagedLoginBranding) { (engine: Engine, request: DeleteManagedLoginBrandingRequest, _: RequestOrigin) in
            try await engine.deleteManagedLoginBranding(request)
        }

        // Groups
        table.add(.createGroup) { engine, request, _ in try await engine.createGroup(request) }
        table.add(.getGroup) { engine, request, _ in try await engine.getGroup(request) }
        table.add(.updateGroup) { engine, request, _ in try await engine.updateGroup(request) }
        table.add(.deleteGroup) { (engine: Engine, request: DeleteGroupRequest, _: RequestOrigin) in try await engine.deleteGroup(request) }
        table.add(.listGroups) { engine, request, _ in try await engine.listGroups(request) }
        table.add(.adminAddUserToGroup) { (engine: Engine, request: AdminAddUserToGroupRequest, _: RequestOrigin) in
            try await engine.adminAddUserToGroup(request)
        }
        table.add(.adminRemoveUserFromGroup) { (engine: Engine, request: AdminRemoveUserFromGroupRequest, _: RequestOrigin) in
            try await engine.adminRemoveUserFromGroup(request)
        }
        table.add(.adminListGroupsForUser) { engine, request, _ in try await engine.adminListGroupsForUser(request) }
        table.add(.listUsersInGroup) { engine, request, _ in try await engine.listUsersInGroup(request) }
        // User import
        table.add(.getCSVHeader) { engine, request, _ in try await engine.getCSVHeader(request) }
        table.add(.createUserImportJob) { engine, request, _ in try await engine.createUserImportJob(request) }
        table.add(.startUserImportJob) { (engine: Engine, request: StartUserImportJobRequest, _: RequestOrigin) in
            let response = try await engine.startUserImportJob(request)
            // Cognito runs the job in the background; so does Sigil.
            Task.detached {
                _ = try? await engine.runUserImportJob(poolId: request.userPoolId, jobId: request.jobId)
            }
            return response
        }
        table.add(.stopUserImportJob) { engine, request, _ in try await engine.stopUserImportJob(request) }
        table.add(.describeUserImportJob) { engine, request, _ in try await engine.describeUserImportJob(request) }
        table.add(.listUserImportJobs) { engine, request, _ in try await engine.listUserImportJobs(request) }
        // Sign-up and sign-in
        table.add(.signUp) { engine, request, context in try await engine.signUp(request, context: context) }
        table.add(.confirmSignUp) { engine, request, context in try await engine.confirmSignUp(request, context: context) }
        table.add(.resendConfirmationCode) { engine, request, context in try await engine.resendConfirmationCode(request, context: context) }
        table.add(.initiateAuth) { engine, request, context in try await engine.initiateAuth(request, context: context) }
        table.add(.adminInitiateAuth) { engine, request, context in try await engine.adminInitiateAuth(request, context: context) }
        table.add(.respondToAuthChallenge) { engine, request, context in try await engine.respondToAuthChallenge(request, context: context) }
        table.add(.adminRespondToAuthChallenge) { engine, request, context in
            try await engine.adminRespondToAuthChallenge(request, context: context)
        }
        table.add(.forgotPassword) { engine, request, context in try await engine.forgotPassword(request, context: context) }
        table.add(.confirmForgotPassword) { engine, request, context in try await engine.confirmForgotPassword(request, context: context) }
        // Signed-in users
        table.add(.getUser) { engine, request, _ in try await engine.getUser(request) }
        table.add(.updateUserAttributes) { engine, request, _ in try await engine.updateUserAttributes(request) }
        table.add(.deleteUserAttributes) { engine, request, _ in try await engine.deleteUserAttributes(request) }
        table.add(.getUserAttributeVerificationCode) { engine, request, _ in try await engine.getUserAttributeVerificationCode(request) }
        table.add(.verifyUserAttribute) { engine, request, _ in try await engine.verifyUserAttribute(request) }
        table.add(.changePassword) { engine, request, context in try await engine.changePassword(request, context: context) }
        table.add(.deleteUser) { (engine: Engine, request: DeleteUserRequest, _: RequestOrigin) in try await engine.deleteUser(request) }
        table.add(.globalSignOut) { engine, request, _ in try await engine.globalSignOut(request) }
        table.add(.revokeToken) { engine, request, _ in try await engine.revokeToken(request) }
        table.add(.associateSoftwareToken) { engine, request, _ in try await engine.associateSoftwareToken(request) }
        table.add(.verifySoftwareToken) { engine, request, _ in try await engine.verifySoftwareToken(request) }
        table.add(.setUserMFAPreference) { engine, request, _ in try await engine.setUserMFAPreference(request) }
        return table
    }()
}
