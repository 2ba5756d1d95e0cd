import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// The AWS JSON 1.1 operations the server answers: each turns a request body into a
/// typed request, calls the engine, and encodes the response with the API's field names.
struct OperationTable: Sendable {
    /// Reads the typed request from the body's JSON (already parsed and checked against the
    /// model), calls the engine, and writes the response.
    typealias Handler = @Sendable (Engine, JSONValue, RequestOrigin) throws -> Data

    private(set) var handlers: [String: Handler] = [:]

    /// An operation that returns a response shape.
    mutating func add<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ operation: OperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Response
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    /// An operation whose model has no output: the response is `{}`.
    mutating func add<Request: Decodable & Sendable>(
        _ operation: OperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Void
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    /// The same for the identity pools API.
    mutating func add<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ operation: IdentityOperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Response
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    mutating func add<Request: Decodable & Sendable>(
        _ operation: IdentityOperationName, _ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Void
    ) {
        handlers[operation.rawValue] = Self.handler(call)
    }

    private static func handler<Request: Decodable & Sendable, Response: Encodable & Sendable>(
        _ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Response
    ) -> Handler {
        { engine, body, context in
            let request = try Self.decode(Request.self, from: body)
            return try Self.encode(try call(engine, request, context))
        }
    }

    private static func handler<Request: Decodable & Sendable>(_ call: @escaping @Sendable (Engine, Request, RequestOrigin) throws -> Void) -> Handler
    {
        { engine, body, context in
            try call(engine, try Self.decode(Request.self, from: body), context)
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
        table.add(.createUserPool) { engine, request, _ in try engine.createUserPool(request) }
        table.add(.describeUserPool) { engine, request, _ in try engine.describeUserPool(request) }
        table.add(.listUserPools) { engine, request, _ in try engine.listUserPools(request) }
        table.add(.updateUserPool) { engine, request, _ in try engine.updateUserPool(request) }
        table.add(.deleteUserPool) { (engine: Engine, request: DeleteUserPoolRequest, _: RequestOrigin) in try engine.deleteUserPool(request) }
        table.add(.addCustomAttributes) { engine, request, _ in try engine.addCustomAttributes(request) }
        table.add(.setUserPoolMfaConfig) { engine, request, _ in try engine.setUserPoolMfaConfig(request) }
        table.add(.getUserPoolMfaConfig) { engine, request, _ in try engine.getUserPoolMfaConfig(request) }
        // App clients
        table.add(.createUserPoolClient) { engine, request, _ in try engine.createUserPoolClient(request) }
        table.add(.describeUserPoolClient) { engine, request, _ in try engine.describeUserPoolClient(request) }
        table.add(.listUserPoolClients) { engine, request, _ in try engine.listUserPoolClients(request) }
        table.add(.updateUserPoolClient) { engine, request, _ in try engine.updateUserPoolClient(request) }
        table.add(.deleteUserPoolClient) { (engine: Engine, request: DeleteUserPoolClientRequest, _: RequestOrigin) in
            try engine.deleteUserPoolClient(request)
        }
        // Users
        table.add(.adminCreateUser) { engine, request, _ in try engine.adminCreateUser(request) }
        table.add(.adminGetUser) { engine, request, _ in try engine.adminGetUser(request) }
        table.add(.adminUpdateUserAttributes) { engine, request, _ in try engine.adminUpdateUserAttributes(request) }
        table.add(.adminDeleteUserAttributes) { engine, request, _ in try engine.adminDeleteUserAttributes(request) }
        table.add(.adminDeleteUser) { (engine: Engine, request: AdminDeleteUserRequest, _: RequestOrigin) in try engine.adminDeleteUser(request) }
        table.add(.adminDisableUser) { engine, request, _ in try engine.adminDisableUser(request) }
        table.add(.adminEnableUser) { engine, request, _ in try engine.adminEnableUser(request) }
        table.add(.adminSetUserPassword) { engine, request, _ in try engine.adminSetUserPassword(request) }
        table.add(.adminResetUserPassword) { engine, request, _ in try engine.adminResetUserPassword(request) }
        table.add(.adminConfirmSignUp) { engine, request, _ in try engine.adminConfirmSignUp(request) }
        table.add(.adminUserGlobalSignOut) { engine, request, _ in try engine.adminUserGlobalSignOut(request) }
        table.add(.adminSetUserMFAPreference) { engine, request, _ in try engine.adminSetUserMFAPreference(request) }
        table.add(.adminListUserAuthEvents) { engine, request, _ in try engine.adminListUserAuthEvents(request) }
        // Threat protection
        table.add(.setRiskConfiguration) { engine, request, _ in try engine.setRiskConfiguration(request) }
        table.add(.describeRiskConfiguration) { engine, request, _ in try engine.describeRiskConfiguration(request) }
        table.add(.adminUpdateAuthEventFeedback) { engine, request, _ in try engine.adminUpdateAuthEventFeedback(request) }
        table.add(.updateAuthEventFeedback) { engine, request, _ in try engine.updateAuthEventFeedback(request) }
        // Remembered devices
        table.add(.confirmDevice) { engine, request, _ in try engine.confirmDevice(request) }
        table.add(.getDevice) { engine, request, _ in try engine.getDevice(request) }
        table.add(.adminGetDevice) { engine, request, _ in try engine.adminGetDevice(request) }
        table.add(.listDevices) { engine, request, _ in try engine.listDevices(request) }
        table.add(.adminListDevices) { engine, request, _ in try engine.adminListDevices(request) }
        table.add(.updateDeviceStatus) { engine, request, _ in try engine.updateDeviceStatus(request) }
        table.add(.adminUpdateDeviceStatus) { engine, request, _ in try engine.adminUpdateDeviceStatus(request) }
        table.add(.forgetDevice) { (engine: Engine, request: ForgetDeviceRequest, _: RequestOrigin) in try engine.forgetDevice(request) }
        table.add(.adminForgetDevice) { (engine: Engine, request: AdminForgetDeviceRequest, _: RequestOrigin) in try engine.adminForgetDevice(request)
        }
        table.add(.listUsers) { engine, request, _ in try engine.listUsers(request) }
        // Groups
        table.add(.createGroup) { engine, request, _ in try engine.createGroup(request) }
        table.add(.getGroup) { engine, request, _ in try engine.getGroup(request) }
        table.add(.updateGroup) { engine, request, _ in try engine.updateGroup(request) }
        table.add(.deleteGroup) { (engine: Engine, request: DeleteGroupRequest, _: RequestOrigin) in try engine.deleteGroup(request) }
        table.add(.listGroups) { engine, request, _ in try engine.listGroups(request) }
        table.add(.adminAddUserToGroup) { (engine: Engine, request: AdminAddUserToGroupRequest, _: RequestOrigin) in
            try engine.adminAddUserToGroup(request)
        }
        table.add(.adminRemoveUserFromGroup) { (engine: Engine, request: AdminRemoveUserFromGroupRequest, _: RequestOrigin) in
            try engine.adminRemoveUserFromGroup(request)
        }
        table.add(.adminListGroupsForUser) { engine, request, _ in try engine.adminListGroupsForUser(request) }
        table.add(.listUsersInGroup) { engine, request, _ in try engine.listUsersInGroup(request) }
        // User import
        table.add(.getCSVHeader) { engine, request, _ in try engine.getCSVHeader(request) }
        table.add(.createUserImportJob) { engine, request, _ in try engine.createUserImportJob(request) }
        table.add(.startUserImportJob) { (engine: Engine, request: StartUserImportJobRequest, _: RequestOrigin) in
            let response = try engine.startUserImportJob(request)
            // Cognito runs the job in the background; so does Sigil.
            Thread.detachNewThread {
                _ = try? engine.runUserImportJob(poolId: request.userPoolId, jobId: request.jobId)
            }
            return response
        }
        table.add(.stopUserImportJob) { engine, request, _ in try engine.stopUserImportJob(request) }
        table.add(.describeUserImportJob) { engine, request, _ in try engine.describeUserImportJob(request) }
        table.add(.listUserImportJobs) { engine, request, _ in try engine.listUserImportJobs(request) }
        // Sign-up and sign-in
        table.add(.signUp) { engine, request, context in try engine.signUp(request, context: context) }
        table.add(.confirmSignUp) { engine, request, context in try engine.confirmSignUp(request, context: context) }
        table.add(.resendConfirmationCode) { engine, request, context in try engine.resendConfirmationCode(request, context: context) }
        table.add(.initiateAuth) { engine, request, context in try engine.initiateAuth(request, context: context) }
        table.add(.adminInitiateAuth) { engine, request, context in try engine.adminInitiateAuth(request, context: context) }
        table.add(.respondToAuthChallenge) { engine, request, context in try engine.respondToAuthChallenge(request, context: context) }
        table.add(.adminRespondToAuthChallenge) { engine, request, context in
            try engine.adminRespondToAuthChallenge(request, context: context)
        }
        table.add(.forgotPassword) { engine, request, context in try engine.forgotPassword(request, context: context) }
        table.add(.confirmForgotPassword) { engine, request, context in try engine.confirmForgotPassword(request, context: context) }
        // Signed-in users
        table.add(.getUser) { engine, request, _ in try engine.getUser(request) }
        table.add(.updateUserAttributes) { engine, request, _ in try engine.updateUserAttributes(request) }
        table.add(.deleteUserAttributes) { engine, request, _ in try engine.deleteUserAttributes(request) }
        table.add(.getUserAttributeVerificationCode) { engine, request, _ in try engine.getUserAttributeVerificationCode(request) }
        table.add(.verifyUserAttribute) { engine, request, _ in try engine.verifyUserAttribute(request) }
        table.add(.changePassword) { engine, request, context in try engine.changePassword(request, context: context) }
        table.add(.deleteUser) { (engine: Engine, request: DeleteUserRequest, _: RequestOrigin) in try engine.deleteUser(request) }
        table.add(.globalSignOut) { engine, request, _ in try engine.globalSignOut(request) }
        table.add(.revokeToken) { engine, request, _ in try engine.revokeToken(request) }
        table.add(.associateSoftwareToken) { engine, request, _ in try engine.associateSoftwareToken(request) }
        table.add(.verifySoftwareToken) { engine, request, _ in try engine.verifySoftwareToken(request) }
        table.add(.setUserMFAPreference) { engine, request, _ in try engine.setUserMFAPreference(request) }
        return table
    }()
}
