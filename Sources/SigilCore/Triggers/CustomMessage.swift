import Foundation
import SigilJSON

/// The words of a code message from a CustomMessage handler: the placeholders
/// `{####}` (the code) and `{username}` stay in them until the message is sent.
struct CustomMessageText: Sendable {
    var sms: String?
    var email: String?
    var subject: String?
}

extension Engine {
    /// Lambda's limits on what CustomMessage may answer.
    static let customEmailLimit = 20_000
    static let customSMSLimit = 140

    /// Runs CustomMessage (`CustomMessage_<source>`: SignUp, ResendCode, ForgotPassword …)
    /// before a code is sent; nil when the pool has no such trigger or it changed nothing.
    func customMessage(
        _ source: String, username: String, attributes: JSONValue, pool: StoredPool, clientId: String?, metadata: [String: String]?,
        usernameParameter: String? = nil
    ) async throws -> CustomMessageText? {
        guard let arn = pool.pool.lambdaConfig?.customMessage else { return nil }
        let request: [String: JSONValue] = [
            "userAttributes": attributes, "codeParameter": "{####}", "linkParameter": "{##Click Here##}",
            "usernameParameter": usernameParameter.map(JSONValue.string) ?? .null,
        ]
        let response = try await runTrigger(
            "CustomMessage", arn: arn,
            event: triggerEvent(
                "CustomMessage_\(source)", pool: pool, username: username, clientId: clientId, request: request,
                response: ["smsMessage": .null, "emailMessage": .null, "emailSubject": .null], metadata: metadata))
        func text(_ name: String, limit: Int) throws -> String? {
            switch response[name] {
            case nil, .null?: return nil
            case .string(let value)? where value.count <= limit: return value
            default: throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
            }
        }
        let custom = CustomMessageText(
            sms: try text("smsMessage", limit: Self.customSMSLimit), email: try text("emailMessage", limit: Self.customEmailLimit),
            subject: try text("emailSubject", limit: 140))
        return custom.sms == nil && custom.email == nil && custom.subject == nil ? nil : custom
    }

    /// CustomMessage for AdminCreateUser's invitation: `{username}` and `{####}` (the
    /// temporary password) stay in the answer until the message is sent.
    func invitationMessage(_ request: AdminCreateUserRequest) async throws -> CustomMessageText? {
        let pool = try await read { reader in try await requirePool(request.userPoolId, in: reader) }
        guard pool.pool.lambdaConfig?.customMessage != nil else { return nil }
        return try await customMessage(
            "AdminCreateUser", username: request.username, attributes: Self.triggerPairs(request.userAttributes ?? []), pool: pool, clientId: nil,
            metadata: request.clientMetadata, usernameParameter: "{username}")
    }

    /// CustomMessage for a user already in the pool.
    func customMessage(_ source: String, user: UserRecord?, pool: StoredPool, clientId: String?, metadata: [String: String]?) async throws
        -> CustomMessageText?
    {
        guard let user, pool.pool.lambdaConfig?.customMessage != nil else { return nil }
        return try await customMessage(
            source, username: user.username, attributes: triggerAttributes(user), pool: pool, clientId: clientId, metadata: metadata)
    }
}

extension Engine {
    /// Sends the MFA code a sign-in step left for CustomMessage (`CustomMessage_Authentication`):
    /// the handler's words for its channel, or the pool's when it gave none.
    func sendPendingMessage(_ step: AuthStep, metadata: [String: String]?) async throws {
        guard var message = step.pendingMessage, let code = message.code else { return }
        let (pool, user) = try await read { reader -> (StoredPool, UserRecord) in
            let pool = try await requirePool(message.poolId, in: reader)
            return (pool, try await requireUser(message.username, in: pool, reader: reader))
        }
        if let custom = try await customMessage("Authentication", user: user, pool: pool, clientId: nil, metadata: metadata) {
            if let text = message.channel == .email ? custom.email : custom.sms {
                message.text = MessageTemplates.fill(text, username: message.username, code: code)
            }
            if message.channel == .email, let subject = custom.subject { message.subject = subject }
        }
        let finished = message
        try await write { writer in try await deliver(finished, writer: writer) }
    }

    /// CustomMessage for a code that verifies a changed email or phone
    /// (`UpdateUserAttribute`) or one the user asked for (`VerifyUserAttribute`); the
    /// handler sees the attributes as they will be.
    func attributeMessage(
        _ source: String, user: UserRecord, changes: [AttributeType], pool: StoredPool, clientId: String?, metadata: [String: String]?
    ) async throws -> CustomMessageText? {
        guard pool.pool.lambdaConfig?.customMessage != nil else { return nil }
        var target = user
        for change in changes { target.attributes[change.name] = (change.value ?? "").isEmpty ? nil : change.value }
        return try await customMessage(source, user: target, pool: pool, clientId: clientId, metadata: metadata)
    }
}
