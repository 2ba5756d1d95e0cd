import Foundation
import SigilJSON

/// Running a pool's Lambda triggers: the event Cognito sends, the mapped function that
/// answers it, and Cognito's exceptions when it refuses, fails or cannot be reached.
extension Engine {
    /// How long Cognito waits for a trigger.
    static let triggerTimeout = 5

    /// The event of a trigger: Cognito's common fields around `request` (with the
    /// caller's `clientMetadata`, when it sent any) and `response`.
    func triggerEvent(
        _ source: String, pool: StoredPool, username: String, clientId: String?, request: [String: JSONValue],
        response: [String: JSONValue] = [:], version: String = "1", metadata: [String: String]? = nil
    ) -> JSONValue {
        var request = request
        if let metadata { request["clientMetadata"] = .object(metadata.mapValues(JSONValue.string)) }
        return [
            "version": .string(version), "region": .string(configuration.region), "userPoolId": .string(pool.id),
            "userName": .string(username),
            "callerContext": ["awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": clientId.map(JSONValue.string) ?? .null],
            "triggerSource": .string(source), "request": .object(request), "response": .object(response),
        ]
    }

    /// Runs the function `arn` for the trigger `name` (PreSignUp …) and returns its answer's
    /// `response`, with Cognito's exceptions: a handler's error is
    /// UserLambdaValidationException ("PreSignUp failed with error …."), an answer that is
    /// not an event InvalidLambdaResponseException, and a timeout, a crash or a function
    /// that cannot be invoked UnexpectedLambdaException ("PreSignUp invocation failed due
    /// to error …"); for an unmapped function, Sigil adds how to map it. Every run is
    /// kept in the invocation log and published for live screens.
    func runTrigger(_ name: String, arn: String, event: JSONValue) async throws -> [String: JSONValue] {
        try await invokeRecorded(name, arn: arn, event: event).result.get()
    }

    /// Runs a logged invocation's event again (the console's re-run): the function is
    /// called as the trigger called it, and nothing else happens.
    public func rerun(_ invocation: TriggerInvocation) async -> TriggerInvocation {
        await invokeRecorded(invocation.trigger, arn: invocation.arn, event: invocation.event).record
    }

    private func invokeRecorded(_ name: String, arn: String, event: JSONValue) async
        -> (record: TriggerInvocation, result: Result<[String: JSONValue], CognitoError>)
    {
        let started = ContinuousClock.now
        var record = TriggerInvocation(
            id: UUID(), at: clock.now, trigger: name, source: event["triggerSource"]?.stringValue ?? name, arn: arn,
            poolId: event["userPoolId"]?.stringValue ?? "", username: event["userName"]?.stringValue, milliseconds: 0, coldStart: nil,
            outcome: .succeeded, event: event, response: nil)
        let result: Result<[String: JSONValue], CognitoError>
        do {
            let answer = try await callFunction(name, arn: arn, event: event)
            record.coldStart = answer.coldStart
            record.response = answer.response
            result = .success(try Self.triggerResponse(answer.response))
        } catch let error as CognitoError {
            result = .failure(error)
        } catch {
            result = .failure(CognitoError.internalError("\(name) could not be run: \(error)"))
        }
        if case .failure(let error) = result { record.outcome = .failed(exception: error.name.rawValue, message: error.message) }
        let elapsed = started.duration(to: .now).components
        record.milliseconds = Double(elapsed.seconds) * 1_000 + Double(elapsed.attoseconds) / 1e15
        invocations.append(record)
        events.publish(.invocation(record))
        return (record, result)
    }

    /// The mapped function's answer, or Cognito's exception for why there is none.
    private func callFunction(_ name: String, arn: String, event: JSONValue) async throws -> FunctionAnswer {
        let mapping = try await read { reader in try await reader.functionMapping(arn: arn) }
        guard let mapping, let runner = configuration.functions else {
            throw CognitoError(
                .unexpectedLambdaException,
                "\(name) invocation failed due to error AccessDeniedException. No handler is mapped to \(arn) here: "
                    + "map one with sigil function map \(arn) --handler FILE (or --invoke-endpoint URL).")
        }
        do {
            return try await runner.invoke(mapping, event: event, timeout: .seconds(min(mapping.timeout, Self.triggerTimeout)))
        } catch {
            switch error {
            case .handled(_, let message):
                throw CognitoError(.userLambdaValidationException, "\(name) failed with error \(message).")
            case .timedOut:
                throw CognitoError(
                    .unexpectedLambdaException, "\(name) invocation failed due to error Socket timeout while invoking Lambda function.")
            case .crashed(let detail):
                throw CognitoError(
                    .unexpectedLambdaException, "\(name) invocation failed due to error: the function \(mapping.functionName) \(detail).")
            case .badResponse:
                throw CognitoError(.invalidLambdaResponseException, "Invalid lambda function output : Invalid JSON")
            }
        }
    }

    /// The `response` of a function's answer, which must be an event.
    static func triggerResponse(_ answer: JSONValue) throws -> [String: JSONValue] {
        if answer == .null { throw CognitoError(.invalidLambdaResponseException, "Invalid lambda function output : Invalid JSON") }
        guard let response = answer["response"]?.objectValue ?? (answer["response"] == nil || answer["response"] == .null ? [:] : nil) else {
            throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        }
        return response
    }

    /// A boolean a trigger's response may set; anything but a boolean or null is refused.
    static func triggerFlag(_ response: [String: JSONValue], _ name: String) throws -> Bool {
        switch response[name] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        default: throw CognitoError(.invalidLambdaResponseException, "Unrecognizable lambda output")
        }
    }

    /// Name-value pairs (validationData) as a trigger's request holds them; null when none.
    static func triggerPairs(_ pairs: [AttributeType]?) -> JSONValue {
        pairs.map { .object(Dictionary($0.map { ($0.name, JSONValue.string($0.value ?? "")) }, uniquingKeysWith: { $1 })) } ?? .null
    }
}
