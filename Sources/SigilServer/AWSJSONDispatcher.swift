import Foundation
import SigilCore
import SigilCrypto
import SigilJSON

/// The AWS JSON 1.1 protocol for cognito-idp and cognito-identity: `POST /` with
/// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>` or
/// `AWSCognitoIdentityService.<Operation>`. Requests are checked against the service
/// model before the engine sees them; errors come back as AWS sends them.
struct AWSJSONDispatcher: Sendable {
    /// One API: its target prefix, its operations and its model.
    struct Service: Sendable {
        var prefix: String
        /// The service name signatures are scoped to.
        var signingName: String
        var table: OperationTable
        var validator: RequestValidator
    }

    /// What goes back to the client.
    struct Reply: Sendable {
        var status: Int
        var body: Data
        /// The exception name, for errors.
        var errorName: String?
        var message: String?
        var operation: String?
    }

    let engine: Engine
    let services: [Service]
    let signatures: SignatureVerifier?

    init(engine: Engine, signatures: SignatureVerifier?) {
        self.engine = engine
        self.services = [
            Service(
                prefix: "AWSCognitoIdentityProviderService.", signingName: "cognito-idp", table: .cognitoIdentityProvider,
                validator: RequestValidator()),
            Service(prefix: "AWSCognitoIdentityService.", signingName: "cognito-identity", table: .cognitoIdentity, validator: .identityPools),
        ]
        self.signatures = signatures
    }

    func handle(target: String?, body: Data, request: SignedRequest, context: RequestOrigin) async -> Reply {
        let service = target.flatMap { target in services.first { target.hasPrefix($0.prefix) } }
        let operation = service.flatMap { service in target.map { String($0.dropFirst(service.prefix.count)) } }
        do {
            guard let service, let operation, let model = service.validator.model.operations[operation] else {
                throw CognitoError(
                    .unknownOperationException,
                    target.map { "Unknown operation \($0)" } ?? "The X-Amz-Target header naming the operation is missing.")
            }
            guard let handler = service.table.handlers[operation] else {
                throw CognitoError(.unsupportedOperationException, "\(operation) is not implemented by this service yet.")
            }
            if model.signed, let signatures {
                try signatures.verify(request, now: engine.clock.now, service: service.signingName, region: engine.configuration.region)
            }
            let json: JSONValue
            do {
                json = body.isEmpty ? .object([:]) : try JSONValue(json: [UInt8](body))
            } catch {
                throw CognitoError(.serializationException, "The request body is not valid JSON: \(error)")
            }
            guard case .object = json else {
                throw CognitoError(.serializationException, "The request body must be a JSON object.")
            }
            // Parsed once, checked once: the engine does not check the decoded request again.
            try service.validator.validate(json, operation: operation)
            let output = try await BlockingWork.run {
                try await RequestValidator.$checkedAtEdge.withValue(true) { try await handler(engine, json, context) }
            }
            return Reply(status: 200, body: output, operation: operation)
        } catch let error as CognitoError {
            return Self.reply(for: error, operation: operation)
        } catch {
            return Self.reply(for: CognitoError.internalError("The request failed: \(error)"), operation: operation)
        }
    }

    static func reply(for error: CognitoError, operation: String?) -> Reply {
        let body: JSONValue = ["__type": .string(error.name.rawValue), "message": .string(error.message)]
        return Reply(
            status: error.httpStatus, body: Data((try? body.jsonBytes()) ?? []), errorName: error.name.rawValue, message: error.message,
            operation: operation)
    }
}
