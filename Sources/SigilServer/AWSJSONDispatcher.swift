import Foundation
import SigilCore
import SigilCrypto

/// The AWS JSON 1.1 protocol for cognito-idp: `POST /` with `X-Amz-Target:
/// AWSCognitoIdentityProviderService.<Operation>`. Requests are checked against the
/// service model before the engine sees them; errors come back as AWS sends them.
struct AWSJSONDispatcher: Sendable {
    static let targetPrefix = "AWSCognitoIdentityProviderService."

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
    let table: OperationTable
    let validator: RequestValidator
    let signatures: SignatureVerifier?

    init(engine: Engine, signatures: SignatureVerifier?) {
        self.engine = engine
        self.table = .cognitoIdentityProvider
        self.validator = RequestValidator()
        self.signatures = signatures
    }

    func handle(target: String?, body: Data, request: SignedRequest, context: RequestOrigin) -> Reply {
        let operation = target.flatMap { $0.hasPrefix(Self.targetPrefix) ? String($0.dropFirst(Self.targetPrefix.count)) : nil }
        do {
            guard let operation, let model = validator.model.operations[operation] else {
                throw CognitoError(
                    .unknownOperationException,
                    target.map { "Unknown operation \($0)" } ?? "The X-Amz-Target header naming the operation is missing.")
            }
            guard let handler = table.handlers[operation] else {
                throw CognitoError(.unsupportedOperationException, "\(operation) is not implemented by this service yet.")
            }
            if model.signed, let signatures {
                try signatures.verify(request, now: engine.clock.now)
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
            try validator.validate(json, operation: operation)
            let output = try handler(engine, body.isEmpty ? Data("{}".utf8) : body, context)
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
