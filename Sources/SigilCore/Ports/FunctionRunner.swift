import Foundation
import SigilJSON

/// Runs Lambda functions for triggers: a mapped handler file in a local worker, or a
/// remote function through the Invoke API. Implemented outside the engine (adapters).
public protocol FunctionRunner: Sendable {
    /// The function's answer to `event`, within `timeout`.
    func invoke(_ mapping: FunctionMapping, event: JSONValue, timeout: Duration) async throws(FunctionFailure) -> FunctionAnswer
}

/// What a function answered, and whether it had to start first (a cold start).
public struct FunctionAnswer: Sendable, Equatable {
    public var response: JSONValue
    public var coldStart: Bool

    public init(_ response: JSONValue, coldStart: Bool = false) {
        self.response = response
        self.coldStart = coldStart
    }
}

/// Why a function gave no answer.
public enum FunctionFailure: Error, Sendable, Equatable {
    /// The handler raised or returned an error: its type and message.
    case handled(type: String, message: String)
    /// It did not answer in time.
    case timedOut
    /// It could not be started or died: what was seen.
    case crashed(String)
    /// It answered with something that is not JSON.
    case badResponse(String)
}
